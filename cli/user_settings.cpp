#include "user_settings.hpp"

#include <stdexcept>

#include "command.hpp"

namespace optim::cli {

void UserSettings::add(const std::string& key, const std::string& value,
                       const std::string& spelling) {
  const auto it = given_.find(key);
  if (it != given_.end()) {
    const std::string& first = it->second.spelling;
    throw UsageError(first == spelling
                         ? spelling + " is given twice ('" + it->second.value + "' and '" + value +
                               "'): give it once"
                         : first + " and " + spelling + " both set '" + key + "' ('" +
                               it->second.value + "' and '" + value + "'): give one of them");
  }
  given_[key] = {value, spelling};
}

void UserSettings::name_option(const std::string& field, const std::string& spelling,
                               const std::string& value) {
  options_[field] = {value, spelling};
}

void UserSettings::add_param_list(const std::string& text) {
  // ParamSet::parse checks the key=value syntax; its map would silently keep one of two equal
  // keys, so the items are split here as well to see every entry.
  (void)ParamSet::parse(text);
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t comma = std::min(text.find(',', from), text.size());
    const std::string item = text.substr(from, comma - from);
    from = comma + 1;
    if (item.empty()) continue;
    const auto eq = item.find('=');
    const std::string key = item.substr(0, eq);
    add(key, item.substr(eq + 1), "--param " + key);
  }
}

std::string UserSettings::spelling(const std::string& key) const {
  const auto it = given_.find(key);
  return it == given_.end() ? "" : it->second.spelling;
}

std::string UserSettings::as_typed(const std::string& key) const {
  const auto it = given_.find(key);
  if (it == given_.end()) return "";
  const bool param = it->second.spelling.rfind("--param ", 0) == 0;
  return param ? "--param " + key + "=" + it->second.value
               : it->second.spelling + " " + it->second.value;
}

ParamSet UserSettings::params(const std::set<std::string>& except) const {
  ParamSet p;
  for (const auto& [key, g] : given_) {
    if (except.count(key) == 0) p.set(key, g.value);
  }
  return p;
}

void UserSettings::check_known(const std::string& owner, const std::vector<HyperParam>& known,
                               const std::set<std::string>& except) const {
  for (const auto& [key, g] : given_) {
    if (except.count(key) != 0) continue;
    try {
      ParamSet{{key, g.value}}.check_known(owner, known);  // the library's wording of the list
    } catch (const std::invalid_argument& e) {
      throw UsageError(g.spelling + ": " + e.what());
    }
  }
}

void UserSettings::restate(const InvalidValue& e) const {
  // Fields of the range checks read "lr" or "lbfgs m": the key is the last word.
  const auto space = e.field.find_last_of(' ');
  const std::string key = space == std::string::npos ? e.field : e.field.substr(space + 1);
  auto it = given_.find(key);
  if (it == given_.end()) it = options_.find(e.field);
  if (it == options_.end()) throw e;  // a default or derived value: the library's own words
  throw UsageError(it->second.spelling + " '" + it->second.value + "': " + e.problem);
}

}  // namespace optim::cli
