#include "problems/expr/graph.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>

#include "problems/expr/operators.hpp"

namespace optim::expr {

std::string_view op_name(Op op) {
  switch (op) {
    case Op::Const:
      return "const";
    case Op::Var:
      return "var";
    case Op::Add:
      return "+";
    case Op::Sub:
      return "-";
    case Op::Mul:
      return "*";
    case Op::Div:
      return "/";
    case Op::Neg:
      return "neg";
    case Op::Pow:
      return "^";
    case Op::PowConst:
      return "^c";
    case Op::Exp:
      return "exp";
    case Op::Log:
      return "log";
    case Op::Sqrt:
      return "sqrt";
    case Op::Sin:
      return "sin";
    case Op::Cos:
      return "cos";
    case Op::Tan:
      return "tan";
    case Op::Asin:
      return "asin";
    case Op::Acos:
      return "acos";
    case Op::Atan:
      return "atan";
    case Op::Atan2:
      return "atan2";
    case Op::Sinh:
      return "sinh";
    case Op::Cosh:
      return "cosh";
    case Op::Tanh:
      return "tanh";
    case Op::Abs:
      return "abs";
    case Op::Min:
      return "min";
    case Op::Max:
      return "max";
  }
  return "?";
}

int op_arity(Op op) {
  switch (op) {
    case Op::Const:
    case Op::Var:
      return 0;
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
    case Op::Pow:
    case Op::Atan2:
    case Op::Min:
    case Op::Max:
      return 2;
    default:
      return 1;
  }
}

double apply_op(Op op, double a, double b, double c) {
  if (op == Op::Const) return c;
  if (op == Op::Var) return std::nan("");
  return op_value(op, a, b, c);
}

double Graph::evaluate(const std::vector<double>& x) const {
  if (x.size() != variables_.size()) {
    throw std::invalid_argument("expression has " + std::to_string(variables_.size()) +
                                " variables, got " + std::to_string(x.size()) + " values");
  }
  std::vector<double> v(nodes_.size());
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    if (n.op == Op::Var) {
      v[i] = x[static_cast<std::size_t>(n.c)];
    } else {
      v[i] = apply_op(n.op, n.a >= 0 ? v[n.a] : 0.0, n.b >= 0 ? v[n.b] : 0.0, n.c);
    }
  }
  return v[output_];
}

std::size_t GraphBuilder::KeyHash::operator()(const Key& k) const {
  std::size_t h = static_cast<std::size_t>(k.op);
  h = h * 1000003u ^ static_cast<std::size_t>(k.a);
  h = h * 1000003u ^ static_cast<std::size_t>(k.b);
  h = h * 1000003u ^ static_cast<std::size_t>(k.c ^ (k.c >> 29));
  return h;
}

std::int32_t GraphBuilder::add(const Node& n) {
  // Constants are keyed by their bit pattern (so 0.0 and -0.0 stay apart, and every NaN constant
  // with the same payload is one node).
  const Key key{n.op, n.a, n.b, std::bit_cast<std::uint64_t>(n.c)};
  auto it = index_.find(key);
  if (it != index_.end()) return it->second;
  const auto id = static_cast<std::int32_t>(nodes_.size());
  nodes_.push_back(n);
  index_.emplace(key, id);
  return id;
}

std::int32_t GraphBuilder::constant(double value) {
  return add({Op::Const, -1, -1, value});
}

GraphBuilder::GraphBuilder(std::vector<std::string> variables) : variables_(std::move(variables)) {
  variable_index_.reserve(variables_.size());
  // The first of two equal names wins, as the linear search from the front did.
  for (std::size_t k = 0; k < variables_.size(); ++k) variable_index_.emplace(variables_[k], k);
}

std::int32_t GraphBuilder::variable(const std::string& name) {
  const auto [it, added] = variable_index_.emplace(name, variables_.size());
  if (added) variables_.push_back(name);
  return add({Op::Var, -1, -1, static_cast<double>(it->second)});
}

std::int32_t GraphBuilder::unary(Op op, std::int32_t a) {
  if (op_arity(op) != 1) throw std::logic_error("GraphBuilder::unary: not a unary operation");
  if (nodes_[a].op == Op::Const) return constant(apply_op(op, nodes_[a].c, 0.0, 0.0));
  return add({op, a, -1, 0.0});
}

std::int32_t GraphBuilder::binary(Op op, std::int32_t a, std::int32_t b) {
  if (op == Op::PowConst || op_arity(op) != 2) {
    throw std::logic_error("GraphBuilder::binary: not a binary operation");
  }
  const bool ca = nodes_[a].op == Op::Const, cb = nodes_[b].op == Op::Const;
  if (ca && cb) return constant(apply_op(op, nodes_[a].c, nodes_[b].c, 0.0));
  // A constant exponent gets its own operation: the derivative of x^c needs no log(x), so x^2 is
  // differentiable at x <= 0.
  if (op == Op::Pow && cb) return add({Op::PowConst, a, -1, nodes_[b].c});
  const bool commutative = op == Op::Add || op == Op::Mul || op == Op::Min || op == Op::Max;
  if (commutative && b < a) std::swap(a, b);
  return add({op, a, b, 0.0});
}

Graph GraphBuilder::finish(std::int32_t output) const {
  if (output < 0 || output >= static_cast<std::int32_t>(nodes_.size())) {
    throw std::logic_error("GraphBuilder::finish: no output node");
  }
  // Mark what the output depends on. Nodes are in topological order, so one backward pass does.
  std::vector<char> live(nodes_.size(), 0);
  live[output] = 1;
  for (std::size_t i = nodes_.size(); i-- > 0;) {
    if (!live[i]) continue;
    if (nodes_[i].a >= 0) live[nodes_[i].a] = 1;
    if (nodes_[i].b >= 0) live[nodes_[i].b] = 1;
  }
  // New order: live constants, live variables (by variable index), then live operations in their
  // original (topological) order.
  std::vector<std::int32_t> order;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (live[i] && nodes_[i].op == Op::Const) order.push_back(static_cast<std::int32_t>(i));
  }
  std::vector<std::int32_t> vars;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (live[i] && nodes_[i].op == Op::Var) vars.push_back(static_cast<std::int32_t>(i));
  }
  std::sort(vars.begin(), vars.end(),
            [&](std::int32_t x, std::int32_t y) { return nodes_[x].c < nodes_[y].c; });
  order.insert(order.end(), vars.begin(), vars.end());
  const auto first_op = static_cast<std::int32_t>(order.size());
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (live[i] && op_arity(nodes_[i].op) > 0) order.push_back(static_cast<std::int32_t>(i));
  }
  std::vector<std::int32_t> new_index(nodes_.size(), -1);
  for (std::size_t k = 0; k < order.size(); ++k) new_index[order[k]] = static_cast<std::int32_t>(k);

  Graph g;
  g.nodes_.reserve(order.size());
  for (std::int32_t old : order) {
    Node n = nodes_[old];
    if (n.a >= 0) n.a = new_index[n.a];
    if (n.b >= 0) n.b = new_index[n.b];
    g.nodes_.push_back(n);
  }
  g.output_ = new_index[output];
  g.first_op_ = first_op;
  g.variables_ = variables_;
  g.var_nodes_.assign(variables_.size(), -1);
  for (std::size_t k = 0; k < g.nodes_.size(); ++k) {
    if (g.nodes_[k].op == Op::Var) {
      g.var_nodes_[static_cast<std::size_t>(g.nodes_[k].c)] = static_cast<std::int32_t>(k);
    }
  }
  return g;
}

}  // namespace optim::expr
