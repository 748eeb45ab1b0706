#include "common.hpp"

#include <cmath>
#include <stdexcept>

#include "optim/settings/field_table.hpp"
#include "optim/settings/stop_fields.hpp"

namespace optim::python {

namespace {

bool is_bool(py::handle v) {
  return PyBool_Check(v.ptr()) || py::isinstance(v, py::module_::import("numpy").attr("bool_"));
}

[[noreturn]] void wrong_kind(const std::string& key, const char* kind, py::handle value) {
  throw py::value_error(
      "option '" + key + "' must be " + kind + ", got " + py::repr(value).cast<std::string>() +
      " (" + py::str(py::type::handle_of(value).attr("__name__")).cast<std::string>() + ")");
}

}  // namespace

std::string option_text(const std::string& key, const std::string& type, py::handle value) {
  if (type == "boolean") {
    if (!is_bool(value)) wrong_kind(key, "a bool", value);
    return value.cast<bool>() ? "true" : "false";
  }
  if (type == "choice") {
    if (!py::isinstance<py::str>(value)) wrong_kind(key, "a str", value);
    return value.cast<std::string>();
  }
  if (is_bool(value) || !(PyFloat_Check(value.ptr()) || PyIndex_Check(value.ptr()))) {
    wrong_kind(key, type == "integer" ? "an int" : "a number", value);
  }
  if (type == "integer") {
    if (PyIndex_Check(value.ptr())) return py::str(py::int_(value.cast<py::object>()));
    const double d = PyFloat_AsDouble(value.ptr());
    // An integral float (1e4) is the integer it denotes; 2.5 is refused.
    if (!(std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9.2e18))
      wrong_kind(key, "an int", value);
    return std::to_string(static_cast<long>(d));
  }
  const double d = PyFloat_AsDouble(value.ptr());
  if (d == -1.0 && PyErr_Occurred()) throw py::error_already_set();
  return settings::real_text(d);
}

void read_options(const py::dict& options, const std::string& owner,
                  const std::vector<HyperParam>& method_params, ParamSet* method,
                  StopOptions* stop) {
  const auto stop_params = settings::stop_fields().describe(*stop);
  ParamSet stop_set;
  for (auto [k, v] : options) {
    if (!py::isinstance<py::str>(k)) throw py::value_error("option names must be str");
    const auto key = k.cast<std::string>();
    const HyperParam* found = nullptr;
    bool is_stop = false;
    for (const auto& hp : method_params) found = hp.name == key ? &hp : found;
    if (found == nullptr) {
      for (const auto& hp : stop_params) found = hp.name == key ? &hp : found;
      is_stop = found != nullptr;
    }
    if (found == nullptr) {
      std::string names;
      for (const auto& hp : method_params) names += (names.empty() ? "" : ", ") + hp.name;
      std::string stops;
      for (const auto& hp : stop_params) stops += (stops.empty() ? "" : ", ") + hp.name;
      throw py::value_error("unknown option '" + key + "' for " + owner + " (its settings: " +
                            (names.empty() ? "none" : names) + "; stopping tests: " + stops + ")");
    }
    (is_stop ? stop_set : *method).set(key, option_text(key, found->type, v));
  }
  *stop = settings::stop_fields().read(stop_set, *stop);
  stop->validate();
}

Vec<double> to_vec(py::handle obj, const char* what, Index n) {
  auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!a) throw py::value_error(std::string(what) + " must be an array of numbers");
  if (a.ndim() > 1) {
    throw py::value_error(std::string(what) + " must be one-dimensional, got shape with " +
                          std::to_string(a.ndim()) + " dimensions");
  }
  const Index size = static_cast<Index>(a.size());
  if (n >= 0 && size != n) {
    throw py::value_error(std::string(what) + " has " + std::to_string(size) +
                          " entries, expected " + std::to_string(n));
  }
  Vec<double> v(size);
  std::copy(a.data(), a.data() + size, v.data());
  return v;
}

py::array_t<double> to_array(const Vec<double>& v) {
  return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data());
}

}  // namespace optim::python
