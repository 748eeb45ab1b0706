#include "optim/bounds/bounded_run.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>
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

template <class S>
std::string box_identity(const Bounds<S>& box) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a, 64-bit offset basis and prime
  auto add = [&h](const Vec<S>& v) {
    for (Index i = 0; i < v.size(); ++i) {
      const double d = static_cast<double>(v[i]);
      unsigned char bytes[sizeof d];
      std::memcpy(bytes, &d, sizeof d);
      for (unsigned char b : bytes) h = (h ^ b) * 1099511628211ull;
    }
  };
  add(box.lower());
  add(box.upper());
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return "box n=" + std::to_string(box.lower().size()) + " fnv1a64 " + hex;
}

template const Bounds<float>* run_box(const Bounds<float>*, const Method<float>&, Index);
template const Bounds<double>* run_box(const Bounds<double>*, const Method<double>&, Index);
template std::string box_identity(const Bounds<float>&);
template std::string box_identity(const Bounds<double>&);

}  // namespace optim
