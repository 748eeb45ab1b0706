#include "optim/first_order/momentum_schedule.hpp"

#include <algorithm>

namespace optim {

const settings::FieldTable<MomentumSchedule>& momentum_schedule_fields() {
  using namespace settings;
  using P = MomentumSchedule;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        choice("momentum_schedule", &P::kind,
               {{"constant", MomentumScheduleKind::Constant},
                {"sutskever", MomentumScheduleKind::Sutskever},
                {"linear", MomentumScheduleKind::Linear}},
               "mu_k: constant | sutskever min(1 - 1/(2(floor(k/P)+1)), momentum) | linear ramp "
               "from momentum_start to momentum"),
        real("momentum_start", &P::start, "mu_0 of the linear momentum ramp",
             Range::unit_interval()),
        integer("momentum_period", &P::period, "P of the sutskever momentum schedule",
                Range::at_least(1), "updates"),
        integer("momentum_ramp", &P::ramp, "K of the linear momentum ramp", Range::at_least(1),
                "updates"),
    };
    return t;
  }();
  return table;
}

double momentum_at(const MomentumSchedule& s, double mu, std::int64_t k) {
  switch (s.kind) {
    case MomentumScheduleKind::Constant:
      return mu;
    case MomentumScheduleKind::Sutskever: {
      // 2^(-1 - log2(m)) = 1/(2m) exactly for m = floor(k/P) + 1: no log or pow needed.
      const double m = static_cast<double>(k / s.period) + 1;
      return std::min(1 - 1 / (2 * m), mu);
    }
    case MomentumScheduleKind::Linear: {
      const double t = std::min(static_cast<double>(k) / static_cast<double>(s.ramp), 1.0);
      return s.start + (mu - s.start) * t;
    }
  }
  return mu;
}

}  // namespace optim
