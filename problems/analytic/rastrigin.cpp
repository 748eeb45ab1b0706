// Rastrigin function (Rastrigin 1974; n-D form of Mühlenbein et al. 1991):
//   f(x) = 10 n + sum_i (x_i^2 - 10 cos(2 pi x_i)),
// highly multimodal (a local minimum near every integer point), global minimum 0 at the origin.
#include <cmath>
#include <numbers>

#include "problems/analytic/analytic.hpp"

namespace optim::problems {

template <class S>
Rastrigin<S>::Rastrigin(Index n) : AnalyticObjective<S>(n) {
  require_dim("rastrigin", n, 1);
}

template <class S>
S Rastrigin<S>::evaluate(const Vec<S>& x, Vec<S>* grad) {
  constexpr S two_pi = S(2) * std::numbers::pi_v<S>;
  S f = S(10) * static_cast<S>(this->n_);
  for (Index i = 0; i < this->n_; ++i) {
    f += x[i] * x[i] - S(10) * std::cos(two_pi * x[i]);
    if (grad != nullptr) (*grad)[i] = S(2) * x[i] + S(10) * two_pi * std::sin(two_pi * x[i]);
  }
  return f;
}

template <class S>
void Rastrigin<S>::hessian(const Vec<S>& x, Mat<S>* hess) {
  constexpr S two_pi = S(2) * std::numbers::pi_v<S>;
  hess->setZero();
  for (Index i = 0; i < this->n_; ++i) {
    (*hess)(i, i) = S(2) + S(10) * two_pi * two_pi * std::cos(two_pi * x[i]);
  }
}

template <class S>
Problem<S> rastrigin_problem(Index n) {
  return analytic_problem<S>(
      "rastrigin", std::make_unique<Rastrigin<S>>(n), filled<S>(n, 2.2), {Vec<S>::Zero(n)}, 0.0,
      "multimodal: a local minimum near every integer point; small-step descent from x0 = 2.2 "
      "stops in the local minimum near 1.99 (f ~ 3.98 per coordinate)");
}

template class Rastrigin<float>;
template class Rastrigin<double>;
template Problem<float> rastrigin_problem<float>(Index);
template Problem<double> rastrigin_problem<double>(Index);

}  // namespace optim::problems
