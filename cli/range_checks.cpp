#include "range_checks.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace optim::cli {

std::string shortest(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  return std::string(buf, r.ptr);
}

namespace {
// "" when `text` is a number within [lo, hi]; else the reason. NaN is never in range.
std::string check_range(const std::string& text, double lo, double hi) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) return "'" + text + "' is not a number";
  if (std::isnan(v) || v < lo) {
    return text + " is out of range: must be >= " + shortest(lo) +
           (std::isfinite(hi) ? " and <= " + shortest(hi) : "");
  }
  if (v > hi) return text + " is out of range: must be <= " + shortest(hi);
  return "";
}
}  // namespace

CLI::Validator at_least(double lo) {
  return CLI::Validator([lo](std::string& text) { return check_range(text, lo, HUGE_VAL); },
                        ">= " + shortest(lo));
}

CLI::Validator in_range(double lo, double hi) {
  return CLI::Validator([lo, hi](std::string& text) { return check_range(text, lo, hi); },
                        "in [" + shortest(lo) + ", " + shortest(hi) + "]");
}

}  // namespace optim::cli
