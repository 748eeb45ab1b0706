// Sphere f(x) = sum_i x_i^2: the best-conditioned test (H = 2 I), minimum 0 at the origin.
#include <stdexcept>

#include "problems/analytic/analytic.hpp"

namespace optim::problems {

template <class S>
Sphere<S>::Sphere(Index n) : AnalyticObjective<S>(n) {
  require_dim("sphere", n, 1);
}

template <class S>
S Sphere<S>::evaluate(const Vec<S>& x, Vec<S>* grad) {
  if (grad != nullptr) *grad = S(2) * x;
  return x.squaredNorm();
}

template <class S>
void Sphere<S>::hessian(const Vec<S>& /*x*/, Mat<S>* hess) {
  hess->setZero();
  hess->diagonal().setConstant(S(2));
}

template <class S>
Problem<S> sphere_problem(Index n) {
  return analytic_problem<S>("sphere", std::make_unique<Sphere<S>>(n), filled<S>(n, 1.0),
                             {Vec<S>::Zero(n)}, 0.0,
                             "convex, condition number 1; any sane method converges");
}

template class Sphere<float>;
template class Sphere<double>;
template Problem<float> sphere_problem<float>(Index);
template Problem<double> sphere_problem<double>(Index);

}  // namespace optim::problems
