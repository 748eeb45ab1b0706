#include "optim/first_order/schedule.hpp"

#include <stdexcept>

namespace optim {

std::vector<HyperParam> schedule_params() {
  return {{"schedule", "constant", "learning-rate schedule: constant"}};
}

std::unique_ptr<Schedule> make_schedule(const ParamSet& params) {
  const std::string name = params.get_string("schedule", "constant");
  if (name == "constant") return std::make_unique<ConstantSchedule>();
  throw std::invalid_argument("unknown schedule '" + name + "' (known: constant)");
}

}  // namespace optim
