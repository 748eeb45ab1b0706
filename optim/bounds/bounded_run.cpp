#include "optim/bounds/bounded_run.hpp"

#include <stdexcept>

#include "optim/registry.hpp"

namespace optim {

std::string methods_accepting_bounds() {
  std::string out;
  for (const MethodInfo& info : all_methods()) {
    // Every entry builds with its defaults; the capability belongs to the method type.
    if (info.make_double({})->accepts_bounds()) out += (out.empty() ? "" : ", ") + info.name;
  }
  return out;
}

template <class S>
const Bounds<S>* run_box(const Bounds<S>* bounds, const Method<S>& method, Index n) {
  if (bounds == nullptr) return nullptr;
  bounds->check_size(n);
  if (!bounds->constrains()) return nullptr;
  if (!method.accepts_bounds()) {
    throw std::invalid_argument(
        "method '" + method.name() +
        "' does not accept bounds; methods that do: " + methods_accepting_bounds());
  }
  return bounds;
}

template const Bounds<float>* run_box(const Bounds<float>*, const Method<float>&, Index);
template const Bounds<double>* run_box(const Bounds<double>*, const Method<double>&, Index);

}  // namespace optim
