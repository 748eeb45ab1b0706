#pragma once
// What the binding files share: the typed conversion of Python keyword values to the field
// tables' key/value sets, the slot that carries a Python exception across a C++ run, and vector
// conversions.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <exception>
#include <string>
#include <vector>

#include "optim/params.hpp"
#include "optim/stop_options.hpp"
#include "optim/types.hpp"

namespace optim::python {

namespace py = pybind11;

// A Python exception (or a KeyboardInterrupt seen by PyErr_CheckSignals) raised inside a run: the
// objective or observer that caught it stores it here and makes the run stop through the library's
// own mechanisms (a non-finite value, an observer's stop status); the binding rethrows it after the
// driver has returned, so the caller sees the same exception with its traceback.
struct ErrorSlot {
  std::exception_ptr error;
  bool pending() const { return static_cast<bool>(error); }
  void capture() { error = std::current_exception(); }
  void rethrow_if_pending() const {
    if (error) std::rethrow_exception(error);
  }
};

// The text the field table parses for a Python value of a setting of `type` ("real", "integer",
// "boolean", "choice"; HyperParam::type), refusing a value of the wrong kind with a ValueError
// naming `key`: the tables then parse and range-check the text as for the command line.
std::string option_text(const std::string& key, const std::string& type, py::handle value);

// Splits `options` between the hyperparameters `method_params` (into *method) and the stopping
// tests of optim/settings/stop_fields.hpp (read into *stop, starting from its value, then
// validated). A key in neither raises ValueError listing both.
void read_options(const py::dict& options, const std::string& owner,
                  const std::vector<HyperParam>& method_params, ParamSet* method,
                  StopOptions* stop);

// A float64 vector from any array-like of `n` entries (n < 0: any length), as a copy.
Vec<double> to_vec(py::handle obj, const char* what, Index n = -1);
py::array_t<double> to_array(const Vec<double>& v);

}  // namespace optim::python
