#include "optim/second_order/trust_region_loop.hpp"

#include <stdexcept>

namespace optim {

settings::FieldTable<TrustRegionSettings> trust_region_fields() {
  using namespace settings;
  using P = TrustRegionSettings;
  FieldTable<P> t;
  Range eta_range = Range::unit_interval();
  eta_range.hi = 0.25;
  eta_range.hi_closed = false;
  eta_range.text = "in [0, 0.25)";
  t.fields = {
      real("delta0", &P::delta0, "initial trust radius", Range::positive()),
      real("delta_max", &P::delta_max, "largest trust radius", Range::positive()),
      real("eta", &P::eta, "accept a trial step when actual/predicted reduction >= eta", eta_range),
      integer("max_trials", &P::max_trials,
              "rejected trust-region trials per iteration before giving up", Range::at_least(1)),
  };
  t.rules.push_back([](const P& p, const std::string& o) {
    if (!(p.delta0 <= p.delta_max)) {
      throw std::invalid_argument("invalid " + field_label(o, "delta0") + " = " +
                                  real_text(p.delta0) +
                                  ": must be <= delta_max = " + real_text(p.delta_max));
    }
  });
  return t;
}

}  // namespace optim
