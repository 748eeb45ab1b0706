#include "optim/settings/stop_fields.hpp"

namespace optim::settings {

const FieldTable<StopOptions>& stop_fields() {
  static const FieldTable<StopOptions> table = [] {
    using O = StopOptions;
    FieldTable<O> t;
    t.fields = {
        real("gtol", &O::gtol, "stop when ||g|| <= gtol (0 disables)", Range::at_least(0)),
        real("gtol_rel", &O::gtol_rel, "stop when ||g|| <= gtol_rel ||g_0|| (0 disables)",
             Range::at_least(0)),
        choice("grad_norm", &O::grad_norm, {{"inf", NormKind::Inf}, {"two", NormKind::Two}},
               "norm of the gradient tests"),
        real("xtol", &O::xtol,
             "stop when ||x_k - x_{k-1}|| <= xtol (xtol_rel_base + ||x_k||) (0 disables)",
             Range::at_least(0)),
        real("xtol_rel_base", &O::xtol_rel_base, "additive base of the step test's scale",
             Range::at_least(0)),
        real("ftol", &O::ftol, "stop when |f_k - f_{k-1}| <= ftol max(|f_k|, tiny) (0 disables)",
             Range::at_least(0)),
        integer("max_iter", &O::max_iter, "iteration budget", Range::at_least(1), "iterations"),
        integer("max_evals", &O::max_evals, "budget of f evaluations (0: unlimited)",
                Range::at_least(0), "evaluations"),
        real("time_limit_s", &O::time_limit_s, "wall-time budget (0: unlimited)",
             Range::at_least(0), "seconds"),
    };
    return t;
  }();
  return table;
}

}  // namespace optim::settings
