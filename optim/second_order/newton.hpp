#pragma once
// Newton's method w <- w - rho H^{-1} grad e (seed 003 eqs. 6-10; seed 000 Prop. 3.10; seed 002
// "Newton's method (2nd order)"), with a choice of safeguard for indefinite or singular Hessians
// and a line search on rho (first trial rho = 1, the step of the Taylor model, seed 004 s. 4.4):
//   none           plain Newton, d = -H^{-1} g. Attracted to saddle points (seeds 000, 002): it
//                  solves grad = 0, whatever the curvature. A singular Hessian ends the run with
//                  Status::NumericalError; with a line search, an indefinite H that yields an
//                  ascent direction ends it with Status::LineSearchFailed.
//   identity_shift H + tau I with tau raised until the Cholesky factorisation succeeds
//                  (Nocedal & Wright, Algorithm 3.3, "Cholesky with added multiple of the
//                  identity"; beta = shift_beta).
//   eigen          eigenvalue modification (N&W section 3.4): lambda_i -> max(lambda_i, delta),
//                  negative curvature replaced by a small positive delta.
//   saddle_free    lambda_i -> max(|lambda_i|, delta): the saddle-free Newton step of Dauphin et
//                  al., "Identifying and attacking the saddle point problem in high-dimensional
//                  non-convex optimization", NeurIPS 2014 (eq. 11, |H| in place of H): negative
//                  curvature directions are descended at the same rate as positive ones.
// delta = eigen_delta * max(1, max_i |lambda_i|).
//
// On a box l <= x <= u (a run with bounds): Bertsekas' projected Newton method, "Projected Newton
// methods for optimization problems with simple constraints", SIAM J. Control Optim. 20(2),
// 1982 (optim/second_order/two_metric.hpp). Each step classifies the epsilon-active set (within
// eps of a bound, gradient pointing out), takes the Newton step above on the free variables (the
// reduced Hessian, with the same safeguard) and a diagonal Newton step on the active ones, and
// searches along the projected arc x(a) = P(x + a d) with Bertsekas' Armijo rule; every point it
// evaluates, the Hessian's difference probes included, lies in the box. The line_search setting
// applies to unbounded runs only: a bent path takes the arc search.
#include <memory>
#include <string>

#include "optim/line_search/line_search.hpp"
#include "optim/line_search/line_search_settings.hpp"
#include "optim/method.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

enum class HessianModification { None, IdentityShift, Eigen, SaddleFree };

std::string_view to_string(HessianModification m);
// Parses "none", "identity_shift", "eigen", "saddle_free"; throws std::invalid_argument otherwise.
HessianModification parse_hessian_modification(const std::string& s);

struct NewtonParams {
  HessianModification modification = HessianModification::IdentityShift;
  LineSearchSettings line_search{};  // kind None: full step rho = 1
  double shift_beta = 1e-3;          // N&W Alg. 3.3 beta, > 0
  double eigen_delta = 1e-8;         // relative eigenvalue floor delta, > 0
  double singular_tol = 1e-12;       // plain Newton: |lambda|min <= tol * |lambda|max is singular
  long max_shifts = 100;             // Alg. 3.3 doublings before giving up, >= 1
  double active_eps = 1e-8;          // on a box: Bertsekas' active tolerance bound, > 0
  void validate() const;             // throws std::invalid_argument naming field and range
};
const settings::FieldTable<NewtonParams>& newton_fields();

template <class S>
class Newton final : public Method<S> {
 public:
  explicit Newton(NewtonParams p = {});
  // A line search object of the caller's own (cloned per run) instead of p.line_search.
  Newton(NewtonParams p, std::unique_ptr<LineSearch<S>> line_search);
  std::string name() const override { return "newton"; }
  // An objective without a Hessian gets one from differences of its gradient (the driver).
  bool needs_hessian() const override { return true; }
  bool accepts_bounds() const override { return true; }
  // Throws std::invalid_argument when the objective has no Hessian (HessianProvider).
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;
  const NewtonParams& params() const { return p_; }

 private:
  NewtonParams p_;
  std::unique_ptr<LineSearch<S>> ls_;  // prototype, cloned per run (null: full step)
};

}  // namespace optim
