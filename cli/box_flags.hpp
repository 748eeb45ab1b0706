#pragma once
// --lower / --upper: the box of a run, shared by every command that runs methods on a problem
// (minimize, compare, plot contour). Each flag is a list of n values or one value for every
// coordinate; inf and -inf leave a side open.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "optim/bounds/bounds.hpp"

namespace optim::cli {

struct BoxFlags {
  std::string lower, upper;
  bool given() const { return !lower.empty() || !upper.empty(); }
};
void add_box_flags(CLI::App& app, BoxFlags& flags);

// The box of the flags for an n-dimensional problem, nullopt when neither flag is given. Throws
// UsageError naming the flag: a list of neither 1 nor n values, a NaN, a lower above its upper.
template <class S>
std::optional<Bounds<S>> box_of(const BoxFlags& flags, Index n);

// Throws UsageError when a box that constrains is given to a method that does not honour bounds,
// naming the flag that gave the box and the methods that do.
void require_accepts_bounds(const std::string& method_name, bool accepts_bounds,
                            const std::string& flag = "--lower/--upper");

}  // namespace optim::cli
