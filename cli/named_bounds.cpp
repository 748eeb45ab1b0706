#include "named_bounds.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "command.hpp"
#include "studies_table.hpp"

namespace optim::cli {
namespace {

std::string trimmed(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// One side of LO:HI: empty is `open` (unbounded), else a number, inf and -inf included.
double side(const std::string& text, double open, const std::string& item) {
  const std::string t = trimmed(text);
  if (t.empty()) return open;
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || std::isnan(v)) {
    throw UsageError("--bounds: '" + t + "' in '" + item +
                     "' is not a number (expected NAME=LO:HI, e.g. b1=0:inf)");
  }
  return v;
}

}  // namespace

NamedBounds parse_named_bounds(const std::string& text, const std::vector<std::string>& names,
                               const std::string& noun) {
  const double inf = std::numeric_limits<double>::infinity();
  NamedBounds out;
  out.lower.assign(names.size(), -inf);
  out.upper.assign(names.size(), inf);
  std::vector<char> seen(names.size(), 0);
  for (const std::string& item : split_names(text, "--bounds")) {
    const size_t eq = item.find('=');
    const size_t colon = eq == std::string::npos ? std::string::npos : item.find(':', eq);
    if (eq == std::string::npos || colon == std::string::npos ||
        item.find(':', colon + 1) != std::string::npos) {
      throw UsageError("--bounds: '" + item + "' is not NAME=LO:HI (e.g. b1=0:inf, b2=:5)");
    }
    const std::string name = trimmed(item.substr(0, eq));
    const auto it = std::find(names.begin(), names.end(), name);
    if (name.empty() || it == names.end()) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      throw UsageError("--bounds: unknown " + noun + " '" + name + "' in '" + item + "' (" + noun +
                       "s: " + list + ")");
    }
    const auto k = static_cast<size_t>(it - names.begin());
    if (seen[k] != 0)
      throw UsageError("--bounds: " + noun + " '" + name + "' is bounded twice ('" + item + "')");
    seen[k] = 1;
    const double lo = side(item.substr(eq + 1, colon - eq - 1), -inf, item);
    const double hi = side(item.substr(colon + 1), inf, item);
    if (lo == inf || hi == -inf) {
      throw UsageError("--bounds: '" + item + "' leaves no value (LO = inf or HI = -inf)");
    }
    if (lo > hi) throw UsageError("--bounds: '" + item + "' has LO > HI");
    out.lower[k] = lo;
    out.upper[k] = hi;
  }
  return out;
}

}  // namespace optim::cli
