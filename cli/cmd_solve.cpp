// `optim solve`: find a zero of a typed system r(x) = 0, n equations in n unknowns, with a
// root finder of the registry (family root-finding: newton-system, broyden).
//   optim solve --expr "x^2 + y^2 = 4; x = y" --x0 1,2 [--method newton|broyden] [--json]
#include <cmath>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "common.hpp"
#include "optim/checkpoint/interrupt.hpp"
#include "optim/driver.hpp"
#include "optim/registry.hpp"
#include "optim/root_finding/root_finding.hpp"
#include "problems/expr/expression_system.hpp"
#include "range_checks.hpp"
#include "variable_names.hpp"

namespace optim::cli {
namespace {

struct SolveFlags {
  std::string expr;
  std::string vars;
  bool vars_given = false;
  std::string x0;
  bool json = false;
  Index max_iter = 100;
  Index max_evals = 0;
  double time_limit = 0;
  MethodFlags method;
};

// --method: a root finder by its registry name, or `newton` for newton-system (the minimiser
// called newton works on 1/2||r||^2 with its Hessian, which is another method).
std::string root_finder(const std::string& name) {
  const std::string resolved = name == "newton" ? "newton-system" : name;
  std::string known;
  bool found = false;
  for (const auto& m : all_methods()) {
    if (m.family != "root-finding") continue;
    known += (known.empty() ? "" : ", ") + m.name;
    found = found || m.name == resolved;
  }
  if (!found) {
    throw UsageError("--method '" + name +
                     "': optim solve takes a root finder: newton (= " + "newton-system), " + known);
  }
  return resolved;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

int run(const SolveFlags& f) {
  if (f.expr.empty()) throw UsageError("give the system as --expr \"EQ1; EQ2; ...\"");
  const std::string method_name = root_finder(f.method.method);
  const UserSettings settings = f.method.settings();
  auto method = make_user_method<double>(method_name, settings);
  const std::vector<std::string> vars =
      f.vars_given ? variable_names(f.vars) : std::vector<std::string>{};
  std::unique_ptr<expr::ExpressionSystem<double>> sys;
  try {
    sys = std::make_unique<expr::ExpressionSystem<double>>(f.expr, vars);
  } catch (const expr::ParseError& e) {
    throw UsageError(e.render(14));  // caret stays under the character after "optim: error: "
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--expr: ") + e.what());
  }
  const Index n = sys->dim(), m = sys->num_residuals();
  const std::string unknowns = "(" + joined(sys->variables()) + ")";
  if (m != n) {
    throw UsageError("--expr: the system has " + std::to_string(m) + " equation" +
                     (m == 1 ? "" : "s") + " in " + std::to_string(n) + " unknown" +
                     (n == 1 ? "" : "s") + " " + unknowns +
                     "; optim solve needs as many equations as unknowns (with more equations, "
                     "minimise their squares: optim minimize/fit with lm)");
  }
  if (f.x0.empty()) {
    throw UsageError("--x0 is required: one start value per unknown " + unknowns);
  }
  const std::vector<double> values = parse_list(f.x0, "--x0");
  if (static_cast<Index>(values.size()) != n) {
    throw UsageError("--x0 has " + std::to_string(values.size()) + " values but the system has " +
                     std::to_string(n) + " unknowns " + unknowns);
  }
  Vec<double> x0(n);
  for (Index i = 0; i < n; ++i) {
    x0[i] = values[size_t(i)];
    if (!std::isfinite(x0[i])) {
      throw UsageError("--x0: value " + std::to_string(i + 1) + " (" + sys->variables()[size_t(i)] +
                       ") is not finite");
    }
  }
  StopOptions stop;
  // The root finders stop on their residual test (--residual-tol); the driver's gradient test
  // would also fire at a local minimum of ||r|| that is no root, so it is off.
  stop.gtol = 0;
  stop.max_iter = f.max_iter;
  stop.max_evals = f.max_evals;
  stop.time_limit_s = f.time_limit;

  InterruptScope stop_signals;  // SIGINT, SIGTERM, SIGHUP: stop after the current step
  InterruptObserver<double> interrupt;
  std::vector<Observer<double>*> observers{&interrupt};
  const Result<double> r = minimize<double>(*sys, x0, *method, stop, observers);
  Vec<double> res(n);
  sys->residuals(r.x, &res, nullptr);
  const double rnorm = res.norm();
  // The driver's gradient test (gtol 0) still fires when J'r is exactly 0 at the start: a
  // stationary point of 1/2||r||^2 that is no root when ||r|| > residual_tol. J is singular there
  // (J'r = 0 with r != 0), so it is reported as the root finders report a singular Jacobian.
  const double residual_tol =
      root_finding_fields().read(settings.params(), RootFindingParams{}).residual_tol;
  Status status = r.status;
  std::string message = r.message;
  if (is_success(status) && !(rnorm <= residual_tol)) {
    status = Status::NumericalError;
    std::ostringstream os;
    os.precision(6);
    os << "x is a stationary point of 1/2||r||^2 (J'r = 0) but no root: ||r|| = " << rnorm
       << " > residual_tol " << residual_tol << "; the Jacobian is singular here";
    message = os.str();
  }
  if (f.json) {
    nlohmann::json j;
    j["status"] = std::string(to_string(status));
    j["message"] = message;
    j["method"] = r.method;
    j["variables"] = sys->variables();
    j["x"] = std::vector<double>(r.x.data(), r.x.data() + n);
    j["residuals"] = std::vector<double>(res.data(), res.data() + n);
    j["residual_norm"] = rnorm;
    j["iterations"] = r.iterations;
    // Residual evaluations (with or without the Jacobian) and Jacobian evaluations.
    j["evaluations"] = r.evals.f;
    j["jacobian_evals"] = r.evals.h;
    j["time_s"] = r.time_s;
    if (InterruptScope::interrupted()) {
      j["interrupted"] = true;
      j["signal"] = InterruptScope::signal_name();
    }
    std::cout << j.dump(2) << "\n";
  } else {
    std::ostringstream os;
    os.precision(10);
    os << "system      " << n << " equation" << (n == 1 ? "" : "s") << " in " << n << " unknown"
       << (n == 1 ? "" : "s") << " " << unknowns << "\n"
       << "method      " << r.method << "\n"
       << "status      " << to_string(status) << "\n"
       << "why         " << message << "\n"
       << "|r|         " << rnorm << "\n"
       << "x           ";
    for (Index i = 0; i < n && i < 10; ++i) {
      os << (i ? ", " : "") << sys->variables()[size_t(i)] << " = " << r.x[i];
    }
    if (n > 10) os << ", ... (" << n << " in all)";
    os << "\niterations  " << r.iterations << "\nevaluations residuals " << r.evals.f
       << ", jacobians " << r.evals.h << "\ntime        " << r.time_s << " s\n";
    if (InterruptScope::interrupted()) {
      os << "interrupted by " << InterruptScope::signal_name() << "\n";
    }
    std::cout << os.str();
  }
  return exit_code(status);
}

const Registrar reg(
    "solve", "find a zero of a system of equations r(x) = 0 (newton, broyden)", [](CLI::App& app) {
      auto f = std::make_shared<SolveFlags>();
      app.add_option("--expr", f->expr,
                     "the system, equations separated by ';': \"x^2 + y^2 = 4; x = y\" (an "
                     "equation without '=' means expr = 0)");
      auto* vars = app.add_option("--vars", f->vars,
                                  "order of the unknowns, e.g. x,y (default: first appearance)");
      app.add_option("--x0", f->x0, "start point a,b,... (one value per unknown)");
      app.add_flag("--json", f->json, "print one JSON object");
      app.add_option("--max-iter", f->max_iter, "iteration limit")
          ->capture_default_str()
          ->check(at_least(0));
      app.add_option("--max-evals", f->max_evals, "residual-evaluation limit (0: none)")
          ->check(at_least(0));
      app.add_option("--time-limit", f->time_limit, "seconds (0: none)")->check(at_least(0.0));
      add_method_flags(app, f->method, {.default_method = "newton"});
      return [f, vars] {
        f->vars_given = vars->count() > 0;
        return run(*f);
      };
    });

}  // namespace
}  // namespace optim::cli
