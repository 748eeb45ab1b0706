#pragma once
// The flags of a command that runs ONE method (minimize, train, fit): --method NAME, --param
// KEY=VALUE (repeatable, comma lists) and one generated --KEY VALUE flag for every hyperparameter
// any registered method declares (from the field tables: --lr, --beta2, --weight-decay,
// --line-search, --plateau-patience, ...). Values stay the text the user typed (UserSettings); a
// key given twice, in one spelling or two, is refused; a key the chosen method does not have is
// refused naming the flag, the method and its keys; a bad value is restated with the user's
// spelling ("--lr '0': must be > 0 and finite").
#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "optim/method.hpp"
#include "optim/params.hpp"
#include "user_settings.hpp"

namespace optim::cli {

struct MethodFlags {
  std::string method;
  std::vector<std::string> params;           // --param k=v
  std::map<std::string, std::string> named;  // --KEY values as given, by key
  // Both spellings as typed; a key given by --KEY and by --param (or twice) is a UsageError.
  UserSettings settings() const;
  ParamSet to_params() const { return settings().params(); }
};

// How one command spells its method flags, where it differs from minimize's.
struct MethodFlagSpelling {
  std::string method_names = "--method,-m";  // CLI11 names of the method option
  std::string default_method = {};
  // Keys whose flag the command defines itself with its own meaning (train's --seed seeds the
  // data, the network and the shuffling): no generated flag.
  std::set<std::string> own_keys = {};
  // More names of a key's flag ("batch_size" -> "--batch").
  std::map<std::string, std::string> aliases = {};
  // Help replacing the generated one (train's batch size has its own default).
  std::map<std::string, std::string> help = {};
};

void add_method_flags(CLI::App& app, MethodFlags& flags, const MethodFlagSpelling& spelling);

// The named method built from what the user gave: `settings` are checked against the method's keys
// (except `handled`, keys the command consumes itself), `params` (default: settings.params()) is
// what the method is built from, value errors are restated in the user's terms.
template <class S>
std::unique_ptr<Method<S>> make_user_method(const std::string& method, const UserSettings& settings,
                                            const ParamSet* params = nullptr,
                                            const std::set<std::string>& handled = {});

}  // namespace optim::cli
