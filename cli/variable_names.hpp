#pragma once
// --vars "x, y": the variable order of a typed formula or system (minimize --expr, solve --expr).
#include <string>
#include <vector>

namespace optim::cli {

// The shared list splitter drops blanks around names and refuses empty ones; each name must be one
// a formula can use (an identifier), given once. Throws UsageError naming --vars.
std::vector<std::string> variable_names(const std::string& text);

}  // namespace optim::cli
