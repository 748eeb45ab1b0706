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
  // Throws std::invalid_argument when the objective is not a LeastSquaresObjective.
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;
  const LevenbergMarquardtParams& params() const { return p_; }

 private:
  LevenbergMarquardtParams p_;
};

}  // namespace optim
