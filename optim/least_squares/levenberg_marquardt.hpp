#pragma once
// Levenberg-Marquardt in Moré's scaled trust-region form (J. J. Moré, "The Levenberg-Marquardt
// algorithm: implementation and theory", Numerical Analysis, LNM 630, 1978; the MINPACK lmder
// design). Each iteration solves
//     min ||r + J p||  subject to  ||D p|| <= Delta,
// whose solution is p(lambda) = -(J'J + lambda D'D)^{-1} J'r with lambda >= 0 chosen so that
// ||D p|| ~ Delta (the secular equation phi(lambda) = ||D p(lambda)|| - Delta = 0, solved by Moré's
// safeguarded Newton iteration, section 5). D holds the running maximum of the column norms of J
// (section 6), which makes the method invariant to the scaling of the parameters. The trust radius
// follows the ratio rho = actual / predicted reduction (section 4). The damping interpolates
// between Gauss-Newton (lambda -> 0) and scaled gradient descent (lambda -> inf), which is the
// seed's "gradient descent away from w*" (seed 003, Levenberg Marquardt).
//
// Optional geodesic acceleration (M. K. Transtrum and J. P. Sethna, "Improvements to the
// Levenberg-Marquardt algorithm for nonlinear least-squares minimization", arXiv:1201.5885,
// 2012, section 3): the LM step v is a velocity along a geodesic of the model manifold; the
// second-order correction a solves the same damped system for the directional second derivative
//     r_vv ~ (2/h) ((r(x + h v) - r(x)) / h - J v)           (their eq. 15, one extra residual
//     a = -(J'J + lambda D'D)^{-1} J' r_vv                      evaluation per trial)
// and the trial step is v + a/2, used only when 2 ||D a|| / ||D v|| <= accel_alpha (their
// acceptance rule, alpha = 0.75). It helps in narrow curved valleys, where v alone overshoots.
//
// Bounds l <= x <= u (Method::accepts_bounds; the box is read from the evaluator). An active-set
// form of the same trust-region iteration, which leaves the unbounded path untouched:
//   - held variables: fixed ones, and those on a bound whose gradient component g = J'r points
//     out of the box (the active set of D. P. Bertsekas, "Projected Newton methods for
//     optimization problems with simple constraints", SIAM J. Control Optim. 20, 1982), found
//     again from the gradient at every iteration, so that a variable is released as soon as the
//     sign of its multiplier changes;
//   - the step p solves Moré's subproblem on the free variables (J with the held columns zeroed,
//     the same lambda iteration and scaling D); a free variable on a bound that p would push out
//     is held too and the subproblem solved again;
//   - the trial point is the better, by the linear model ||r + J s||, of p truncated at the first
//     bound it meets and the projection P(x + p) (the projected Levenberg-Marquardt step of
//     C. Kanzow, N. Yamashita & M. Fukushima, J. Comput. Appl. Math. 172, 2004; choosing among
//     candidate steps by model value as M. A. Branch, T. F. Coleman & Y. Li, SIAM J. Sci.
//     Comput. 21, 1999). The truncated step alpha p, 0 < alpha <= 1, always reduces the model:
//     d/dt ||r + t J p||^2 / 2 = (t - 1) ||J p||^2 - lambda ||D p||^2 < 0 on [0, 1], from
//     J'r = -(J'J + lambda D'D) p; so the chosen step has a positive predicted reduction, and
//     Moré's ratio test and radius update apply to it unchanged (with the reduction and
//     directional derivative of s itself);
//   - every trial point lies in the box (projection, the blocking variables set exactly on their
//     bounds), and the run stops when P(x - g) = x (every free gradient component zero) besides
//     Moré's tests: at the end the free variables are stationary and each held one has a
//     multiplier of the right sign, a KKT point of the box (the driver reports ||P(x - g) - x||).
// Geodesic acceleration is refused with bounds.
#include <string>

#include "optim/method.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct LevenbergMarquardtParams {
  double radius_factor = 100;  // Delta_0 = factor * ||D x0|| (factor when x0 = 0), Moré's choice
  // Moré's ftol/xtol/gtol, named apart from the driver's stopping tests of those names.
  double reduction_tol = 1e-15;  // stop when actual and predicted relative reductions <= this
  double radius_tol = 1e-15;     // stop when Delta <= radius_tol * ||D x||
  double cosine_tol = 0;        // stop when max_j |J_j' r| / (||J_j|| ||r||) <= cosine_tol (0: off)
  double eta = 1e-4;            // accept a trial when rho >= eta
  bool scaling = true;          // D from the column norms of J (false: D = I, plain Levenberg)
  int max_trials = 60;          // rejected trials within one iteration before reporting no progress
  bool geodesic_accel = false;  // Transtrum & Sethna 2012 second-order correction
  double accel_alpha = 0.75;    // use v + a/2 only when 2 ||D a|| / ||D v|| <= alpha, > 0
  double accel_h = 0.1;         // finite-difference step for r_vv, relative to v, > 0
  void validate() const;
};
const settings::FieldTable<LevenbergMarquardtParams>& levenberg_marquardt_fields();

template <class S>
class LevenbergMarquardt final : public Method<S> {
 public:
  explicit LevenbergMarquardt(LevenbergMarquardtParams p = {});
  std::string name() const override { return "lm"; }
  bool accepts_bounds() const override { return true; }
  // Throws std::invalid_argument when the objective is not a LeastSquaresObjective.
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;
  const LevenbergMarquardtParams& params() const { return p_; }

 private:
  LevenbergMarquardtParams p_;
};

}  // namespace optim
