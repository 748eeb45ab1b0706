// optim._curve_fit_*: the C++ half of optim.curve_fit (python/optim/_fit.py). A formula model
// is an expr::ExpressionModel (exact Jacobian, run by expr::fit without the GIL); a Python model
// f(xdata, *params) gives residuals only, with MINPACK's forward-difference Jacobian
// (optim/least_squares/finite_difference_jacobian.hpp), as scipy's curve_fit with method "lm".
// Both report popt and s^2 (J^T J)^-1 from expr::fit_statistics.
#include "problems/expr/fit.hpp"

#include <limits>
#include <memory>
#include <optional>

#include "common.hpp"
#include "optim/bounds/bounds.hpp"
#include "optim/driver.hpp"
#include "optim/least_squares/finite_difference_jacobian.hpp"
#include "optim/observer.hpp"
#include "optim/registry.hpp"

namespace optim::python {

namespace {

// r_i = (f(xdata, *p)_i - y_i) / sigma_i. A Python error is stored in `slot` and the residuals
// become NaN (the run rejects the point); Python is not called again once one is pending.
class PyResiduals final : public ResidualFunction<double> {
 public:
  PyResiduals(py::object f, py::object xdata, Vec<double> y, Vec<double> inv_sigma, Index n,
              ErrorSlot& slot)
      : f_(std::move(f)),
        xdata_(std::move(xdata)),
        y_(std::move(y)),
        w_(std::move(inv_sigma)),
        n_(n),
        slot_(slot) {}
  Index dim() const override { return n_; }
  Index num_residuals() const override { return y_.size(); }
  void residuals(const Vec<double>& p, Vec<double>* res) override {
    if (!slot_.pending()) {
      try {
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        py::tuple args(n_ + 1);
        args[0] = xdata_;
        for (Index k = 0; k < n_; ++k) args[k + 1] = py::float_(p[k]);
        auto out =
            py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(f_(*args));
        if (!out || out.size() != y_.size()) {
          throw py::value_error("f(xdata, *params) must return " + std::to_string(y_.size()) +
                                " values (one per ydata entry), got " +
                                (out ? std::to_string(out.size()) : std::string("no array")));
        }
        for (Index i = 0; i < y_.size(); ++i) (*res)[i] = (out.data()[i] - y_[i]) * w_[i];
        return;
      } catch (...) {
        slot_.capture();
      }
    }
    res->setConstant(std::numeric_limits<double>::quiet_NaN());
  }

 private:
  py::object f_, xdata_;
  Vec<double> y_, w_;
  Index n_;
  ErrorSlot& slot_;
};

// Stops the run once a Python error is pending (the residuals are NaN from then on).
class ErrorObserver final : public Observer<double> {
 public:
  explicit ErrorObserver(ErrorSlot& slot) : slot_(slot) {}
  bool uses_step_norm() const override { return false; }
  Status on_iteration(const IterationRecord<double>&) override {
    return slot_.pending() ? Status::StoppedByObserver : Status::Running;
  }

 private:
  ErrorSlot& slot_;
};

struct FitRun {
  std::unique_ptr<Method<double>> method;
  StopOptions stop;
  std::optional<Bounds<double>> box;
};

FitRun prepare(const std::string& method, const py::dict& options, const py::object& lower,
               const py::object& upper, Index n) {
  FitRun run;
  const MethodInfo& info = find_method(method);
  // The defaults of `optim fit` (cli/cmd_fit.cpp): 2000 iterations and, for the least-squares
  // methods, no gradient test (they stop on their own step and f-change tests).
  run.stop.max_iter = 2000;
  if (info.family == "least-squares") run.stop.gtol = 0;
  ParamSet params;
  read_options(options, "method " + method, info.params, &params, &run.stop);
  run.method = make_method<double>(method, params);
  if (!lower.is_none())
    run.box.emplace(to_vec(lower, "lower bounds", n), to_vec(upper, "upper bounds", n));
  return run;
}

py::array_t<double> to_matrix(const Mat<double>& m) {
  py::array_t<double> out({m.rows(), m.cols()});
  auto a = out.mutable_unchecked<2>();
  for (Index i = 0; i < m.rows(); ++i)
    for (Index j = 0; j < m.cols(); ++j) a(i, j) = m(i, j);
  return out;
}

py::tuple summary_tuple(const expr::FitSummary& s) {
  py::dict info;
  info["status"] = std::string(to_string(s.result.status));
  info["success"] = is_success(s.result.status);
  info["message"] = s.result.message;
  info["nit"] = s.result.iterations;
  info["nfev"] = s.result.evals.f;
  info["njev"] = s.result.evals.h;
  info["names"] = s.names;
  info["std_errors"] = to_array(s.std_errors);
  info["rss"] = s.rss;
  info["residual_sd"] = s.residual_sd;
  info["dof"] = s.dof;
  info["rank"] = s.rank;
  info["unidentifiable"] = s.unidentifiable;
  info["at_bound"] = s.at_bound;
  return py::make_tuple(to_array(s.params), to_matrix(s.covariance), info);
}

py::tuple curve_fit_callable(py::object f, py::object xdata, py::object ydata, py::object sigma,
                             py::object p0, std::vector<std::string> names,
                             const std::string& method, py::object lower, py::object upper,
                             py::dict options) {
  Vec<double> x0 = to_vec(p0, "p0");
  const Index n = x0.size();
  const Vec<double> y = to_vec(ydata, "ydata");
  const Vec<double> w = sigma.is_none()
                            ? Vec<double>::Ones(y.size())
                            : Vec<double>(to_vec(sigma, "sigma", y.size()).cwiseInverse());
  FitRun run = prepare(method, options, lower, upper, n);
  if (static_cast<Index>(names.size()) != n) throw py::value_error("one name per parameter");
  ErrorSlot slot;
  auto residuals = std::make_shared<PyResiduals>(f, xdata, y, w, n, slot);
  FiniteDifferenceLeastSquares<double> model(residuals);
  if (run.box) {
    run.box->check_size(n);
    run.box->project(x0);
  }
  // As expr::fit: a model that is not finite at the start is a bad argument, not a run.
  Vec<double> r0(y.size());
  residuals->residuals(x0, &r0);
  slot.rethrow_if_pending();
  for (Index i = 0; i < r0.size(); ++i) {
    if (!std::isfinite(r0[i])) {
      throw py::value_error("the model is not finite at p0 (observation " + std::to_string(i + 1) +
                            ")");
    }
  }
  ErrorObserver observer(slot);
  Observer<double>* observers[] = {&observer};
  expr::FitSummary s;
  s.result = run.box ? minimize<double>(model, x0, *run.method, *run.box, run.stop, observers)
                     : minimize<double>(model, x0, *run.method, run.stop, observers);
  slot.rethrow_if_pending();
  expr::fit_statistics(model, names, s.result.x, s, s.result.bounded ? &s.result.active : nullptr);
  slot.rethrow_if_pending();
  return summary_tuple(s);
}

py::tuple curve_fit_formula(const std::string& formula, const std::vector<std::string>& xnames,
                            const std::vector<std::vector<double>>& xcolumns, py::object ydata,
                            py::object sigma, py::object p0, const std::string& method,
                            py::object lower, py::object upper, py::dict options) {
  // The parameters: the formula's free identifiers that are not predictors, in order of first
  // appearance.
  const expr::Graph g = expr::parse(formula);
  std::vector<std::string> params;
  for (const auto& v : g.variables()) {
    if (std::find(xnames.begin(), xnames.end(), v) == xnames.end()) params.push_back(v);
  }
  const Vec<double> x0 = to_vec(p0, "p0");
  if (static_cast<Index>(params.size()) != x0.size()) {
    std::string list;
    for (const auto& p : params) list += (list.empty() ? "" : ", ") + p;
    throw py::value_error("p0 has " + std::to_string(x0.size()) + " entries but the formula has " +
                          std::to_string(params.size()) + " parameters (" + list + ")");
  }
  expr::ModelData data;
  data.predictor_names = xnames;
  data.predictors = xcolumns;
  const Vec<double> y = to_vec(ydata, "ydata");
  data.response.assign(y.data(), y.data() + y.size());
  std::string text = formula;
  if (!sigma.is_none()) {
    // Weighted residuals (model - y) / sigma as the model model/sigma against y/sigma, sigma one
    // more predictor column; the division applies to the formula's last expression.
    const Vec<double> s = to_vec(sigma, "sigma", y.size());
    const std::string w = "optim_sigma_";
    const auto semi = formula.find_last_of(';', formula.find_last_not_of(" \t\n;"));
    text = semi == std::string::npos
               ? "(" + formula + ")/" + w
               : formula.substr(0, semi + 1) + "(" + formula.substr(semi + 1) + ")/" + w;
    data.predictor_names.push_back(w);
    data.predictors.emplace_back(s.data(), s.data() + s.size());
    for (Index i = 0; i < y.size(); ++i) data.response[static_cast<size_t>(i)] /= s[i];
  }
  expr::ExpressionModel<double> model(text, params, data);
  FitRun run = prepare(method, options, lower, upper, x0.size());
  expr::FitSummary s;
  {
    py::gil_scoped_release release;
    s = expr::fit(model, x0, *run.method, run.stop, run.box ? &*run.box : nullptr);
  }
  return summary_tuple(s);
}

}  // namespace

void add_fit(py::module_& m) {
  m.def("_curve_fit_callable", &curve_fit_callable);
  m.def("_curve_fit_formula", &curve_fit_formula);
}

}  // namespace optim::python
