#include "problems/expr/tape.hpp"

#include <cmath>
#include <stdexcept>

namespace optim::expr {

namespace {

// Value of one operation. T is a scalar or a Dual; unqualified calls find std:: or the Dual
// overloads.
template <class T, class S>
inline T op_value(Op op, const T& a, const T& b, S c) {
  using std::abs, std::acos, std::asin, std::atan, std::atan2, std::cos, std::cosh, std::exp,
      std::log, std::pow, std::sin, std::sinh, std::sqrt, std::tan, std::tanh;
  switch (op) {
    case Op::Add:
      return a + b;
    case Op::Sub:
      return a - b;
    case Op::Mul:
      return a * b;
    case Op::Div:
      return a / b;
    case Op::Neg:
      return -a;
    case Op::Pow:
      return pow(a, b);
    case Op::PowConst:
      return c == S(2) ? a * a : pow(a, c);
    case Op::Exp:
      return exp(a);
    case Op::Log:
      return log(a);
    case Op::Sqrt:
      return sqrt(a);
    case Op::Sin:
      return sin(a);
    case Op::Cos:
      return cos(a);
    case Op::Tan:
      return tan(a);
    case Op::Asin:
      return asin(a);
    case Op::Acos:
      return acos(a);
    case Op::Atan:
      return atan(a);
    case Op::Atan2:
      return atan2(a, b);
    case Op::Sinh:
      return sinh(a);
    case Op::Cosh:
      return cosh(a);
    case Op::Tanh:
      return tanh(a);
    case Op::Abs:
      return abs(a);
    case Op::Min:
      if (std::isnan(primal(a)) || std::isnan(primal(b))) return a + b;
      return primal(a) <= primal(b) ? a : b;
    case Op::Max:
      if (std::isnan(primal(a)) || std::isnan(primal(b))) return a + b;
      return primal(a) >= primal(b) ? a : b;
    case Op::Const:
    case Op::Var:
      break;
  }
  return T(S(0));
}

// Value and local partial derivatives d op / d a, d op / d b: the edge weights of the seed's
// Example 3.2, step ii. Unary operations leave pb untouched (it stays 0).
template <class T, class S>
inline T op_partials(Op op, const T& a, const T& b, S c, T& pa, T& pb) {
  using std::abs, std::acos, std::asin, std::atan, std::atan2, std::cos, std::cosh, std::exp,
      std::log, std::pow, std::sin, std::sinh, std::sqrt, std::tan, std::tanh;
  const T one(S(1)), zero(S(0));
  switch (op) {
    case Op::Add:
      pa = one;
      pb = one;
      return a + b;
    case Op::Sub:
      pa = one;
      pb = T(S(-1));
      return a - b;
    case Op::Mul:
      pa = b;
      pb = a;
      return a * b;
    case Op::Div: {
      const T v = a / b;
      pa = one / b;
      pb = -v / b;
      return v;
    }
    case Op::Neg:
      pa = T(S(-1));
      return -a;
    case Op::Pow: {
      // d a^b / d b = a^b log a, taken as 0 at a = 0 (the limit for b > 0).
      const T v = pow(a, b);
      pa = b * pow(a, b - one);
      pb = primal(a) == S(0) ? zero : v * log(a);
      return v;
    }
    case Op::PowConst:
      if (c == S(2)) {
        pa = T(S(2)) * a;
        return a * a;
      }
      if (c == S(0)) {
        pa = zero;
        return one;
      }
      pa = T(c) * pow(a, c - S(1));
      return pow(a, c);
    case Op::Exp: {
      const T v = exp(a);
      pa = v;
      return v;
    }
    case Op::Log:
      pa = one / a;
      return log(a);
    case Op::Sqrt: {
      const T v = sqrt(a);
      pa = T(S(0.5)) / v;
      return v;
    }
    case Op::Sin:
      pa = cos(a);
      return sin(a);
    case Op::Cos:
      pa = -sin(a);
      return cos(a);
    case Op::Tan: {
      const T v = tan(a);
      pa = one + v * v;
      return v;
    }
    case Op::Asin:
      pa = one / sqrt(one - a * a);
      return asin(a);
    case Op::Acos:
      pa = T(S(-1)) / sqrt(one - a * a);
      return acos(a);
    case Op::Atan:
      pa = one / (one + a * a);
      return atan(a);
    case Op::Atan2: {
      const T r2 = a * a + b * b;
      pa = b / r2;
      pb = -a / r2;
      return atan2(a, b);
    }
    case Op::Sinh:
      pa = cosh(a);
      return sinh(a);
    case Op::Cosh:
      pa = sinh(a);
      return cosh(a);
    case Op::Tanh: {
      const T v = tanh(a);
      pa = one - v * v;
      return v;
    }
    case Op::Abs: {
      const S s = primal(a);
      pa = T(s > S(0) ? S(1) : (s < S(0) ? S(-1) : S(0)));
      return abs(a);
    }
    case Op::Min:
    case Op::Max: {
      const S x = primal(a), y = primal(b);
      if (std::isnan(x) || std::isnan(y)) {
        pa = one;
        pb = one;
        return a + b;
      }
      const bool take_a = op == Op::Min ? x <= y : x >= y;
      pa = take_a ? one : zero;
      pb = take_a ? zero : one;
      return take_a ? a : b;
    }
    case Op::Const:
    case Op::Var:
      break;
  }
  return zero;
}

}  // namespace

template <class S>
Tape<S>::Tape(std::shared_ptr<const Graph> graph) : graph_(std::move(graph)) {
  if (!graph_ || graph_->size() == 0) throw std::invalid_argument("Tape: empty graph");
  const auto& nodes = graph_->nodes();
  n_ = nodes.size();
  first_ = static_cast<std::size_t>(graph_->first_op());
  out_ = static_cast<std::size_t>(graph_->output());
  const auto sink = static_cast<std::int32_t>(n_);
  op_.resize(n_);
  a_.assign(n_, sink);
  b_.assign(n_, sink);
  c_.assign(n_ + 1, S(0));
  val_.assign(n_ + 1, S(0));
  pa_.assign(n_ + 1, S(0));
  pb_.assign(n_ + 1, S(0));
  adj_.assign(n_ + 1, S(0));
  dval_.assign(n_ + 1, Dual<S>());
  dpa_.assign(n_ + 1, Dual<S>());
  dpb_.assign(n_ + 1, Dual<S>());
  dadj_.assign(n_ + 1, Dual<S>());
  for (std::size_t i = 0; i < n_; ++i) {
    op_[i] = nodes[i].op;
    if (nodes[i].a >= 0) a_[i] = nodes[i].a;
    if (nodes[i].b >= 0) b_[i] = nodes[i].b;
    c_[i] = static_cast<S>(nodes[i].c);
    if (nodes[i].op == Op::Const) {
      val_[i] = c_[i];
      dval_[i] = Dual<S>(c_[i]);
    }
  }
  var_node_.assign(num_variables(), sink);
  for (std::size_t k = 0; k < num_variables(); ++k) {
    if (graph_->variable_node(k) >= 0) var_node_[k] = graph_->variable_node(k);
  }
}

template <class S>
template <class T>
void Tape<S>::forward(std::vector<T>& val) const {
  for (std::size_t i = first_; i < n_; ++i)
    val[i] = op_value(op_[i], val[a_[i]], val[b_[i]], c_[i]);
}

template <class S>
template <class T>
void Tape<S>::forward_partials(std::vector<T>& val, std::vector<T>& pa, std::vector<T>& pb) const {
  for (std::size_t i = first_; i < n_; ++i) {
    val[i] = op_partials(op_[i], val[a_[i]], val[b_[i]], c_[i], pa[i], pb[i]);
  }
}

template <class S>
template <class T>
void Tape<S>::reverse(const std::vector<T>& pa, const std::vector<T>& pb,
                      std::vector<T>& adj) const {
  // Proposition 3.5 (hierarchical dependency): when node i is reached, every user of i has
  // already added its share, so adj[i] = d out / d node_i is complete and is passed on to the
  // operands weighted by the local partials. Unary operations write into the sink with weight 0.
  std::fill(adj.begin(), adj.end(), T(S(0)));
  adj[out_] = T(S(1));
  for (std::size_t i = n_; i-- > first_;) {
    const T w = adj[i];
    adj[a_[i]] += w * pa[i];
    adj[b_[i]] += w * pb[i];
  }
}

template <class S>
S Tape<S>::value(const S* x) {
  for (std::size_t k = 0; k < var_node_.size(); ++k) val_[var_node_[k]] = x[k];
  forward(val_);
  return val_[out_];
}

template <class S>
S Tape<S>::value_gradient(const S* x, S* grad) {
  for (std::size_t k = 0; k < var_node_.size(); ++k) val_[var_node_[k]] = x[k];
  forward_partials(val_, pa_, pb_);
  reverse(pa_, pb_, adj_);
  // An unused variable maps to the sink, whose adjoint is meaningless: its derivative is 0.
  for (std::size_t k = 0; k < var_node_.size(); ++k) {
    grad[k] = var_node_[k] == static_cast<std::int32_t>(n_) ? S(0) : adj_[var_node_[k]];
  }
  return val_[out_];
}

template <class S>
S Tape<S>::hessian_vector(const S* x, const S* v, S* grad, S* hv) {
  for (std::size_t k = 0; k < var_node_.size(); ++k) dval_[var_node_[k]] = Dual<S>(x[k], v[k]);
  forward_partials(dval_, dpa_, dpb_);
  reverse(dpa_, dpb_, dadj_);
  const auto sink = static_cast<std::int32_t>(n_);
  for (std::size_t k = 0; k < var_node_.size(); ++k) {
    const bool used = var_node_[k] != sink;
    if (grad != nullptr) grad[k] = used ? dadj_[var_node_[k]].v : S(0);
    hv[k] = used ? dadj_[var_node_[k]].d : S(0);
  }
  return dval_[out_].v;
}

template class Tape<float>;
template class Tape<double>;

}  // namespace optim::expr
