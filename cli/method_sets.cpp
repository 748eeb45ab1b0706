#include "method_sets.hpp"

#include "command.hpp"
#include "method_flags.hpp"
#include "optim/registry.hpp"
#include "studies_table.hpp"

namespace optim::cli {

std::vector<MethodChoice> parse_method_sets(const std::string& methods,
                                            const std::vector<std::string>& sets) {
  std::vector<MethodChoice> out;
  std::string listed;
  for (const auto& name : split_names(methods, "--methods")) {
    find_method(name);  // an unknown name fails here, listing the known ones
    out.push_back({name, {}});
    listed += (listed.empty() ? "" : ",") + name;
  }
  for (const auto& s : sets) {
    const auto dot = s.find('.');
    const auto eq = s.find('=');
    if (dot == std::string::npos || eq == std::string::npos || dot > eq || dot == 0 ||
        eq == dot + 1) {
      throw UsageError("--set '" + s + "': expected METHOD.KEY=VALUE (e.g. gd.lr=0.001)");
    }
    const std::string method = s.substr(0, dot), key = s.substr(dot + 1, eq - dot - 1);
    bool found = false;
    for (auto& choice : out) {
      if (choice.name != method) continue;
      choice.settings.add(key, s.substr(eq + 1), "--set " + method + "." + key);
      found = true;
    }
    if (!found) {
      throw UsageError("--set '" + s + "': method '" + method + "' is not in --methods (" + listed +
                       ")");
    }
  }
  for (const auto& choice : out) (void)make_user_method<double>(choice.name, choice.settings);
  return out;
}

}  // namespace optim::cli
