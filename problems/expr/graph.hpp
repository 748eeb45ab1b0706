#pragma once
// The computation graph of a formula (seed 000_7fb68bb28a6a5040.txt, Definition 3.4: a
// feedforward computational graph has a node for each variable or constant and an edge from each
// node to the nodes that depend on it). Nodes are stored in topological order (every operand
// before its users), leaves (constants, then variables) first, so that evaluation is one forward
// pass over flat arrays and differentiation one reverse pass. Identical subexpressions are merged
// while building (hash-consing), which makes the graph a DAG rather than a tree.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace optim::expr {

enum class Op : std::uint8_t {
  Const,  // c = value
  Var,    // c = variable index
  Add,
  Sub,
  Mul,
  Div,
  Neg,
  Pow,       // a ^ b, both operands computed
  PowConst,  // a ^ c with a constant exponent c (x^2 needs no log(x) for its derivative)
  Exp,
  Log,
  Sqrt,
  Sin,
  Cos,
  Tan,
  Asin,
  Acos,
  Atan,
  Atan2,  // atan2(a, b) = angle of the point (b, a)
  Sinh,
  Cosh,
  Tanh,
  Abs,
  Min,
  Max,
};

std::string_view op_name(Op op);
int op_arity(Op op);  // 0 for leaves, 1 or 2

struct Node {
  Op op = Op::Const;
  std::int32_t a = -1;  // first operand (node index), -1 for leaves
  std::int32_t b = -1;  // second operand, -1 for leaves and unary operations
  double c = 0;         // constant value, variable index or constant exponent
};

// An immutable, pruned graph with one output node.
class Graph {
 public:
  const std::vector<Node>& nodes() const { return nodes_; }
  std::size_t size() const { return nodes_.size(); }
  std::int32_t output() const { return output_; }
  // Index of the first operation node; nodes before it are leaves.
  std::int32_t first_op() const { return first_op_; }
  // Variable names in variable-index order.
  const std::vector<std::string>& variables() const { return variables_; }
  // Node of variable k, or -1 when the expression does not use it.
  std::int32_t variable_node(std::size_t k) const { return var_nodes_[k]; }
  // Reference evaluation in double by straightforward recursion over the node list (for tests and
  // one-off uses; the Tape is the fast path).
  double evaluate(const std::vector<double>& x) const;

 private:
  friend class GraphBuilder;
  std::vector<Node> nodes_;
  std::int32_t output_ = -1;
  std::int32_t first_op_ = 0;
  std::vector<std::string> variables_;
  std::vector<std::int32_t> var_nodes_;
};

// Builds a graph node by node. Every constructor returns the index of an existing identical node
// when there is one (hash-consing); operands of commutative operations are put in a canonical
// order first, so x*y and y*x are one node. Operations on constants only are folded.
class GraphBuilder {
 public:
  explicit GraphBuilder(std::vector<std::string> variables = {});

  std::int32_t constant(double value);
  // Variable by name: an existing name returns its index; a new name is appended.
  std::int32_t variable(const std::string& name);
  std::int32_t unary(Op op, std::int32_t a);
  std::int32_t binary(Op op, std::int32_t a, std::int32_t b);

  std::size_t size() const { return nodes_.size(); }
  const std::vector<std::string>& variables() const { return variables_; }
  // Keeps the nodes the output depends on, leaves first, and returns the finished graph.
  Graph finish(std::int32_t output) const;

 private:
  std::int32_t add(const Node& n);
  struct Key {
    Op op;
    std::int32_t a, b;
    std::uint64_t c;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  std::vector<Node> nodes_;
  std::unordered_map<Key, std::int32_t, KeyHash> index_;
  std::vector<std::string> variables_;
  // Name -> index into variables_: a lookup per identifier in constant time, so a formula with
  // 10^5 variables parses in linear time (a linear search made it quadratic: minutes).
  std::unordered_map<std::string, std::size_t> variable_index_;
};

// One operation in double, for constant folding and the reference evaluator: the leaves' rules
// here, every operation's by the shared table of operators.hpp, which the Tape uses too. Domain
// errors give NaN or +-inf as IEEE arithmetic does, never an exception.
double apply_op(Op op, double a, double b, double c);

}  // namespace optim::expr
