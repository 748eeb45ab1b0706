// Styblinski-Tang function (Styblinski & Tang 1990):
//   f(x) = 1/2 sum_i (x_i^4 - 16 x_i^2 + 5 x_i),
// separable; each coordinate has a global minimum at the root of 2x^3 - 16x + 2.5 = 0 near -2.9035
// and a local one near 2.7468. The coordinates below are those roots to full double precision
// (40-digit Newton solve; the test re-checks the gradient there).
#include "problems/analytic/analytic.hpp"

namespace optim::problems {
namespace {
constexpr double kXStar = -2.903534027771177095;        // global minimiser per coordinate
constexpr double kFStarPerDim = -39.16616570377141546;  // f per coordinate at kXStar
}  // namespace

template <class S>
StyblinskiTang<S>::StyblinskiTang(Index n) : AnalyticObjective<S>(n) {
  require_dim("styblinski_tang", n, 1);
}

template <class S>
S StyblinskiTang<S>::evaluate(const Vec<S>& x, Vec<S>* grad) {
  S f = 0;
  for (Index i = 0; i < this->n_; ++i) {
    const S t = x[i], t2 = t * t;
    f += t2 * t2 - S(16) * t2 + S(5) * t;
    if (grad != nullptr) (*grad)[i] = S(2) * t2 * t - S(16) * t + S(2.5);
  }
  return S(0.5) * f;
}

template <class S>
void StyblinskiTang<S>::hessian(const Vec<S>& x, Mat<S>* hess) {
  hess->setZero();
  for (Index i = 0; i < this->n_; ++i) (*hess)(i, i) = S(6) * x[i] * x[i] - S(16);
}

template <class S>
Problem<S> styblinski_tang_problem(Index n) {
  return analytic_problem<S>(
      "styblinski_tang", std::make_unique<StyblinskiTang<S>>(n), filled<S>(n, 0.0),
      {filled<S>(n, kXStar)}, kFStarPerDim * static_cast<double>(n),
      "separable, 2^n local minima (each coordinate near -2.9035 or 2.7468); x0 = 0 lies next "
      "to the local maximum near 0.157, where the Hessian is negative definite");
}

template class StyblinskiTang<float>;
template class StyblinskiTang<double>;
template Problem<float> styblinski_tang_problem<float>(Index);
template Problem<double> styblinski_tang_problem<double>(Index);

}  // namespace optim::problems
