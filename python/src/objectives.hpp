#pragma once
// The objectives of optim.minimize: a Python callable (with its gradient and Hessian callables,
// or values only), and a recorder around any objective that keeps the last gradient it computed,
// so that the result's `jac` at the final point needs no further evaluation in the usual case.
#include "common.hpp"
#include "optim/objective.hpp"

namespace optim::python {

// How the gradient of a Python objective is obtained.
enum class JacMode {
  None,      // values only: central differences (FiniteDifference) around this objective
  Callable,  // jac(x) returns the gradient
  Combined,  // fun(x) returns (f, g)  (scipy's jac=True)
};

// fun (and jac, hess) on a float64 copy of x. Each call first checks for signals
// (PyErr_CheckSignals: Ctrl-C raises KeyboardInterrupt there). A Python exception is stored in
// `slot` and the value returned is NaN (the gradient too), which the driver and the line searches
// read as "cannot evaluate here"; once an error is pending Python is not called again, so the run
// ends within its current iteration. The GIL is held by the caller throughout.
class PyFunction : public Objective<double> {
 public:
  PyFunction(py::object fun, py::object jac, JacMode mode, Index n, ErrorSlot& slot)
      : fun_(std::move(fun)), jac_(std::move(jac)), mode_(mode), n_(n), slot_(slot) {}
  Index dim() const override { return n_; }
  double evaluate(const Vec<double>& x, Vec<double>* grad) override;

 protected:
  py::array_t<double> argument(const Vec<double>& x) const;
  py::object fun_, jac_;
  JacMode mode_;
  Index n_;
  ErrorSlot& slot_;
};

// The same with the user's Hessian callable hess(x) -> (n, n) array (Newton and friends).
class PyHessFunction final : public PyFunction, public HessianProvider<double> {
 public:
  PyHessFunction(py::object fun, py::object jac, JacMode mode, py::object hess, Index n,
                 ErrorSlot& slot)
      : PyFunction(std::move(fun), std::move(jac), mode, n, slot), hess_(std::move(hess)) {}
  void hessian(const Vec<double>& x, Mat<double>* hess) override;

 private:
  py::object hess_;
};

// Forwards to `inner` and keeps a copy of the last gradient evaluated with its point (sized once).
class Recorder : public Objective<double> {
 public:
  explicit Recorder(Objective<double>& inner) : inner_(inner), x_(inner.dim()), g_(inner.dim()) {}
  Index dim() const override { return inner_.dim(); }
  double evaluate(const Vec<double>& x, Vec<double>* grad) override {
    const double f = inner_.evaluate(x, grad);
    if (grad != nullptr) {
      x_ = x;
      g_ = *grad;
      has_ = true;
    }
    return f;
  }
  // The gradient at x: the recorded one when x is the last point with a gradient, else a new
  // evaluation (counted in *extra_evals).
  Vec<double> gradient_at(const Vec<double>& x, Index* extra_evals) {
    if (has_ && x == x_) return g_;
    Vec<double> g(x.size());
    inner_.evaluate(x, &g);
    ++*extra_evals;
    return g;
  }

 protected:
  Objective<double>& inner_;

 private:
  Vec<double> x_, g_;
  bool has_ = false;
};

// A Recorder that also passes on the inner objective's Hessian.
class HessRecorder final : public Recorder, public HessianProvider<double> {
 public:
  HessRecorder(Objective<double>& inner, HessianProvider<double>& hess)
      : Recorder(inner), hess_(hess) {}
  void hessian(const Vec<double>& x, Mat<double>* h) override { hess_.hessian(x, h); }
  void hessian_vector(const Vec<double>& x, const Vec<double>& v, Vec<double>* hv) override {
    hess_.hessian_vector(x, v, hv);
  }

 private:
  HessianProvider<double>& hess_;
};

}  // namespace optim::python
