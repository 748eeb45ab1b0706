#include "optim/stop_options.hpp"

#include "optim/settings/stop_fields.hpp"

namespace optim {

// The ranges live in the stopping tests' field table (optim/settings/stop_fields.cpp).
void StopOptions::validate() const {
  settings::stop_fields().validate(*this);
}

}  // namespace optim
