#pragma once
// The exact trust-region subproblem for small n: min m(p) = g'p + 1/2 p'Bp over |p| <= Delta,
// B symmetric, possibly indefinite. Its global solutions are characterised by (Moré & Sorensen,
// "Computing a trust region step", SIAM J. Sci. Stat. Comput. 4(3), 1983; N&W Theorem 4.1)
//   (B + lambda I) p = -g,   lambda >= 0,   lambda (Delta - |p|) = 0,   B + lambda I psd.
// The solver follows N&W section 4.3: p(lambda) = -(B + lambda I)^-1 g, and lambda is the root of
// phi(lambda) = 1/Delta - 1/|p(lambda)| on (-lambda_1, inf), found by the Newton iteration of N&W
// Algorithm 4.3, lambda <- lambda + (|p| / |q|)^2 (|p| - Delta) / Delta with R'q = p and
// B + lambda I = R'R, safeguarded by a bracket (bisection when a Newton iterate leaves it). For
// small n the factorisation R'R is done once per B through its eigendecomposition B = Q L Q'
// (N&W eqs. 4.38-4.41: |p|^2 = sum c_j^2 / (l_j + lambda)^2 and |q|^2 = p'(B + lambda I)^-1 p =
// sum c_j^2 / (l_j + lambda)^3 with c = Q'g), so each radius (every trial of one iteration shares
// B) costs O(n) per Newton step, and the hard case is decided exactly: when g is orthogonal to
// the eigenspace of the smallest eigenvalue l_1 <= 0 and |p(-l_1)| (the pseudo-inverse step) is
// below Delta, no lambda > -l_1 reaches the boundary; then lambda = -l_1 and
// p = -(B - l_1 I)^+ g + tau q_1 with tau such that |p| = Delta (N&W eq. 4.45).
#include <Eigen/Eigenvalues>

#include "optim/types.hpp"

namespace optim {

template <class S>
struct TrustSubproblemSolution {
  S lambda = S(0);
  S model = S(0);  // m(p)
  S step_norm = S(0);
  bool on_boundary = false;
  bool hard_case = false;
  Index iterations = 0;  // Newton iterations on phi
};

template <class S>
class ExactTrustSubproblem {
 public:
  explicit ExactTrustSubproblem(Index n = 0);
  // Decomposes B (its lower triangle is read: pass a symmetric matrix). Returns false when the
  // eigensolver fails or B is not finite.
  bool factor(const Mat<S>& b);
  // The solution for gradient g and radius delta > 0 into p (pre-sized), for the B of factor().
  TrustSubproblemSolution<S> solve(const Vec<S>& g, S delta, Vec<S>& p);
  // Smallest eigenvalue of the factored B.
  S smallest_eigenvalue() const { return l_[0]; }

 private:
  Eigen::SelfAdjointEigenSolver<Mat<S>> es_;
  Vec<S> l_, c_, y_;
};

extern template class ExactTrustSubproblem<float>;
extern template class ExactTrustSubproblem<double>;

}  // namespace optim
