#pragma once
// The methods of a command that runs SEVERAL (compare, plot contour / convergence): --methods
// a,b,c and, for each, hyperparameters from --set METHOD.KEY=VALUE (repeatable). The one parser of
// these flags, with the rules of the one-method flags (method_flags.hpp): values kept as typed, a
// METHOD.KEY given twice refused, a key the method does not have refused naming the method and its
// keys, a bad value restated in the user's terms ("--set gd.lr '-1': must be > 0 and finite").
#include <string>
#include <vector>

#include "optim/params.hpp"
#include "user_settings.hpp"

namespace optim::cli {

struct MethodChoice {
  std::string name;       // registry name, as listed in --methods
  UserSettings settings;  // its --set entries, each spelled "--set NAME.KEY"
  ParamSet params() const { return settings.params(); }
};

// Every method of `methods` (unknown names refused, listing the known ones) with its --set
// entries; each is built once here so that a bad setting is refused before any run.
std::vector<MethodChoice> parse_method_sets(const std::string& methods,
                                            const std::vector<std::string>& sets);

}  // namespace optim::cli
