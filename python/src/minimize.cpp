// optim._minimize: the C++ half of optim.minimize (python/optim/_minimize.py builds the arguments
// and the OptimizeResult). A Python objective runs with the GIL held (every evaluation calls
// Python); a formula runs with the GIL released, taken back only to call the callback and to check
// for Ctrl-C once per iteration, so two threads minimising formulas progress together.
#include <memory>
#include <optional>

#include "common.hpp"
#include "objectives.hpp"
#include "optim/bounds/bounds.hpp"
#include "optim/driver.hpp"
#include "optim/finite_difference.hpp"
#include "optim/observer.hpp"
#include "optim/registry.hpp"
#include "problems/expr/expression_objective.hpp"

namespace optim::python {

namespace {

// Ends the run with StoppedByObserver when a Python error is pending (raised by the objective or
// here), when Ctrl-C arrived (PyErr_CheckSignals raises KeyboardInterrupt), or when the callback
// returns a true value. `callback(x, f, k, grad_norm, nfev)` is the package's adapter that builds
// scipy's intermediate_result.
class PyObserver final : public Observer<double> {
 public:
  PyObserver(py::object callback, ErrorSlot& slot)
      : callback_(std::move(callback)), slot_(slot), main_thread_(on_main_thread()) {}
  bool uses_step_norm() const override { return false; }
  Status on_iteration(const IterationRecord<double>& rec) override {
    if (slot_.pending()) return Status::StoppedByObserver;
    // Signals reach only the main thread: a run elsewhere without a callback need not take the
    // GIL at all (two formula runs in two threads then never wait for each other).
    if (callback_.is_none() && !main_thread_) return Status::Running;
    py::gil_scoped_acquire gil;
    try {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (!callback_.is_none()) {
        const py::object stop =
            callback_(to_array(*rec.x), rec.f, rec.k, rec.grad_norm, rec.evals.f);
        if (PyObject_IsTrue(stop.ptr()) == 1) return Status::StoppedByObserver;
      }
    } catch (...) {
      slot_.capture();
      return Status::StoppedByObserver;
    }
    return Status::Running;
  }

 private:
  static bool on_main_thread() {
    const auto threading = py::module_::import("threading");
    return threading.attr("current_thread")().is(threading.attr("main_thread")());
  }
  py::object callback_;
  ErrorSlot& slot_;
  bool main_thread_;
};

const char* source_name(GradientSource s) {
  return s == GradientSource::Objective ? "objective" : "central_differences";
}
const char* source_name(HessianSource s) {
  return s == HessianSource::Objective ? "objective" : "gradient_differences";
}

py::list indices(const std::vector<Index>& v) {
  py::list out;
  for (Index i : v) out.append(i);
  return out;
}

py::dict result_dict(const Result<double>& r, const Vec<double>& jac) {
  py::dict d;
  d["x"] = to_array(r.x);
  d["fun"] = r.f;
  d["jac"] = to_array(jac);
  d["nit"] = r.iterations;
  d["nfev"] = r.evals.f;
  d["njev"] = r.evals.g;
  d["nhev"] = r.evals.h;
  d["status"] = std::string(to_string(r.status));
  d["success"] = is_success(r.status);
  d["message"] = r.message;
  d["method"] = r.method;
  d["grad_norm"] = r.grad_norm;
  d["time_s"] = r.time_s;
  d["gradient_source"] = source_name(r.gradient_source);
  d["hessian_source"] = source_name(r.hessian_source);
  d["bounded"] = r.bounded;
  if (r.bounded) {
    py::dict active;
    active["at_lower"] = indices(r.active.at_lower);
    active["at_upper"] = indices(r.active.at_upper);
    active["fixed"] = indices(r.active.fixed);
    d["active"] = active;
  }
  return d;
}

struct Run {
  std::unique_ptr<Method<double>> method;
  StopOptions stop;
  std::optional<Bounds<double>> box;
};

Run prepare(const std::string& method, const py::dict& options, const py::object& lower,
            const py::object& upper, Index n) {
  Run run;
  const MethodInfo& info = find_method(method);
  ParamSet params;
  read_options(options, "method " + method, info.params, &params, &run.stop);
  run.method = make_method<double>(method, params);
  if (!lower.is_none())
    run.box.emplace(to_vec(lower, "lower bounds", n), to_vec(upper, "upper bounds", n));
  return run;
}

Result<double> drive(Objective<double>& objective, const Vec<double>& x0, Run& run,
                     PyObserver& observer) {
  Observer<double>* observers[] = {&observer};
  return run.box ? minimize<double>(objective, x0, *run.method, *run.box, run.stop, observers)
                 : minimize<double>(objective, x0, *run.method, run.stop, observers);
}

py::dict minimize_callable(py::object fun, py::object x0_obj, py::object jac,
                           const std::string& jac_mode, py::object hess, const std::string& method,
                           py::object lower, py::object upper, py::dict options,
                           py::object callback) {
  const Vec<double> x0 = to_vec(x0_obj, "x0");
  const Index n = x0.size();
  Run run = prepare(method, options, lower, upper, n);
  const JacMode mode = jac_mode == "callable"   ? JacMode::Callable
                       : jac_mode == "combined" ? JacMode::Combined
                                                : JacMode::None;
  ErrorSlot slot;
  PyObserver observer(std::move(callback), slot);
  std::unique_ptr<PyFunction> fn;
  if (hess.is_none()) {
    fn = std::make_unique<PyFunction>(fun, jac, mode, n, slot);
  } else {
    fn = std::make_unique<PyHessFunction>(fun, jac, mode, hess, n, slot);
  }
  Result<double> r;
  Vec<double> g;
  Index extra = 0;
  if (mode == JacMode::None) {
    // As optim::minimize does for a value-only function (optim/minimize.hpp): central
    // differences, one-sided at a bound so that no probe leaves the box.
    FiniteDifference<double> fd(*fn, FdOptions{.scheme = FdScheme::Central});
    if (run.box && run.box->constrains()) fd.set_box(&*run.box);
    HessRecorder rec(fd, fd);
    r = drive(rec, x0, run, observer);
    if (!slot.pending()) g = rec.gradient_at(r.x, &extra);
    r.gradient_source = GradientSource::CentralDifferences;
    r.evals.f = fd.inner_evaluations();
    r.evals.g += extra;
  } else if (auto* h = dynamic_cast<PyHessFunction*>(fn.get())) {
    HessRecorder rec(*fn, *h);
    r = drive(rec, x0, run, observer);
    if (!slot.pending()) g = rec.gradient_at(r.x, &extra);
    r.evals.f += extra;
    r.evals.g += extra;
  } else {
    Recorder rec(*fn);
    r = drive(rec, x0, run, observer);
    if (!slot.pending()) g = rec.gradient_at(r.x, &extra);
    r.evals.f += extra;
    r.evals.g += extra;
  }
  slot.rethrow_if_pending();
  return result_dict(r, g);
}

py::dict minimize_formula(const std::string& formula, py::object x0_obj,
                          const std::vector<std::string>& vars, const std::string& method,
                          py::object lower, py::object upper, py::dict options,
                          py::object callback) {
  expr::ExpressionObjective<double> objective(formula, vars);
  const Index n = objective.dim();
  const Vec<double> x0 = to_vec(x0_obj, "x0");
  if (x0.size() != n) {
    std::string names;
    for (const auto& v : objective.variables()) names += (names.empty() ? "" : ", ") + v;
    throw py::value_error("x0 has " + std::to_string(x0.size()) + " entries but the formula has " +
                          std::to_string(n) + " variables (" + names + ")");
  }
  Run run = prepare(method, options, lower, upper, n);
  ErrorSlot slot;
  PyObserver observer(std::move(callback), slot);
  HessRecorder rec(objective, objective);
  Result<double> r;
  Vec<double> g;
  Index extra = 0;
  {
    py::gil_scoped_release release;
    r = drive(rec, x0, run, observer);
    g = rec.gradient_at(r.x, &extra);
  }
  slot.rethrow_if_pending();
  r.evals.f += extra;
  r.evals.g += extra;
  py::dict d = result_dict(r, g);
  py::list names;
  for (const auto& v : objective.variables()) names.append(v);
  d["vars"] = names;
  return d;
}

}  // namespace

void add_minimize(py::module_& m) {
  m.def("_minimize_callable", &minimize_callable);
  m.def("_minimize_formula", &minimize_formula);
}

}  // namespace optim::python
