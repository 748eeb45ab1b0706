// The extension module optim._optim: registration of every binding file's functions, and the
// registry's and field tables' descriptions from which the package writes its docstrings.
#include "common.hpp"
#include "optim/registry.hpp"
#include "optim/settings/stop_fields.hpp"

namespace optim::python {

void add_minimize(py::module_& m);
void add_fit(py::module_& m);
void add_rules(py::module_& m);
void add_mlp(py::module_& m);

namespace {

py::list describe(const std::vector<HyperParam>& params) {
  py::list out;
  for (const auto& p : params) {
    py::dict d;
    d["name"] = p.name;
    d["default"] = p.default_value;
    d["help"] = p.help;
    d["type"] = p.type;
    d["allowed"] = p.allowed;
    d["unit"] = p.unit;
    out.append(d);
  }
  return out;
}

py::list methods() {
  py::list out;
  for (const auto& info : all_methods()) {
    py::dict d;
    d["name"] = info.name;
    d["family"] = info.family;
    d["summary"] = info.summary;
    d["params"] = describe(info.params);
    out.append(d);
  }
  return out;
}

}  // namespace

}  // namespace optim::python

PYBIND11_MODULE(_optim, m) {
  using namespace optim::python;
  m.doc() = "C++ core of the optim package (use the package `optim`, not this module)";
  m.def("_methods", &methods, "every registered method with its hyperparameters");
  m.def(
      "_stop_fields", [] { return describe(optim::settings::stop_fields().describe()); },
      "the stopping tests with their defaults");
  add_minimize(m);
  add_fit(m);
  add_rules(m);
  add_mlp(m);
}
