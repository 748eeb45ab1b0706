#include "optim/second_order/trust_subproblem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optim {

template <class S>
ExactTrustSubproblem<S>::ExactTrustSubproblem(Index n) : es_(n), l_(n), c_(n), y_(n) {}

template <class S>
bool ExactTrustSubproblem<S>::factor(const Mat<S>& b) {
  if (!b.allFinite()) return false;
  es_.compute(b, Eigen::ComputeEigenvectors);
  if (es_.info() != Eigen::Success) return false;
  l_ = es_.eigenvalues();  // ascending
  return true;
}

template <class S>
TrustSubproblemSolution<S> ExactTrustSubproblem<S>::solve(const Vec<S>& g, S delta, Vec<S>& p) {
  constexpr S eps = std::numeric_limits<S>::epsilon();
  const auto& q = es_.eigenvectors();
  const Index n = g.size();
  c_.noalias() = q.transpose() * g;  // g in the eigenbasis
  const S gnorm = g.norm();
  const S l1 = l_[0];
  TrustSubproblemSolution<S> sol;
  auto finish = [&]() {
    p.noalias() = q * y_;
    sol.step_norm = y_.norm();
    // m(p) = c'y + 1/2 sum l_j y_j^2 in the eigenbasis (Q orthogonal).
    sol.model = c_.dot(y_) + S(0.5) * (l_.array() * y_.array().square()).sum();
    return sol;
  };

  // B positive definite and the Newton step inside the ball: lambda = 0.
  if (l1 > 0) {
    y_ = -(c_.array() / l_.array()).matrix();
    if (y_.norm() <= delta) return finish();
  }

  // The hard case (N&W section 4.3): g has no component along the eigenspace of l_1 <= 0 and
  // the pseudo-inverse step at lambda = -l_1 lies inside the ball. Eigenvalues within
  // sqrt(eps) max(1, |l|max) of l_1 belong to its eigenspace (rounding of the eigensolver); a
  // component counts as absent when |Q_1'g| <= sqrt(eps) |g|.
  const S scale = std::max(S(1), l_.cwiseAbs().maxCoeff());
  const S same = std::sqrt(eps) * scale;
  if (l1 <= 0) {
    S ce2 = 0;
    for (Index j = 0; j < n && l_[j] - l1 <= same; ++j) ce2 += c_[j] * c_[j];
    if (ce2 <= eps * gnorm * gnorm) {
      for (Index j = 0; j < n; ++j) y_[j] = l_[j] - l1 <= same ? S(0) : -c_[j] / (l_[j] - l1);
      const S ny = y_.norm();
      if (ny <= delta) {
        y_[0] += std::sqrt(std::max(S(0), delta * delta - ny * ny));  // + tau q_1 (eq. 4.45)
        sol.lambda = -l1;
        sol.hard_case = true;
        sol.on_boundary = true;
        return finish();
      }
    }
  }

  // Newton's iteration on phi (N&W Algorithm 4.3) inside the bracket (lo, hi]: |p(lambda)| >
  // Delta left of the root, <= Delta right of it. hi = lo + |g| / Delta has |p(hi)| <=
  // |g| / (hi + l_1) <= Delta, so the root lies in (lo, hi] (the floor keeps hi > lo in
  // floating point, moving hi further right, where |p| is smaller still).
  S lo = std::max(S(0), -l1);
  S hi = lo + std::max(gnorm / delta, eps * scale);
  S lambda = hi;
  const S kappa = S(1000) * eps;  // |p| = Delta to 1000 ulp: far below what the outer ratio sees
  for (int it = 0; it < 200; ++it) {
    S pn2 = 0, qn2 = 0;
    for (Index j = 0; j < n; ++j) {
      const S t = S(1) / (l_[j] + lambda);
      const S ct = c_[j] * t;
      pn2 += ct * ct;
      qn2 += ct * ct * t;  // c_j^2 / (l_j + lambda)^3 = |q|^2 with R'q = p
    }
    const S pn = std::sqrt(pn2);
    if (std::abs(pn - delta) <= kappa * delta) break;
    (pn > delta ? lo : hi) = lambda;
    S next = lambda + (pn2 / qn2) * (pn - delta) / delta;
    if (!(next > lo && next < hi)) next = S(0.5) * (lo + hi);  // safeguard: bisect the bracket
    if (next == lambda) break;                                 // the bracket is at rounding level
    lambda = next;
    sol.iterations = it + 1;
  }
  sol.lambda = lambda;
  sol.on_boundary = true;
  y_ = -(c_.array() / (l_.array() + lambda)).matrix();
  return finish();
}

template class ExactTrustSubproblem<float>;
template class ExactTrustSubproblem<double>;

}  // namespace optim
