#include "optim/stop_options.hpp"

#include "optim/params.hpp"

namespace optim {

void StopOptions::validate() const {
  require_at_least("gtol", gtol, 0.0);
  require_at_least("gtol_rel", gtol_rel, 0.0);
  require_at_least("xtol", xtol, 0.0);
  require_at_least("xtol_rel_base", xtol_rel_base, 0.0);
  require_at_least("ftol", ftol, 0.0);
  require_at_least("max_iter", static_cast<double>(max_iter), 1.0);
  require_at_least("max_evals", static_cast<double>(max_evals), 0.0);
  require_at_least("time_limit_s", time_limit_s, 0.0);
}

}  // namespace optim
