// Matyas function: f(x, y) = 0.26 (x^2 + y^2) - 0.48 x y, a convex quadratic with Hessian
// [[0.52, -0.48], [-0.48, 0.52]] (eigenvalues 1.0 along (1,-1) and 0.04 along (1,1): condition
// number 25, flat along the diagonal), minimum 0 at the origin.
#include "problems/analytic/analytic.hpp"

namespace optim::problems {

template <class S>
Matyas<S>::Matyas(Index n) : AnalyticObjective<S>(n) {
  require_fixed_dim("matyas", n, 2);
}

template <class S>
S Matyas<S>::evaluate(const Vec<S>& v, Vec<S>* grad) {
  const S x = v[0], y = v[1];
  if (grad != nullptr) {
    (*grad)[0] = S(0.52) * x - S(0.48) * y;
    (*grad)[1] = S(0.52) * y - S(0.48) * x;
  }
  return S(0.26) * (x * x + y * y) - S(0.48) * x * y;
}

template <class S>
void Matyas<S>::hessian(const Vec<S>& /*v*/, Mat<S>* hess) {
  (*hess) << S(0.52), S(-0.48), S(-0.48), S(0.52);
}

template <class S>
Problem<S> matyas_problem() {
  return analytic_problem<S>("matyas", std::make_unique<Matyas<S>>(), vec_of<S>({3.0, 1.0}),
                             {vec_of<S>({0.0, 0.0})}, 0.0,
                             "convex quadratic, condition number 25, flat along x = y");
}

template class Matyas<float>;
template class Matyas<double>;
template Problem<float> matyas_problem<float>();
template Problem<double> matyas_problem<double>();

}  // namespace optim::problems
