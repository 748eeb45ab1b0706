#pragma once
// Line searches by name, for methods configured at run time: "armijo", "more_thuente" (alias
// "wolfe") and "exact". c1/c2 override the defaults of the chosen search (c2 applies to
// more_thuente only); a negative value keeps the search's default.
#include <memory>
#include <string>
#include <vector>

#include "optim/line_search/line_search.hpp"

namespace optim {

template <class S>
std::unique_ptr<LineSearch<S>> make_line_search(const std::string& name, double c1 = -1,
                                                double c2 = -1);

// The accepted names, for help texts and error messages.
const std::vector<std::string>& line_search_names();

}  // namespace optim
