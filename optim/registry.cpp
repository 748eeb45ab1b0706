#include "optim/registry.hpp"

#include <stdexcept>

namespace optim {

const std::vector<MethodInfo>& all_methods() {
  static const std::vector<MethodInfo> methods = [] {
    std::vector<MethodInfo> out;
    add_first_order_methods(out);
    add_second_order_methods(out);
    add_least_squares_methods(out);
    add_root_finding_methods(out);
    return out;
  }();
  return methods;
}

const MethodInfo& find_method(const std::string& name) {
  for (const auto& m : all_methods()) {
    if (m.name == name) return m;
  }
  std::string names;
  for (const auto& m : all_methods()) names += (names.empty() ? "" : ", ") + m.name;
  throw std::invalid_argument("unknown method '" + name + "' (known: " + names + ")");
}

template <>
std::unique_ptr<Method<float>> make_method<float>(const std::string& name, const ParamSet& p) {
  const MethodInfo& info = find_method(name);
  p.check_known("method " + name, info.params);
  return info.make_float(p);
}

template <>
std::unique_ptr<Method<double>> make_method<double>(const std::string& name, const ParamSet& p) {
  const MethodInfo& info = find_method(name);
  p.check_known("method " + name, info.params);
  return info.make_double(p);
}

}  // namespace optim
