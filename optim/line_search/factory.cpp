#include "optim/line_search/factory.hpp"

namespace optim {

const std::vector<std::string>& line_search_names() {
  static const std::vector<std::string> names{"armijo", "more_thuente", "wolfe", "exact"};
  return names;
}

template <class S>
std::unique_ptr<LineSearch<S>> make_line_search(const std::string& name) {
  // The name is read like any other setting, so an unknown one lists the known names.
  return make_line_search<S>(line_search_fields(false).read(ParamSet{{"line_search", name}}));
}

template std::unique_ptr<LineSearch<float>> make_line_search<float>(const std::string&);
template std::unique_ptr<LineSearch<double>> make_line_search<double>(const std::string&);

}  // namespace optim
