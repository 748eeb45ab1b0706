#pragma once
// The outer loop of a trust-region method (Nocedal & Wright, Algorithm 4.1), shared by newton-cg
// (Steihaug-Toint subproblem), trust-region (exact or dogleg subproblem) and sr1: within one
// iteration, solve the subproblem min m(p) = g'p + 1/2 p'Bp over |p| <= Delta, evaluate
// x + p, form rho = (f(x) - f(x + p)) / (m(0) - m(p)), update Delta (trust_radius.hpp), and
// accept when rho >= eta; a rejected trial solves again with the smaller radius, at most
// max_trials times. A trial whose value or gradient is not finite is rejected (rho = -inf).
// Near a minimiser both reductions fall to the rounding of f, where their ratio is noise and
// would shrink the radius to nothing before the gradient tests can be met; as Conn, Gould &
// Toint recommend (Trust-Region Methods, SIAM 2000, section 17.4.2), both are raised by
// 10 eps max(1, |f|) first, so that reductions at rounding level give rho ~ 1.
// The radius is the method's state (checkpointed by the caller).
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "optim/method.hpp"
#include "optim/second_order/trust_radius.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct TrustRegionSettings {
  double delta0 = 1;        // initial trust radius, > 0
  double delta_max = 1e10;  // largest trust radius (N&W's Delta-hat), >= delta0
  double eta = 1e-4;        // accept a trial when rho >= eta, in [0, 0.25)
  long max_trials = 60;     // rejected trials within one iteration, >= 1
};
// The fields delta0, delta_max, eta, max_trials (and the rule delta0 <= delta_max), embedded in
// each trust-region method's table.
settings::FieldTable<TrustRegionSettings> trust_region_fields();

// What a subproblem solver reports for the step it wrote.
template <class S>
struct TrustStep {
  S model = S(0);  // m(p) = g'p + 1/2 p'Bp
  S step_norm = S(0);
  bool on_boundary = false;
};

// Called after each trial with a finite value and gradient, accepted or not (SR1 updates its
// matrix from every such trial, N&W Algorithm 6.2).
struct NoTrialHook {
  template <class S>
  void operator()(const Vec<S>& /*step*/, const Iterate<S>& /*trial*/) const {}
};

// One iteration of Algorithm 4.1. `solve(delta, step)` writes the step for radius delta into
// `step` and returns its TrustStep. On acceptance `next` holds x + p with f and g; `delta` is
// the updated radius either way.
template <class S, class Solve, class Hook = NoTrialHook>
StepReport trust_region_iteration(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next,
                                  Vec<S>& step, S& delta, const TrustRegionSettings& t,
                                  const char* name, Solve&& solve, Hook&& after_trial = {}) {
  const S floor = std::numeric_limits<S>::epsilon() * std::max(S(1), cur.x.norm());
  for (long trial = 0; trial < t.max_trials; ++trial) {
    if (delta <= floor) {
      // Latched by the radius itself: the state reports it again without evaluating.
      return {Status::ConvergedStep, static_cast<double>(delta),
              std::string(name) +
                  ": trust radius below machine precision relative to |x|; no further "
                  "reduction is possible",
              true};
    }
    const TrustStep<S> ts = solve(delta, step);
    next.x = cur.x + step;
    if (next.x == cur.x) {
      // The step is below the rounding of x (a tiny radius, or a model with huge curvature):
      // the trial would be x itself, whose "reduction" 0 says nothing about the model.
      return {Status::ConvergedStep, static_cast<double>(delta),
              std::string(name) +
                  ": the step is below the rounding of x; no further progress is "
                  "possible"};
    }
    next.f = eval.value_gradient(next.x, next.g);
    next.exact = true;
    const bool finite = std::isfinite(static_cast<double>(next.f)) && next.g.allFinite();
    const double guard = 10.0 * std::numeric_limits<S>::epsilon() *
                         std::max(1.0, std::abs(static_cast<double>(cur.f)));
    const double predicted = -static_cast<double>(ts.model);
    const double actual = static_cast<double>(cur.f) - static_cast<double>(next.f);
    const double rho = finite && predicted > 0 ? (actual + guard) / (predicted + guard)
                                               : -std::numeric_limits<double>::infinity();
    if (finite) after_trial(step, next);
    const S used = delta;
    delta = static_cast<S>(next_trust_radius(static_cast<double>(delta),
                                             static_cast<double>(ts.step_norm), ts.on_boundary, rho,
                                             t.delta_max));
    if (rho >= t.eta) return {Status::Running, static_cast<double>(used), {}};
  }
  return {Status::LineSearchFailed, static_cast<double>(delta),
          std::string(name) + ": no acceptable trial step after max_trials radius reductions"};
}

}  // namespace optim
