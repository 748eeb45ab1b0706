#include "problems/expr/tape.hpp"

#include <cmath>
#include <stdexcept>

#include "problems/expr/operators.hpp"

namespace optim::expr {

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
