#pragma once
// Range checks of numeric flags with messages in the user's terms ("--threads: 0 is out of range:
// must be >= 1"). CLI11's PositiveNumber / NonNegativeNumber print their bound with std::to_string,
// which writes DBL_MAX as a 309-digit number; these print bounds in the shortest form.
#include <CLI/CLI.hpp>
#include <string>

namespace optim::cli {

CLI::Validator at_least(double lo);             // value >= lo
CLI::Validator in_range(double lo, double hi);  // lo <= value <= hi

// The shortest text that reads back as v ("1", "0.001", "1e+308").
std::string shortest(double v);

}  // namespace optim::cli
