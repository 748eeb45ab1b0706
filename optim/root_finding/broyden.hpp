#pragma once
// Broyden's method for a square system r(x) = 0 (seed 003, the quasi-Newton family's "find
// zeroes"; Broyden 1965; Nocedal & Wright 2006, section 11.1, eq. 11.27): Newton's step with the
// Jacobian replaced by a matrix B_k that is updated by the "good" Broyden rank-one formula
//     B_{k+1} = B_k + (y_k - B_k s_k) s_k' / (s_k' s_k),   s_k = x_{k+1} - x_k,
//                                                         y_k = r(x_{k+1}) - r(x_k),
// the least change to B_k (in the Frobenius norm) that satisfies the secant equation
// B_{k+1} s_k = y_k. After the first, iterations evaluate residuals only, no Jacobian.
//
// B_0 is the objective's Jacobian at x_0 (exact for formulas and the MGH residuals; forward
// differences for a FiniteDifferenceLeastSquares adapter). The step d = -B^{-1} r is globalised
// by the same backtracking on 1/2 ||r||^2 as Newton's (root_finding.hpp). Restart on failure
// (Dennis & Schnabel 1983, section 8.3): when B is singular or the search finds no decrease along
// -B^{-1} r, B is replaced by the Jacobian at the current point and the step is tried again; only
// a failure with that fresh Jacobian ends the run (NumericalError, LineSearchFailed).
//
// Iterates carry f = 1/2 ||r||^2 exactly but the model gradient B'r in place of J'r (the exact
// gradient would cost the Jacobian Broyden avoids), so they are marked inexact: the driver's
// gradient, step and f-change tests do not apply, and the run stops on the residual test.
#include <memory>
#include <string>

#include "optim/method.hpp"
#include "optim/root_finding/root_finding.hpp"

namespace optim {

// The good Broyden update above, in place: b += (y - b s) s' / (s's). `bs` (n) is scratch.
// Returns false, leaving b unchanged, when s = 0.
template <class S>
bool broyden_update(Mat<S>& b, const Vec<S>& s, const Vec<S>& y, Vec<S>& bs);

template <class S>
class Broyden final : public Method<S> {
 public:
  explicit Broyden(RootFindingParams p = {});
  std::string name() const override { return "broyden"; }
  // Throws std::invalid_argument unless the objective is a square residual system.
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;
  // start() evaluates r and J at x0: B_0 = J(x_0).
  bool evaluates_start() const override { return true; }

 private:
  RootFindingParams p_;
};

}  // namespace optim
