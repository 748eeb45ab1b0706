#include "method_flags.hpp"

#include <algorithm>

#include "command.hpp"
#include "optim/registry.hpp"

namespace optim::cli {
namespace {
std::string dashed(std::string key) {
  std::replace(key.begin(), key.end(), '_', '-');
  return key;
}
}  // namespace

UserSettings MethodFlags::settings() const {
  UserSettings s;
  // The spelling `--help` shows first for batch_size and the like: --batch-size.
  for (const auto& [k, v] : named) s.add(k, v, "--" + dashed(k));
  for (const auto& kv : params) s.add_param_list(kv);
  return s;
}

void add_method_flags(CLI::App& app, MethodFlags& flags, const MethodFlagSpelling& spelling) {
  flags.method = spelling.default_method;
  app.add_option(spelling.method_names, flags.method, "optimization method (see `optim list`)")
      ->capture_default_str();
  app.add_option("--param", flags.params, "hyperparameter key=value (repeatable, comma lists ok)");
  std::set<std::string> seen;
  for (const auto& m : all_methods()) {
    for (const auto& hp : m.params) {
      if (spelling.own_keys.count(hp.name) || !seen.insert(hp.name).second) continue;
      std::string names = "--" + hp.name;
      if (dashed(hp.name) != hp.name) names += ",--" + dashed(hp.name);
      const auto alias = spelling.aliases.find(hp.name);
      if (alias != spelling.aliases.end()) names += "," + alias->second;
      const auto help = spelling.help.find(hp.name);
      const std::string text = help != spelling.help.end()
                                   ? help->second
                                   : hp.help + " (default " + hp.default_value + ")";
      const std::string key = hp.name;
      app.add_option_function<std::string>(
             names, [&flags, key](const std::string& v) { flags.named[key] = v; }, text)
          ->group("Hyperparameters (only those of the chosen method are accepted)");
    }
  }
}

template <class S>
std::unique_ptr<Method<S>> make_user_method(const std::string& method, const UserSettings& settings,
                                            const ParamSet* params,
                                            const std::set<std::string>& handled) {
  settings.check_known("method " + method, find_method(method).params, handled);
  const ParamSet given = params == nullptr ? settings.params() : ParamSet{};
  return settings.restate_errors(
      [&] { return make_method<S>(method, params == nullptr ? given : *params); });
}

template std::unique_ptr<Method<float>> make_user_method(const std::string&, const UserSettings&,
                                                         const ParamSet*,
                                                         const std::set<std::string>&);
template std::unique_ptr<Method<double>> make_user_method(const std::string&, const UserSettings&,
                                                          const ParamSet*,
                                                          const std::set<std::string>&);

}  // namespace optim::cli
