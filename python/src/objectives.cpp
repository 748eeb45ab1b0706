#include "objectives.hpp"

#include <limits>

namespace optim::python {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double to_double(py::handle v) {
  const double d = PyFloat_AsDouble(v.ptr());
  if (d == -1.0 && PyErr_Occurred()) throw py::error_already_set();
  return d;
}

// Copies a gradient-like Python value of n entries into *g.
void copy_vector(py::handle obj, Index n, Vec<double>* g) {
  auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!a) throw py::value_error("jac must return an array of numbers");
  if (a.ndim() > 1 || a.size() != n) {
    throw py::value_error("jac returned " + std::to_string(a.size()) + " entries (ndim " +
                          std::to_string(a.ndim()) + "), expected a vector of " +
                          std::to_string(n));
  }
  std::copy(a.data(), a.data() + n, g->data());
}

}  // namespace

py::array_t<double> PyFunction::argument(const Vec<double>& x) const {
  // A copy: the callable may keep or modify its argument (scipy's convention).
  return py::array_t<double>(static_cast<py::ssize_t>(n_), x.data());
}

double PyFunction::evaluate(const Vec<double>& x, Vec<double>* grad) {
  if (grad != nullptr && mode_ == JacMode::None)
    throw std::logic_error("a value-only Python objective has no gradient");
  if (!slot_.pending()) {
    try {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      const auto xa = argument(x);
      if (mode_ == JacMode::Combined) {
        const py::object out = fun_(xa);
        if (!py::isinstance<py::tuple>(out) || py::len(out) != 2)
          throw py::value_error("with jac=True, fun must return a tuple (f, g)");
        const auto t = out.cast<py::tuple>();
        if (grad != nullptr) copy_vector(t[1], n_, grad);
        return to_double(t[0]);
      }
      const double f = to_double(fun_(xa));
      if (grad != nullptr) copy_vector(jac_(xa), n_, grad);
      return f;
    } catch (...) {
      slot_.capture();
    }
  }
  if (grad != nullptr) grad->setConstant(kNaN);
  return kNaN;
}

void PyHessFunction::hessian(const Vec<double>& x, Mat<double>* hess) {
  if (!slot_.pending()) {
    try {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(
          hess_(argument(x)));
      if (!a || a.ndim() != 2 || a.shape(0) != n_ || a.shape(1) != n_) {
        throw py::value_error("hess must return an array of shape (" + std::to_string(n_) + ", " +
                              std::to_string(n_) + ")");
      }
      // Row-major input; the Hessian is symmetric but a user's may not be exactly: copy as is.
      for (Index i = 0; i < n_; ++i)
        for (Index j = 0; j < n_; ++j) (*hess)(i, j) = a.at(i, j);
      return;
    } catch (...) {
      slot_.capture();
    }
  }
  hess->setConstant(kNaN);
}

}  // namespace optim::python
