// Ackley function (Ackley 1987; n-D form as in Bäck 1996) with a = 20, b = 0.2, c = 2 pi:
//   f(x) = -a exp(-b r) - exp(C) + a + e,   r = sqrt(1/n sum x_i^2),  C = 1/n sum cos(c x_i).
// Global minimum 0 at the origin, where the first term has a cone point: f is continuous but not
// differentiable there. We return gradient 0 at x = 0 (the minimiser, and a valid subgradient)
// and, for the Hessian at x = 0, only the smooth cosine part (the cone's curvature is unbounded).
#include <cmath>
#include <numbers>

#include "problems/analytic/analytic.hpp"

namespace optim::problems {
namespace {
constexpr double kA = 20.0, kB = 0.2;
}

template <class S>
Ackley<S>::Ackley(Index n) : AnalyticObjective<S>(n) {
  require_dim("ackley", n, 1);
}

template <class S>
S Ackley<S>::evaluate(const Vec<S>& x, Vec<S>* grad) {
  const S a = S(kA), b = S(kB), c = S(2) * std::numbers::pi_v<S>;
  const S n = static_cast<S>(this->n_);
  const S r = std::sqrt(x.squaredNorm() / n);
  S csum = 0;
  for (Index i = 0; i < this->n_; ++i) csum += std::cos(c * x[i]);
  const S e1 = std::exp(-b * r), e2 = std::exp(csum / n);
  if (grad != nullptr) {
    // d/dx_i [-a exp(-b r)] = a b exp(-b r) x_i / (n r);  d/dx_i [-exp(C)] = exp(C) c sin(c x_i)/n
    const S cone = (r > S(0)) ? a * b * e1 / (n * r) : S(0);
    for (Index i = 0; i < this->n_; ++i) {
      (*grad)[i] = cone * x[i] + e2 * c * std::sin(c * x[i]) / n;
    }
  }
  return -a * e1 - e2 + a + std::numbers::e_v<S>;
}

template <class S>
void Ackley<S>::hessian(const Vec<S>& x, Mat<S>* hess) {
  const S a = S(kA), b = S(kB), c = S(2) * std::numbers::pi_v<S>;
  const Index nn = this->n_;
  const S n = static_cast<S>(nn);
  const S r = std::sqrt(x.squaredNorm() / n);
  S csum = 0;
  for (Index i = 0; i < nn; ++i) csum += std::cos(c * x[i]);
  const S e2 = std::exp(csum / n);
  hess->setZero();
  // Cosine part T2 = -exp(C), C_i = -(c/n) sin(c x_i), C_ii = -(c^2/n) cos(c x_i):
  //   d2 T2 / dx_i dx_j = -exp(C) (C_i C_j + delta_ij C_ii).
  for (Index i = 0; i < nn; ++i) {
    const S ci = -(c / n) * std::sin(c * x[i]);
    for (Index j = 0; j < nn; ++j) {
      const S cj = -(c / n) * std::sin(c * x[j]);
      (*hess)(i, j) = -e2 * ci * cj;
    }
    (*hess)(i, i) += e2 * (c * c / n) * std::cos(c * x[i]);
  }
  if (r > S(0)) {
    // Cone part T1 = -a exp(-b r), r_i = x_i/(n r), r_ij = delta_ij/(n r) - x_i x_j/(n^2 r^3):
    //   d2 T1 / dx_i dx_j = a b exp(-b r) (r_ij - b r_i r_j).
    const S k = a * b * std::exp(-b * r);
    const S nr = n * r;
    for (Index i = 0; i < nn; ++i) {
      for (Index j = 0; j < nn; ++j) {
        const S ri = x[i] / nr, rj = x[j] / nr;
        (*hess)(i, j) += k * (-ri * rj / r - b * ri * rj);  // x_i x_j/(n^2 r^3) = r_i r_j / r
      }
      (*hess)(i, i) += k / nr;
    }
  }
}

template <class S>
Problem<S> ackley_problem(Index n) {
  return analytic_problem<S>(
      "ackley", std::make_unique<Ackley<S>>(n), filled<S>(n, 2.5), {Vec<S>::Zero(n)}, 0.0,
      "multimodal with a nearly flat outer region and a cone at the minimum (not differentiable "
      "at 0: gradient reported as 0 there); local methods usually stop in a local minimum");
}

template class Ackley<float>;
template class Ackley<double>;
template Problem<float> ackley_problem<float>(Index);
template Problem<double> ackley_problem<double>(Index);

}  // namespace optim::problems
