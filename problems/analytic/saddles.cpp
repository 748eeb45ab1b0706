// The two saddle examples (seed 002, "Saddle points as critical points": a critical point whose
// Hessian has eigenvalues of both signs). Both are unbounded below: no minimiser, no f_min.
//   saddle:        f = x^2 - y^2,      H = diag(2, -2): a non-degenerate saddle at 0.
//   monkey saddle: f = x^3 - 3 x y^2,  H(0) = 0: a degenerate saddle (three valleys) at 0.
#include "problems/analytic/analytic.hpp"

namespace optim::problems {

template <class S>
Saddle<S>::Saddle(Index n) : AnalyticObjective<S>(n) {
  require_fixed_dim("saddle", n, 2);
}

template <class S>
S Saddle<S>::evaluate(const Vec<S>& v, Vec<S>* grad) {
  if (grad != nullptr) {
    (*grad)[0] = S(2) * v[0];
    (*grad)[1] = S(-2) * v[1];
  }
  return v[0] * v[0] - v[1] * v[1];
}

template <class S>
void Saddle<S>::hessian(const Vec<S>& /*v*/, Mat<S>* hess) {
  (*hess) << S(2), S(0), S(0), S(-2);
}

template <class S>
MonkeySaddle<S>::MonkeySaddle(Index n) : AnalyticObjective<S>(n) {
  require_fixed_dim("monkey_saddle", n, 2);
}

template <class S>
S MonkeySaddle<S>::evaluate(const Vec<S>& v, Vec<S>* grad) {
  const S x = v[0], y = v[1];
  if (grad != nullptr) {
    (*grad)[0] = S(3) * (x * x - y * y);
    (*grad)[1] = S(-6) * x * y;
  }
  return x * x * x - S(3) * x * y * y;
}

template <class S>
void MonkeySaddle<S>::hessian(const Vec<S>& v, Mat<S>* hess) {
  const S x = v[0], y = v[1];
  (*hess) << S(6) * x, S(-6) * y, S(-6) * y, S(-6) * x;
}

template <class S>
Problem<S> saddle_problem() {
  return analytic_problem<S>(
      "saddle", std::make_unique<Saddle<S>>(), vec_of<S>({1.0, 1e-3}), {}, std::nullopt,
      "unbounded below; saddle point at 0 (Hessian eigenvalues 2, -2). The start lies just off "
      "the stable manifold y = 0: gradient descent approaches the saddle, then escapes along y; "
      "plain Newton jumps straight to the saddle");
}

template <class S>
Problem<S> monkey_saddle_problem() {
  return analytic_problem<S>(
      "monkey_saddle", std::make_unique<MonkeySaddle<S>>(), vec_of<S>({1.0, 0.5}), {}, std::nullopt,
      "unbounded below; degenerate saddle at 0 (zero Hessian) with three descending valleys");
}

template class Saddle<float>;
template class Saddle<double>;
template class MonkeySaddle<float>;
template class MonkeySaddle<double>;
template Problem<float> saddle_problem<float>();
template Problem<double> saddle_problem<double>();
template Problem<float> monkey_saddle_problem<float>();
template Problem<double> monkey_saddle_problem<double>();

}  // namespace optim::problems
