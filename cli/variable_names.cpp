#include "variable_names.hpp"

#include <algorithm>
#include <cctype>

#include "command.hpp"
#include "studies_table.hpp"

namespace optim::cli {

std::vector<std::string> variable_names(const std::string& text) {
  const std::vector<std::string> names = split_names(text, "--vars");
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& n = names[i];
    const bool ident = (std::isalpha(static_cast<unsigned char>(n[0])) || n[0] == '_') &&
                       std::all_of(n.begin(), n.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                       });
    if (!ident) {
      throw UsageError("--vars: '" + n +
                       "' is not a variable name (a letter or _, then letters, digits or _)");
    }
    if (std::find(names.begin(), names.begin() + long(i), n) != names.begin() + long(i)) {
      throw UsageError("--vars: variable '" + n + "' is named twice");
    }
  }
  return names;
}

}  // namespace optim::cli
