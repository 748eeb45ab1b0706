// `optim compare`: methods x problems with the same stopping rules; a table (success, iterations,
// evaluations, final f, time), CSV/JSON, and Dolan-Moré performance profiles by evaluations and by
// time (data in --json, picture with --profile).
#include <cmath>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "box_flags.hpp"
#include "command.hpp"
#include "method_sets.hpp"
#include "optim/observers/run_files.hpp"
#include "optim/registry.hpp"
#include "plot_runner.hpp"
#include "problems/registry.hpp"
#include "range_checks.hpp"
#include "resource_limits.hpp"
#include "studies/comparison.hpp"
#include "studies_table.hpp"

namespace optim::cli {
namespace {

struct CompareFlags {
  std::string methods;
  std::string problems;
  std::vector<std::string> sets;  // method.key=value
  Index max_iter = 1000;
  double gtol = 1e-5;
  double success_tol = 1e-4;
  Index dim = 0;
  BoxFlags box;
  bool json = false;
  std::string out;
  std::string profile;
  PlotSize size;
};

std::vector<studies::MethodSpec> method_specs(const CompareFlags& f) {
  std::vector<studies::MethodSpec> specs;
  for (const MethodChoice& m : parse_method_sets(f.methods, f.sets))
    specs.push_back({m.name, m.params(), m.name});
  return specs;
}

std::vector<studies::ProblemSpec> problem_specs(const CompareFlags& f) {
  std::vector<studies::ProblemSpec> specs;
  for (const auto& name : split_names(f.problems, "--problems")) {
    const auto& info = problems::find_problem(name);
    const Index dim = (f.dim > 0 && info.any_dim) ? f.dim : 0;
    specs.push_back({name, [name, dim] { return problems::make_problem<double>(name, dim); }});
  }
  return specs;
}

nlohmann::json num_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json profile_json(const studies::PerformanceProfile& p, const std::string& name) {
  nlohmann::json m;
  m["name"] = name;
  m["problems"] = p.problems;
  m["solvers"] = nlohmann::json::array();
  for (size_t s = 0; s < p.solvers.size(); ++s) {
    nlohmann::json r = nlohmann::json::array();
    for (double v : p.ratios[s]) r.push_back(num_or_null(v));
    m["solvers"].push_back({{"name", p.solvers[s]}, {"ratios", r}});
  }
  return m;
}

int run(const CompareFlags& f) {
  const auto methods = method_specs(f);
  if (f.dim > 0) {
    for (const auto& m : methods)
      check_problem_size("--dim " + std::to_string(f.dim), double(f.dim), m.name, sizeof(double));
  }
  const auto problems = problem_specs(f);
  RunFiles().output("--out", f.out).output("--profile", f.profile).check();
  studies::CompareOptions opt;
  opt.stop.max_iter = f.max_iter;
  opt.stop.gtol = f.gtol;
  opt.success_tol = f.success_tol;
  if (f.box.given()) opt.box = [&f](Index n) { return box_of<double>(f.box, n); };
  const auto recs = studies::run_comparison(methods, problems, opt);
  const auto by_evals = studies::profile_of(recs, methods, problems, "evaluations");
  const auto by_time = studies::profile_of(recs, methods, problems, "time");

  // On a box the gradient column is the projected gradient, and a column counts the bounds active
  // at the end.
  std::vector<std::string> columns = {"problem", "method",     "status",
                                      "success", "iterations", "evaluations",
                                      "f",       "f-f*",       f.box.given() ? "|Pg|" : "|g|"};
  if (f.box.given()) columns.push_back("active");
  columns.push_back("time_ms");
  Table t(columns);
  for (const auto& r : recs) {
    std::vector<std::string> row = {r.problem,
                                    r.method,
                                    std::string(to_string(r.status)),
                                    r.success ? "yes" : "no",
                                    std::to_string(r.iterations),
                                    std::to_string(r.evaluations),
                                    fmt(r.f, 6),
                                    std::isnan(r.f_min) ? "-" : fmt(r.f - r.f_min, 3),
                                    fmt(r.grad_norm, 3)};
    if (f.box.given()) row.push_back(std::to_string(r.active_bounds));
    row.push_back(fmt(r.time_s * 1e3, 3));
    t.add(row);
  }
  if (!f.out.empty()) t.save_csv(f.out);
  if (!f.profile.empty()) {
    nlohmann::json spec;
    spec["title"] =
        "Dolan-More performance profiles (" + std::to_string(problems.size()) + " problems)";
    spec["measures"] = {profile_json(by_evals, "evaluations"), profile_json(by_time, "time")};
    render_plot("profile", spec, f.profile, f.size);
  }
  if (f.json) {
    nlohmann::json j;
    j["runs"] = nlohmann::json::array();
    for (const auto& r : recs) {
      j["runs"].push_back({{"problem", r.problem},
                           {"method", r.method},
                           {"status", to_string(r.status)},
                           {"success", r.success},
                           {"iterations", r.iterations},
                           {"evaluations", r.evaluations},
                           {"f_evals", r.f_evals},
                           {"g_evals", r.g_evals},
                           {"h_evals", r.h_evals},
                           {"f", num_or_null(r.f)},
                           {"f_min", num_or_null(r.f_min)},
                           {"grad_norm", num_or_null(r.grad_norm)},
                           {"active_bounds", r.active_bounds},
                           {"time_s", r.time_s},
                           {"note", r.note}});
    }
    j["profiles"] = {profile_json(by_evals, "evaluations"), profile_json(by_time, "time")};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  t.print(std::cout);
  std::cout << "\nDolan-More profile rho(tau): share of problems solved within a factor tau of "
               "the best\n";
  Table s({"method", "solved", "rho_evals(1)", "rho_evals(2)", "rho_evals(10)", "rho_time(1)",
           "rho_time(10)"});
  for (size_t m = 0; m < methods.size(); ++m) {
    const Index i = static_cast<Index>(m);
    int solved = 0;
    for (size_t p = 0; p < problems.size(); ++p) solved += recs[p * methods.size() + m].success;
    s.add({by_evals.solvers[m], std::to_string(solved) + "/" + std::to_string(problems.size()),
           fmt(by_evals.rho(i, 1), 3), fmt(by_evals.rho(i, 2), 3), fmt(by_evals.rho(i, 10), 3),
           fmt(by_time.rho(i, 1), 3), fmt(by_time.rho(i, 10), 3)});
  }
  s.print(std::cout);
  if (!f.out.empty()) std::cout << "wrote " << f.out << "\n";
  if (!f.profile.empty()) std::cout << "wrote " << f.profile << "\n";
  return 0;
}

const Registrar reg(
    "compare", "methods x problems table and Dolan-More performance profiles",
    [](CLI::App& app) -> Action {
      auto f = std::make_shared<CompareFlags>();
      app.add_option("--methods", f->methods, "methods a,b,c (see `optim list`)")->required();
      app.add_option("--problems", f->problems, "problems p,q,r (see `optim list`)")->required();
      app.add_option("--set", f->sets,
                     "hyperparameter of one method: METHOD.KEY=VALUE (repeatable)");
      app.add_option("--max-iter", f->max_iter, "iteration budget per run")->capture_default_str();
      app.add_option("--gtol", f->gtol, "gradient tolerance (inf-norm)")->capture_default_str();
      app.add_option("--success-tol", f->success_tol,
                     "success needs f - f* <= tol (1 + |f*|) where f* is known")
          ->capture_default_str();
      app.add_option("--dim", f->dim, "dimension for n-dimensional problems")->check(at_least(0));
      add_box_flags(app, f->box);
      app.add_flag("--json", f->json, "print runs and profiles as JSON");
      app.add_option("--out", f->out, "write the table as CSV");
      app.add_option("--profile", f->profile,
                     "draw the performance profiles (evaluations, time) as PNG");
      add_plot_size_flags(app, f->size);
      return [f] { return run(*f); };
    });

}  // namespace
}  // namespace optim::cli
