#pragma once
// The field table of the stopping tests (optim/stop_options.hpp): their names, types, ranges and
// help once, for StopOptions::validate(), for front ends that take them by name (the Python
// module's `options`) and for their generated documentation.
#include "optim/settings/field_table.hpp"
#include "optim/stop_options.hpp"

namespace optim::settings {

const FieldTable<StopOptions>& stop_fields();

}  // namespace optim::settings
