#pragma once
// Evaluation of a computation graph over flat arrays: a forward pass in topological order, a
// gradient by one reverse sweep, and Hessian-vector products by forward-over-reverse. All arrays
// are sized once in the constructor; value(), value_gradient() and hessian_vector() allocate
// nothing.
//
// Reverse mode (seed 000_7fb68bb28a6a5040.txt, 3.1.1-3.2): Example 3.2 sums, over every path from
// a variable to the output, the product of the local partial derivatives along the path. The number
// of paths grows exponentially with depth (Remark 3.2); Proposition 3.5 (hierarchical dependency)
// factors the sum: the adjoint of a node, d out / d node = sum over its users u of
// (d out / d u) * (d u / d node), is complete once every user has been processed, so one sweep in
// reverse topological order gives the whole gradient at a cost proportional to the number of edges.
// The backpropagation deltas of 3.2 are these adjoints on a layered graph.
#include <memory>
#include <vector>

#include "problems/expr/dual.hpp"
#include "problems/expr/graph.hpp"

namespace optim::expr {

template <class S>
class Tape {
 public:
  explicit Tape(std::shared_ptr<const Graph> graph);

  std::size_t num_variables() const { return graph_->variables().size(); }
  std::size_t num_nodes() const { return graph_->size(); }
  const Graph& graph() const { return *graph_; }

  // f(x); x has num_variables() entries.
  S value(const S* x);
  // f(x) and its gradient by one forward pass (values and local partials) and one reverse sweep.
  S value_gradient(const S* x, S* grad);
  // f(x), the gradient and H(x) v by forward-over-reverse: the forward pass and the reverse sweep
  // run on dual numbers whose tangents follow x + t v, so the adjoints' tangents are d/dt grad f.
  S hessian_vector(const S* x, const S* v, S* grad, S* hv);

  // Intermediate results of the last value()/value_gradient() call (for tests and diagnostics).
  S node_value(std::size_t i) const { return val_[i]; }
  // d out / d node of the last value_gradient() call.
  S node_adjoint(std::size_t i) const { return adj_[i]; }

 private:
  template <class T>
  void forward(std::vector<T>& val) const;
  template <class T>
  void forward_partials(std::vector<T>& val, std::vector<T>& pa, std::vector<T>& pb) const;
  template <class T>
  void reverse(const std::vector<T>& pa, const std::vector<T>& pb, std::vector<T>& adj) const;

  std::shared_ptr<const Graph> graph_;
  std::size_t n_ = 0;      // nodes; index n_ is a sink for the missing operands of unary ops
  std::size_t first_ = 0;  // first operation node
  std::size_t out_ = 0;
  std::vector<Op> op_;
  std::vector<std::int32_t> a_, b_;
  std::vector<S> c_;
  std::vector<std::int32_t> var_node_;  // per variable: node index, or the sink when unused
  std::vector<S> val_, pa_, pb_, adj_;
  std::vector<Dual<S>> dval_, dpa_, dpb_, dadj_;
};

extern template class Tape<float>;
extern template class Tape<double>;

}  // namespace optim::expr
