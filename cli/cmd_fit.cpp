// `optim fit`: nonlinear least-squares curve fitting of a typed model formula to data (CSV with a
// header row, or a NIST StRD .dat file), with exact Jacobians from the formula's graph.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "command.hpp"
#include "io/nist_table.hpp"
#include "method_flags.hpp"
#include "named_bounds.hpp"
#include "optim/bounds/bounded_run.hpp"
#include "optim/registry.hpp"
#include "optim/status.hpp"
#include "problems/expr/fit.hpp"
#include "studies_table.hpp"

namespace optim::cli {
namespace {

struct FitArgs {
  std::string data, model, start, x, y = "y";
  std::string bounds;  // --bounds b1=0:inf,b2=0:5 (by parameter name)
  MethodFlags method;  // --method (default lm), --param and the generated --KEY flags
  bool json = false;
  long max_iter = 2000;
  double gtol = -1;  // < 0: the method family's default
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

double parse_number(const std::string& text, const std::string& what) {
  double v = 0;
  const char* begin = text.data() + (!text.empty() && text[0] == '+' ? 1 : 0);
  const auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) {
    throw UsageError(what + ": '" + text + "' is not a finite number");
  }
  return v;
}

// "b1=500,b2=1e-4" in the order given.
void parse_start(const std::string& text, std::vector<std::string>& names,
                 std::vector<double>& values) {
  for (const std::string& item : split_names(text, "--start")) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw UsageError("--start entry '" + item + "' is not name=value");
    }
    std::string name = item.substr(0, eq);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (std::count(names.begin(), names.end(), name)) {
      throw UsageError("--start names '" + name + "' twice");
    }
    std::string value = item.substr(eq + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    values.push_back(parse_number(value, "--start " + name));
    names.push_back(name);
  }
}

// "[0, inf]" for the text report.
std::string interval(double lo, double hi) {
  std::ostringstream os;
  os.precision(12);
  os << "[" << lo << ", " << hi << "]";
  return os.str();
}

// What the table shows instead of a standard error for a parameter on a bound.
std::string bound_note(const std::string& side) {
  if (side == "fixed") return "fixed (lower = upper)";
  return "at " + side + " bound";
}

void print_text(const FitArgs& a, const expr::FitSummary& s, const std::vector<std::string>& preds,
                const Bounds<double>* box) {
  const auto& r = s.result;
  std::string pred_list;
  for (const auto& p : preds) pred_list += (pred_list.empty() ? "" : ", ") + p;
  std::printf("model       %s = %s\n", a.y.c_str(), a.model.c_str());
  std::printf("data        %s (%ld observations; predictors %s)\n", a.data.c_str(),
              static_cast<long>(s.observations), pred_list.c_str());
  std::printf("method      %s\n", r.method.empty() ? a.method.method.c_str() : r.method.c_str());
  std::printf("status      %s: %s\n", std::string(to_string(r.status)).c_str(), r.message.c_str());
  std::printf("iterations  %ld   residual evals %ld   jacobians %ld   time %.3g s\n",
              static_cast<long>(r.iterations), static_cast<long>(r.evals.f),
              static_cast<long>(r.evals.h), r.time_s);
  if (box != nullptr) {
    std::string list;
    for (std::size_t k = 0; k < s.names.size(); ++k) {
      const auto i = static_cast<Index>(k);
      if (std::isinf(box->lower()[i]) && std::isinf(box->upper()[i])) continue;
      list += (list.empty() ? "" : ", ") + s.names[k] + " in " +
              interval(box->lower()[i], box->upper()[i]);
    }
    std::printf("bounds      %s%s\n", list.c_str(),
                r.start_projected ? "; the start was outside and was projected onto the box" : "");
    // The status line already says how many bounds are active; the table says which.
    std::printf("projected gradient norm  %.6e\n", static_cast<double>(r.grad_norm));
  }
  const std::string warning = expr::identifiability_message(s);
  if (!warning.empty()) std::printf("warning     %s\n", warning.c_str());
  std::printf("\n%-12s %22s %22s\n", "parameter", "value", "std. error");
  for (std::size_t k = 0; k < s.names.size(); ++k) {
    const auto i = static_cast<Index>(k);
    // A parameter on a bound has no standard error (the covariance is the free parameters'); an
    // undefined one (rank-deficient J, or no degrees of freedom) is "n/a".
    const std::string& side = s.at_bound.empty() ? std::string() : s.at_bound[k];
    if (!side.empty()) {
      std::printf("%-12s %22.12e %22s\n", s.names[k].c_str(), s.params[i],
                  bound_note(side).c_str());
    } else if (std::isfinite(s.std_errors[i])) {
      std::printf("%-12s %22.12e %22.12e\n", s.names[k].c_str(), s.params[i], s.std_errors[i]);
    } else {
      std::printf("%-12s %22.12e %22s\n", s.names[k].c_str(), s.params[i], "n/a");
    }
  }
  std::printf("\nresidual sum of squares      %.12e\n", s.rss);
  std::printf("residual standard deviation  %.12e\n", s.residual_sd);
  std::printf("degrees of freedom           %ld\n", static_cast<long>(s.dof));
}

void print_json(const FitArgs& a, const expr::FitSummary& s, const Bounds<double>* box) {
  const auto& r = s.result;
  nlohmann::json j;
  j["status"] = std::string(to_string(r.status));
  j["message"] = r.message;
  j["method"] = a.method.method;
  j["model"] = a.model;
  nlohmann::json params = nlohmann::json::object(), errors = nlohmann::json::object();
  for (std::size_t k = 0; k < s.names.size(); ++k) {
    const auto i = static_cast<Index>(k);
    params[s.names[k]] = s.params[i];
    // JSON has no NaN: an undefined standard error is null.
    errors[s.names[k]] =
        std::isfinite(s.std_errors[i]) ? nlohmann::json(s.std_errors[i]) : nlohmann::json();
  }
  j["params"] = params;
  j["std_errors"] = errors;
  std::size_t free = s.names.size();
  if (box != nullptr) {
    // JSON has no infinity: an open side is null.
    auto side = [](double v) { return std::isinf(v) ? nlohmann::json() : nlohmann::json(v); };
    nlohmann::json bounds = nlohmann::json::object(), active = nlohmann::json::object();
    for (std::size_t k = 0; k < s.names.size(); ++k) {
      const auto i = static_cast<Index>(k);
      bounds[s.names[k]] = {side(box->lower()[i]), side(box->upper()[i])};
      if (!s.at_bound[k].empty()) {
        active[s.names[k]] = s.at_bound[k];
        --free;
      }
    }
    j["bounds"] = bounds;
    j["active_bounds"] = active;
    j["projected_grad_norm"] = static_cast<double>(s.result.grad_norm);
    j["start_projected"] = s.result.start_projected;
  }
  // The rank is that of the free parameters' columns of J.
  nlohmann::json id = {
      {"rank", s.rank}, {"parameters", free}, {"unidentifiable", s.unidentifiable}};
  if (!s.unidentifiable.empty()) id["message"] = expr::identifiability_message(s);
  j["identifiability"] = id;
  j["rss"] = s.rss;
  j["residual_sd"] =
      std::isfinite(s.residual_sd) ? nlohmann::json(s.residual_sd) : nlohmann::json();
  j["dof"] = s.dof;
  j["observations"] = s.observations;
  j["iterations"] = r.iterations;
  j["f_evals"] = r.evals.f;
  j["jacobian_evals"] = r.evals.h;
  j["time_s"] = r.time_s;
  std::cout << j.dump(2) << "\n";
}

int run_fit(const FitArgs& a) {
  // Data: a NIST StRD file or a CSV table.
  io::DataTable table;
  std::vector<std::string> names;
  std::vector<double> values;
  if (ends_with(a.data, ".dat")) {
    const io::NistDataset d = io::read_nist_file(a.data);
    for (const std::string& w : d.warnings) std::cerr << "optim: warning: " << w << "\n";
    table = io::table_from_nist(d);
    if (a.start.empty() || a.start == "1" || a.start == "2") {
      // The file's standard starts (default: start 1).
      names = d.param_names;
      values = a.start == "2" ? d.start2 : d.start1;
    }
  } else {
    table = io::read_csv_file(a.data);
  }
  if (names.empty()) {
    if (a.start.empty()) throw UsageError("--start is required (e.g. --start b1=1,b2=0.5)");
    parse_start(a.start, names, values);
  }
  const std::vector<std::string> predictors =
      a.x.empty() ? std::vector<std::string>{} : split_names(a.x, "--x");
  const expr::ModelData data = expr::model_data(table, a.y, predictors);
  expr::ExpressionModel<double> model(a.model, names, data);

  const MethodInfo& info = find_method(a.method.method);
  auto method = make_user_method<double>(a.method.method, a.method.settings());
  std::optional<Bounds<double>> box;
  if (!a.bounds.empty()) {
    const NamedBounds nb = parse_named_bounds(a.bounds, names, "parameter");
    box.emplace(Eigen::Map<const Vec<double>>(nb.lower.data(), Index(nb.lower.size())),
                Eigen::Map<const Vec<double>>(nb.upper.data(), Index(nb.upper.size())));
    if (box->constrains() && !method->accepts_bounds()) {
      throw UsageError("--bounds: method '" + a.method.method +
                       "' does not accept bounds (methods that do: " + methods_accepting_bounds() +
                       ")");
    }
  }
  StopOptions stop;
  stop.max_iter = a.max_iter;
  // Least-squares methods end on their own scale-invariant tests; a general method uses the
  // driver's gradient test.
  stop.gtol = a.gtol >= 0 ? a.gtol : (info.family == "least-squares" ? 0.0 : stop.gtol);
  stop.validate();
  const Vec<double> start =
      Eigen::Map<const Vec<double>>(values.data(), static_cast<Index>(values.size()));
  const Bounds<double>* bounds = box ? &*box : nullptr;
  const expr::FitSummary s = expr::fit(model, start, *method, stop, bounds);
  // A box without a finite bound is no box: the run and the report are the unbounded ones.
  if (!s.result.bounded) bounds = nullptr;
  if (a.json) {
    print_json(a, s, bounds);
  } else {
    print_text(a, s, data.predictor_names, bounds);
  }
  return exit_code(s.result.status);
}

const Registrar reg(
    "fit", "fit a model formula to data by nonlinear least squares (exact Jacobians)",
    [](CLI::App& app) -> Action {
      auto a = std::make_shared<FitArgs>();
      app.add_option("--data", a->data, "CSV file with a header row, or a NIST StRD .dat file")
          ->required();
      app.add_option("--model", a->model, "model formula, e.g. \"b1*(1-exp(-b2*x))\"")->required();
      app.add_option("--start", a->start,
                     "start values name=value,... (a .dat file: omit, 1 or 2 for its standard "
                     "starts)");
      // lm, gauss-newton or any method of `optim list`, with its hyperparameters as flags.
      add_method_flags(app, a->method, {.method_names = "--method", .default_method = "lm"});
      app.add_option("--bounds", a->bounds,
                     "bounds by parameter name, b1=0:inf,b2=0:5 (a missing side is unbounded: "
                     "b1=0:, b2=:5); the start is projected onto the box");
      app.add_option("--x", a->x, "predictor columns x1,x2,... (default: all but the response's)");
      app.add_option("--y", a->y, "response column, or an expression of columns such as log(y)")
          ->capture_default_str();
      app.add_option("--max-iter", a->max_iter, "iteration budget")->capture_default_str();
      app.add_option("--gtol", a->gtol,
                     "gradient tolerance of the driver (default: 0 for lm and "
                     "gauss-newton, the driver default otherwise)");
      app.add_flag("--json", a->json, "one JSON object instead of the text report");
      app.footer(
          "Exit codes: 0 converged, 1 budget exhausted, 2 bad input, 3 numerical failure.\n"
          "Example: optim fit --data Misra1a.dat --model \"b1*(1-exp(-b2*x))\" --start "
          "b1=500,b2=1e-4");
      return [a]() -> int {
        try {
          return run_fit(*a);
        } catch (const expr::ParseError& e) {
          // Keep the caret under the offending character after the "optim: error: " prefix.
          std::cerr << "optim: error: " << e.render(14) << "\n";
          return 2;
        }
      };
    });

}  // namespace
}  // namespace optim::cli
