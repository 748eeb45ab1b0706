// Beale function (Beale 1958; Moré, Garbow & Hillstrom 1981, problem 5):
//   f(x, y) = sum_{i=1}^{3} r_i^2,  r_i = c_i - x (1 - y^i),  c = (1.5, 2.25, 2.625).
// Minimum 0 at (3, 0.5); MGH start (1, 1).
#include <cmath>

#include "problems/analytic/analytic.hpp"

namespace optim::problems {
namespace {
constexpr double kC[3] = {1.5, 2.25, 2.625};
}

template <class S>
Beale<S>::Beale(Index n) : AnalyticObjective<S>(n) {
  require_fixed_dim("beale", n, 2);
}

template <class S>
S Beale<S>::evaluate(const Vec<S>& v, Vec<S>* grad) {
  const S x = v[0], y = v[1];
  S f = 0, gx = 0, gy = 0, ypow = 1;  // ypow = y^(i-1)
  for (int i = 1; i <= 3; ++i) {
    const S yi = ypow * y;
    const S r = S(kC[i - 1]) - x * (S(1) - yi);
    f += r * r;
    gx += S(2) * r * (yi - S(1));      // dr/dx = y^i - 1
    gy += S(2) * r * x * S(i) * ypow;  // dr/dy = i x y^(i-1)
    ypow = yi;
  }
  if (grad != nullptr) {
    (*grad)[0] = gx;
    (*grad)[1] = gy;
  }
  return f;
}

template <class S>
void Beale<S>::hessian(const Vec<S>& v, Mat<S>* hess) {
  // H = 2 sum_i (dr_i dr_i^T + r_i d2r_i), d2r_i/dx2 = 0, d2r_i/dxdy = i y^(i-1),
  // d2r_i/dy2 = i (i-1) x y^(i-2).
  const S x = v[0], y = v[1];
  S hxx = 0, hxy = 0, hyy = 0;
  for (int i = 1; i <= 3; ++i) {
    const S yim1 = std::pow(y, S(i - 1));
    const S yim2 = (i >= 2) ? std::pow(y, S(i - 2)) : S(0);
    const S r = S(kC[i - 1]) - x * (S(1) - yim1 * y);
    const S rx = yim1 * y - S(1), ry = S(i) * x * yim1;
    hxx += S(2) * rx * rx;
    hxy += S(2) * (rx * ry + r * S(i) * yim1);
    hyy += S(2) * (ry * ry + r * S(i * (i - 1)) * x * yim2);
  }
  (*hess) << hxx, hxy, hxy, hyy;
}

template <class S>
Problem<S> beale_problem() {
  return analytic_problem<S>("beale", std::make_unique<Beale<S>>(), vec_of<S>({1.0, 1.0}),
                             {vec_of<S>({3.0, 0.5})}, 0.0,
                             "narrow curved valley with sharp walls for |y| > 1; MGH start (1, 1)");
}

template class Beale<float>;
template class Beale<double>;
template Problem<float> beale_problem<float>();
template Problem<double> beale_problem<double>();

}  // namespace optim::problems
