#pragma once
// Hyperparameters as the user typed them, each with the spelling that gave it: a dedicated flag
// ("--lr 2.5e-6") or a --param entry ("--param lr=2.5e-6"). Both spellings pass the typed text to
// the method unchanged (no conversion to double and back, so no digits are lost) and through the
// same ParamSet getters and range checks; one setting given twice, in two spellings or twice in
// one, is an error naming both. Library validation errors about a setting the user gave are
// restated with the user's spelling and text ("--lr '0': must be > 0 and finite").
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "optim/params.hpp"

namespace optim::cli {

class UserSettings {
 public:
  // Records key = value given by `spelling` ("--lr", "--param lr"); throws UsageError when the key
  // was already given.
  void add(const std::string& key, const std::string& value, const std::string& spelling);
  // A command option checked by the library under the name `field` (e.g. "keep_input" for
  // --keep-input): not a method setting, but its range errors are restated with `spelling` too.
  void name_option(const std::string& field, const std::string& spelling, const std::string& value);
  // Every key=v entry of one --param argument ("a=1,b=2"), each spelled "--param KEY".
  void add_param_list(const std::string& text);

  bool has(const std::string& key) const { return given_.count(key) != 0; }
  // The spelling that gave `key` ("--lr" or "--param lr"); "" when the user did not give it.
  std::string spelling(const std::string& key) const;
  // "--m 1000000000" / "--param m=1000000000": how the user gave `key`, for messages.
  std::string as_typed(const std::string& key) const;
  // Every recorded setting except the keys in `except` (settings the command handles itself).
  ParamSet params(const std::set<std::string>& except = {}) const;
  // Every recorded key must name one of `known` (or be in `except`); otherwise a UsageError with
  // the user's spelling, `owner` and the known keys: "--beta2: unknown hyperparameter 'beta2' for
  // method lbfgs (known: m, ...)".
  void check_known(const std::string& owner, const std::vector<HyperParam>& known,
                   const std::set<std::string>& except = {}) const;

  // Calls f(); an InvalidValue about a key the user gave becomes a UsageError in the user's terms.
  template <class F>
  decltype(auto) restate_errors(F&& f) const {
    try {
      return f();
    } catch (const InvalidValue& e) {
      restate(e);
    }
  }
  [[noreturn]] void restate(const InvalidValue& e) const;

 private:
  struct Given {
    std::string value, spelling;
  };
  std::map<std::string, Given> given_;
  std::map<std::string, Given> options_;  // name_option: for messages only
};

}  // namespace optim::cli
