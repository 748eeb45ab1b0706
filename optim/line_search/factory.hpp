#pragma once
// Line searches by name, with their default settings: "armijo", "more_thuente" (alias "wolfe")
// and "exact". Settings beyond the name go through LineSearchSettings (line_search_settings.hpp).
#include <memory>
#include <string>
#include <vector>

#include "optim/line_search/line_search.hpp"
#include "optim/line_search/line_search_settings.hpp"

namespace optim {

template <class S>
std::unique_ptr<LineSearch<S>> make_line_search(const std::string& name);

// The accepted names, for help texts and error messages.
const std::vector<std::string>& line_search_names();

}  // namespace optim
