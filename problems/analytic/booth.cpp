// Booth function: f(x, y) = (x + 2y - 7)^2 + (2x + y - 5)^2, a convex quadratic with
// Hessian [[10, 8], [8, 10]] (eigenvalues 18 and 2), minimum 0 at (1, 3).
#include "problems/analytic/analytic.hpp"

namespace optim::problems {

template <class S>
Booth<S>::Booth(Index n) : AnalyticObjective<S>(n) {
  require_fixed_dim("booth", n, 2);
}

template <class S>
S Booth<S>::evaluate(const Vec<S>& v, Vec<S>* grad) {
  const S r1 = v[0] + S(2) * v[1] - S(7);
  const S r2 = S(2) * v[0] + v[1] - S(5);
  if (grad != nullptr) {
    (*grad)[0] = S(2) * r1 + S(4) * r2;
    (*grad)[1] = S(4) * r1 + S(2) * r2;
  }
  return r1 * r1 + r2 * r2;
}

template <class S>
void Booth<S>::hessian(const Vec<S>& /*v*/, Mat<S>* hess) {
  (*hess) << S(10), S(8), S(8), S(10);
}

template <class S>
Problem<S> booth_problem() {
  return analytic_problem<S>("booth", std::make_unique<Booth<S>>(), vec_of<S>({0.0, 0.0}),
                             {vec_of<S>({1.0, 3.0})}, 0.0, "convex quadratic, condition number 9");
}

template class Booth<float>;
template class Booth<double>;
template Problem<float> booth_problem<float>();
template Problem<double> booth_problem<double>();

}  // namespace optim::problems
