#include "optim/params.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace optim {

namespace {
std::string num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}
}  // namespace

void throw_out_of_range(const std::string& field, double value, const std::string& allowed) {
  throw InvalidValue(field, num(value), "must be " + allowed,
                     "invalid " + field + " = " + num(value) + ": must be " + allowed);
}

void require_positive(const std::string& field, double value) {
  if (!(value > 0) || !std::isfinite(value)) throw_out_of_range(field, value, "> 0 and finite");
}

void require_at_least(const std::string& field, double value, double lo) {
  if (!(value >= lo) || std::isnan(value)) throw_out_of_range(field, value, ">= " + num(lo));
}

void require_in_unit_interval(const std::string& field, double value) {
  if (!(value >= 0 && value < 1)) throw_out_of_range(field, value, "in [0, 1)");
}

void require_in_open_unit_interval(const std::string& field, double value) {
  if (!(value > 0 && value < 1)) throw_out_of_range(field, value, "in (0, 1)");
}

double ParamSet::get_double(const std::string& key, double fallback) const {
  auto it = kv_.find(key);
  if (it == kv_.end()) return fallback;
  const std::string& s = it->second;
  // strtod, not std::stod: stod throws for a value that underflows to a subnormal or to 0 or that
  // overflows, although the text is a number; those values are returned as rounded (a subnormal,
  // 0 or +-inf) so that the method's own range check reports them ("must be > 0 and finite").
  char* end = nullptr;
  const double v = s.empty() ? 0.0 : std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) {
    throw InvalidValue(key, s, "not a number",
                       "hyperparameter '" + key + "' = '" + s + "' is not a number");
  }
  return v;
}

long ParamSet::get_int(const std::string& key, long fallback) const {
  auto it = kv_.find(key);
  if (it == kv_.end()) return fallback;
  const std::string& s = it->second;
  try {
    size_t used = 0;
    long v = std::stol(s, &used);
    if (used != s.size()) throw std::invalid_argument(s);
    return v;
  } catch (const std::exception&) {
    throw InvalidValue(key, s, "not an integer",
                       "hyperparameter '" + key + "' = '" + s + "' is not an integer");
  }
}

bool ParamSet::get_bool(const std::string& key, bool fallback) const {
  auto it = kv_.find(key);
  if (it == kv_.end()) return fallback;
  const std::string& s = it->second;
  if (s == "1" || s == "true" || s == "yes" || s == "on") return true;
  if (s == "0" || s == "false" || s == "no" || s == "off") return false;
  throw InvalidValue(key, s, "not a boolean (true/false)",
                     "hyperparameter '" + key + "' = '" + s + "' is not a boolean (true/false)");
}

std::string ParamSet::get_string(const std::string& key, const std::string& fallback) const {
  auto it = kv_.find(key);
  return it == kv_.end() ? fallback : it->second;
}

void ParamSet::check_known(const std::string& owner, const std::vector<HyperParam>& known) const {
  for (const auto& [key, value] : kv_) {
    bool found = false;
    for (const auto& hp : known) found = found || hp.name == key;
    if (!found) {
      std::string names;
      for (const auto& hp : known) names += (names.empty() ? "" : ", ") + hp.name;
      throw std::invalid_argument("unknown hyperparameter '" + key + "' for " + owner +
                                  (names.empty() ? " (it takes none)" : " (known: " + names + ")"));
    }
  }
}

ParamSet ParamSet::parse(const std::string& text) {
  ParamSet out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw std::invalid_argument("expected key=value in '" + item + "'");
    }
    out.set(item.substr(0, eq), item.substr(eq + 1));
  }
  return out;
}

}  // namespace optim
