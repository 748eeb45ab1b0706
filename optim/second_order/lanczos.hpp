#pragma once
// Extreme eigenvalues of a symmetric operator from a few products, by the Lanczos process with full
// reorthogonalisation (Golub & Van Loan, Matrix Computations, 4th ed., sections 10.1-10.3).
//
// From a unit start q_1 the recurrence
//   w = A q_j - alpha_j q_j - beta_{j-1} q_{j-1},  alpha_j = q_j' A q_j,  beta_j = |w|,
//   q_{j+1} = w / beta_j
// builds an orthonormal basis Q_k of the Krylov space span{q_1, A q_1, ..., A^{k-1} q_1} in which
// A is the tridiagonal T_k = Q_k' A Q_k (diagonal alpha, off-diagonal beta). The eigenvalues of
// T_k (Ritz values) interlace those of A: the i-th smallest Ritz value is >= the i-th smallest
// eigenvalue and the i-th largest is <= the i-th largest (Cauchy), and the extreme ones converge
// first, at a rate set by the gap to the next eigenvalue relative to the spread (Kaniel-Paige).
// In rounding arithmetic the q_j lose orthogonality as Ritz values converge; re-orthogonalising
// w against every earlier q_i (twice, "twice is enough") keeps the basis orthonormal at O(k n)
// extra work per step, which is cheap for the few dozen steps used here.
//
// The basis is kept in double whatever S is, so that a float operator gets double-precision
// Lanczos arithmetic; only the products are in S.
#include <functional>

#include "optim/types.hpp"

namespace optim {

struct LanczosOptions {
  Index max_steps = 50;    // k <= min(n, max_steps) products; memory (k + 1) n doubles
  std::uint64_t seed = 7;  // of the pseudo-random start vector (std::mt19937_64, fixed output)
  // Stop early when beta_j <= breakdown_rel * max(1, |T|): the Krylov space is invariant (to
  // that accuracy), so its Ritz values are eigenvalues and no further direction exists.
  double breakdown_rel = 1e-13;
};

struct LanczosResult {
  Vec<double> ritz_values;  // ascending, one per step taken
  Index steps = 0;          // products computed (= ritz_values.size())
  double smallest() const { return ritz_values[0]; }
  double largest() const { return ritz_values[ritz_values.size() - 1]; }
};

// apply(v, &av) must write A v into av (pre-sized to n) for a symmetric A. Throws
// std::invalid_argument when n < 1, max_steps < 1, or a product is not finite.
template <class S>
LanczosResult lanczos_extreme_eigenvalues(Index n,
                                          const std::function<void(const Vec<S>&, Vec<S>*)>& apply,
                                          const LanczosOptions& opts = {});

}  // namespace optim
