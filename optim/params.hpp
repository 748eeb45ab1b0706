#pragma once
// Hyperparameters by name, for the runtime-selected surface (CLI, later Python): a method is
// chosen by name and configured with string key/values; each method declares what it accepts
// (name, default, allowed range, help) so that `optim list` and the validation messages come from
// one place. Validation helpers throw std::invalid_argument naming the field, the value and the
// allowed range.
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace optim {

// The error of every validation helper and ParamSet getter below: what() keeps the library's
// wording ("invalid lr = 0: must be > 0 and finite"), while the parts let a front end restate it
// in its own terms (the CLI names the flag the user typed, e.g. "--lr", and the value as typed).
struct InvalidValue : std::invalid_argument {
  InvalidValue(std::string field, std::string value, std::string problem, const std::string& what)
      : std::invalid_argument(what),
        field(std::move(field)),
        value(std::move(value)),
        problem(std::move(problem)) {}
  std::string field;    // "lr", or "lbfgs m": the hyperparameter key is the last word
  std::string value;    // as printed ("0") or as given ("abc")
  std::string problem;  // "must be > 0 and finite", "not a number"
};

[[noreturn]] void throw_out_of_range(const std::string& field, double value,
                                     const std::string& allowed);
void require_positive(const std::string& field, double value);               // value > 0
void require_at_least(const std::string& field, double value, double lo);    // value >= lo
void require_in_unit_interval(const std::string& field, double value);       // 0 <= value < 1
void require_in_open_unit_interval(const std::string& field, double value);  // 0 < value < 1

// Declared hyperparameter of a method (for listings and unknown-key errors).
struct HyperParam {
  std::string name;
  std::string default_value;  // text that reads back to the settings struct's default
  std::string help;           // includes the allowed range
  std::string type;           // "real", "integer", "boolean", "choice" (settings/field_table.hpp)
  std::string allowed;        // the range or the choices alone
  std::string unit;           // empty when the setting has none
};

// Key/value hyperparameters given by a user. Getters fall back to the default and convert with a
// clear error ("hyperparameter 'lr' = 'abc' is not a number").
class ParamSet {
 public:
  ParamSet() = default;
  ParamSet(std::initializer_list<std::pair<const std::string, std::string>> init) : kv_(init) {}

  void set(const std::string& key, const std::string& value) { kv_[key] = value; }
  bool has(const std::string& key) const { return kv_.count(key) != 0; }
  double get_double(const std::string& key, double fallback) const;
  long get_int(const std::string& key, long fallback) const;
  bool get_bool(const std::string& key, bool fallback) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  const std::map<std::string, std::string>& items() const { return kv_; }

  // Throws std::invalid_argument for any key not in `known`, listing the accepted names.
  void check_known(const std::string& owner, const std::vector<HyperParam>& known) const;

  // Parses "a=1,b=2" (used by the CLI's --param and by tests).
  static ParamSet parse(const std::string& text);

 private:
  std::map<std::string, std::string> kv_;
};

}  // namespace optim
