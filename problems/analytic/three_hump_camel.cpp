// Three-hump camel function: f(x, y) = 2 x^2 - 1.05 x^4 + x^6 / 6 + x y + y^2.
// Global minimum 0 at the origin; two local minima near (+-1.7476, -+0.8738) with f ~ 0.2986
// (not listed as minimisers because they are not global).
#include "problems/analytic/analytic.hpp"

namespace optim::problems {

template <class S>
ThreeHumpCamel<S>::ThreeHumpCamel(Index n) : AnalyticObjective<S>(n) {
  require_fixed_dim("three_hump_camel", n, 2);
}

template <class S>
S ThreeHumpCamel<S>::evaluate(const Vec<S>& v, Vec<S>* grad) {
  const S x = v[0], y = v[1];
  const S x2 = x * x, x4 = x2 * x2;
  if (grad != nullptr) {
    (*grad)[0] = S(4) * x - S(4.2) * x2 * x + x4 * x + y;
    (*grad)[1] = x + S(2) * y;
  }
  return S(2) * x2 - S(1.05) * x4 + x4 * x2 / S(6) + x * y + y * y;
}

template <class S>
void ThreeHumpCamel<S>::hessian(const Vec<S>& v, Mat<S>* hess) {
  const S x2 = v[0] * v[0];
  (*hess) << S(4) - S(12.6) * x2 + S(5) * x2 * x2, S(1), S(1), S(2);
}

template <class S>
Problem<S> three_hump_camel_problem() {
  return analytic_problem<S>(
      "three_hump_camel", std::make_unique<ThreeHumpCamel<S>>(), vec_of<S>({2.0, -1.5}),
      {vec_of<S>({0.0, 0.0})}, 0.0,
      "global minimum at 0 and two local minima near (+-1.7476, -+0.8738) with f ~ 0.2986");
}

template class ThreeHumpCamel<float>;
template class ThreeHumpCamel<double>;
template Problem<float> three_hump_camel_problem<float>();
template Problem<double> three_hump_camel_problem<double>();

}  // namespace optim::problems
