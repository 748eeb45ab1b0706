#pragma once
// Bertsekas' two-metric projection for a box l <= x <= u (D. P. Bertsekas, "Projected Newton
// methods for optimization problems with simple constraints", SIAM J. Control Optim. 20(2),
// 1982), the part Newton and BFGS share on a box:
//  - the epsilon-active set I+ at x: the variables within eps_k of a bound whose gradient points
//    out of the box, x_i <= l_i + eps_k with g_i > 0 or x_i >= u_i - eps_k with g_i < 0, and the
//    fixed ones (l_i == u_i); eps_k = min(eps, w_k) with w_k = ||x - P(x - g)||_2, which shrinks
//    the set to the truly binding bounds as the iterates converge;
//  - a scaling D diagonal with respect to I+ (the method's metric on the free variables, a
//    positive diagonal on I+): the method builds d = -D g;
//  - the projected Armijo arc search along x(a) = P(x + a d), a = beta^m, m = 0, 1, ..., accepted
//    when (Bertsekas eq. (30), with d = -D g)
//      f(x) - f(x(a)) >= sigma [ -a sum_{i not in I+} g_i d_i + sum_{i in I+} g_i (x_i - x_i(a)) ],
//    both sums >= 0 (where that decrease is below the rounding of f, a trial that does not raise
//    f beyond rounding and lowers the projected gradient is accepted). Every trial point is a
//    projection, so the objective is never evaluated
//    outside the box. With D positive definite on the free variables the rule terminates, and
//    every limit point is stationary (Bertsekas' convergence theorem).
// Sized once (constructor); classify() and search() do not allocate.
#include <string>
#include <vector>

#include "optim/bounds/bounds.hpp"
#include "optim/evaluator.hpp"
#include "optim/method.hpp"

namespace optim {

template <class S>
class TwoMetricProjection {
 public:
  // Bertsekas' constants: eps bounds the active tolerance (the default of the methods'
  // `active_eps` setting), sigma the sufficient decrease, beta the backtracking factor;
  // max_trials trial points before the search gives up. eps is absolute, so it must stay below
  // the distance to its bound of any free variable of a solution: with 1e-3,
  // MGH's Powell badly scaled function on Gay's box (x1* = 1.1e-5 from its bound) kept x1 in the
  // active set, away from its Newton coupling, and neither Newton nor BFGS reached the minimum in
  // 1000 iterations; with 1e-8 both do (BoxedMethodTable), and the Hock-Schittkowski runs are
  // unchanged.
  static constexpr double kEps = 1e-8, kSigma = 1e-4, kBeta = 0.5;
  static constexpr int kMaxTrials = 60;

  // eps: the bound on the active tolerance eps_k (> 0).
  explicit TwoMetricProjection(Index n, double eps = kEps)
      : eps_(eps), active_(static_cast<std::size_t>(n), 0) {}

  // Marks I+ at (x, g); returns its size.
  Index classify(const Bounds<S>& box, const Vec<S>& x, const Vec<S>& g);
  bool active(Index i) const { return active_[static_cast<std::size_t>(i)] != 0; }

  struct Outcome {
    bool ok = false;
    S alpha = S(0);
    std::string message;  // why it failed (empty on success)
  };
  // The arc search from `cur` along d (d = -D g, D diagonal on I+ as classified at cur); on
  // success `next` holds x(alpha) with its f and g.
  Outcome search(Evaluator<S>& eval, const Bounds<S>& box, const Iterate<S>& cur, const Vec<S>& d,
                 Iterate<S>& next) const;

 private:
  double eps_;
  std::vector<char> active_;
};

}  // namespace optim
