#include "box_flags.hpp"

#include <cmath>
#include <limits>

#include "command.hpp"
#include "common.hpp"
#include "optim/bounds/bounded_run.hpp"

namespace optim::cli {

void add_box_flags(CLI::App& app, BoxFlags& flags) {
  app.add_option("--lower", flags.lower,
                 "lower bounds l1,l2,... or one for every coordinate (-inf: none)");
  app.add_option("--upper", flags.upper,
                 "upper bounds u1,u2,... or one for every coordinate (inf: none)");
}

namespace {

template <class S>
Vec<S> side(const std::string& text, const char* flag, S open, Index n) {
  Vec<S> v = Vec<S>::Constant(n, open);
  if (text.empty()) return v;
  const auto values = parse_list(text, flag);
  if (values.size() != 1 && static_cast<Index>(values.size()) != n) {
    throw UsageError(std::string(flag) + " has " + std::to_string(values.size()) +
                     " values: give one (for every coordinate) or " + std::to_string(n));
  }
  for (Index i = 0; i < n; ++i) {
    const double b = values.size() == 1 ? values[0] : values[size_t(i)];
    if (std::isnan(b)) {
      throw UsageError(std::string(flag) + ": value " + std::to_string(i + 1) + " is NaN");
    }
    v[i] = static_cast<S>(b);
  }
  return v;
}

}  // namespace

template <class S>
std::optional<Bounds<S>> box_of(const BoxFlags& flags, Index n) {
  if (!flags.given()) return std::nullopt;
  const S inf = std::numeric_limits<S>::infinity();
  Vec<S> lo = side<S>(flags.lower, "--lower", -inf, n);
  Vec<S> hi = side<S>(flags.upper, "--upper", inf, n);
  try {
    return Bounds<S>(std::move(lo), std::move(hi));
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--lower/--upper: ") + e.what());
  }
}

void require_accepts_bounds(const std::string& method_name, bool accepts_bounds,
                            const std::string& flag) {
  if (accepts_bounds) return;
  throw UsageError(flag + ": method '" + method_name +
                   "' does not accept bounds (methods that do: " + methods_accepting_bounds() +
                   ")");
}

template std::optional<Bounds<float>> box_of<float>(const BoxFlags&, Index);
template std::optional<Bounds<double>> box_of<double>(const BoxFlags&, Index);

}  // namespace optim::cli
