#include "optim/line_search/factory.hpp"

#include <stdexcept>

#include "optim/line_search/armijo.hpp"
#include "optim/line_search/exact.hpp"
#include "optim/line_search/more_thuente.hpp"

namespace optim {

const std::vector<std::string>& line_search_names() {
  static const std::vector<std::string> names{"armijo", "more_thuente", "wolfe", "exact"};
  return names;
}

template <class S>
std::unique_ptr<LineSearch<S>> make_line_search(const std::string& name, double c1, double c2) {
  if (name == "armijo") {
    ArmijoParams p;
    if (c1 >= 0) p.c1 = c1;
    return std::make_unique<ArmijoLineSearch<S>>(p);
  }
  if (name == "more_thuente" || name == "wolfe") {
    MoreThuenteParams p;
    if (c1 >= 0) p.c1 = c1;
    if (c2 >= 0) p.c2 = c2;
    return std::make_unique<MoreThuenteLineSearch<S>>(p);
  }
  if (name == "exact") return std::make_unique<ExactLineSearch<S>>();
  throw std::invalid_argument("unknown line search '" + name +
                              "' (known: armijo, more_thuente (alias wolfe), exact)");
}

template std::unique_ptr<LineSearch<float>> make_line_search<float>(const std::string&, double,
                                                                    double);
template std::unique_ptr<LineSearch<double>> make_line_search<double>(const std::string&, double,
                                                                      double);

}  // namespace optim
