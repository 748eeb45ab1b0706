// `optim study step-size`: GD on E(w) = 1/2 a w^2 + b w + c (or an n-D quadratic with a chosen
// spectrum) for a grid of eta/eta_opt, each run classified from its iterates beside the seed's
// rule (seed 004_8575ef13f3bfe434.txt sections 4.4-4.6).
#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>

#include "optim/observers/run_files.hpp"
#include "plot_runner.hpp"
#include "range_checks.hpp"
#include "resource_limits.hpp"
#include "studies/step_size.hpp"
#include "studies_table.hpp"
#include "study_commands.hpp"

namespace optim::cli {
namespace {

struct StepSizeFlags {
  double a = 1;
  std::string b = "0";
  double c = 0;
  std::string spectrum;
  bool rotate = false;
  std::string w0;
  std::string ratios;
  Index steps = 50;
  std::string out;
  bool json = false;
  std::string plot;
  PlotSize size;
};

// The curvatures and ratios in the user's terms (--a or --spectrum, --ratios), before the study's
// own checks. The steps eta = r / lambda_max reach GD as its lr and must be normal doubles: below
// DBL_MIN they lose precision (and the text of the hyperparameter underflows), above DBL_MAX they
// are infinite. Hence lambda_max in [r_max / DBL_MAX, r_min / DBL_MIN].
void check_flags(const StepSizeFlags& f, const studies::StepSizeOptions& o) {
  const std::string flag = f.spectrum.empty() ? "--a " + shortest(f.a) : "--spectrum";
  for (double l : o.spectrum) {
    if (!(l > 0) || !std::isfinite(l)) {
      throw UsageError(flag + (f.spectrum.empty() ? ": the curvature must be finite and a > 0"
                                                  : ": every eigenvalue must be finite and > 0"));
    }
  }
  for (double r : o.ratios) {
    if (!(r > 0) || !std::isfinite(r)) {
      throw UsageError("--ratios " + shortest(r) + ": must be > 0 and finite");
    }
  }
  const double l_max = *std::max_element(o.spectrum.begin(), o.spectrum.end());
  const double r_min = *std::min_element(o.ratios.begin(), o.ratios.end());
  const double r_max = *std::max_element(o.ratios.begin(), o.ratios.end());
  const double lo = r_max / std::numeric_limits<double>::max();
  const double hi = r_min / std::numeric_limits<double>::min();
  if (l_max < lo || l_max > hi) {
    throw UsageError(flag + ": the largest curvature must be >= " + shortest(lo) +
                     " and <= " + shortest(hi) + " for these ratios (the step sizes eta = r / " +
                     (f.spectrum.empty() ? "a" : "lambda_max") + " must be normal doubles)");
  }
}

studies::StepSizeOptions to_options(const StepSizeFlags& f) {
  studies::StepSizeOptions o;
  o.spectrum =
      f.spectrum.empty() ? std::vector<double>{f.a} : split_numbers(f.spectrum, "--spectrum");
  o.b = split_numbers(f.b, "--b");
  if (o.b.size() == 1 && o.spectrum.size() > 1) o.b.assign(o.spectrum.size(), o.b[0]);
  o.c = f.c;
  o.rotate = f.rotate;
  if (!f.w0.empty()) {
    const auto w = split_numbers(f.w0, "--w0");
    o.w0 = Eigen::Map<const Vec<double>>(w.data(), static_cast<Index>(w.size()));
  }
  if (!f.ratios.empty()) o.ratios = split_numbers(f.ratios, "--ratios");
  o.steps = f.steps;
  check_flags(f, o);
  // Every run keeps its iterates (steps + 1 vectors of n) and their eigen-direction errors.
  const double n = double(o.spectrum.size());
  require_fits_in_memory("--steps " + std::to_string(f.steps),
                         3.0 * double(f.steps + 1) * (n + 1) * sizeof(double),
                         "the iterates of one run");
  return o;
}

Table make_table(const studies::StepSizeStudy& s) {
  Table t({"ratio", "eta", "predicted_factor", "observed_factor", "predicted", "observed", "match",
           "steps_to_1e-6", "final_error"});
  for (const auto& r : s.runs) {
    const auto& dom = r.directions[r.dominant].observed;
    t.add({fmt(r.ratio), fmt(r.eta), fmt(r.predicted_factor()), fmt(r.observed_factor()),
           std::string(to_string(r.predicted())), std::string(to_string(r.observed())),
           r.matches() ? "yes" : "NO",
           dom.steps_to_tol < 0 ? "-" : std::to_string(dom.steps_to_tol), fmt(r.final_error, 3)});
  }
  return t;
}

nlohmann::json to_json(const studies::StepSizeStudy& s) {
  nlohmann::json j;
  j["study"] = "step-size";
  j["spectrum"] = s.options.spectrum;
  j["eta_opt"] = s.eta_opt;
  j["lambda_min"] = s.lambda_min;
  j["lambda_max"] = s.lambda_max;
  j["w_star"] = std::vector<double>(s.w_star.data(), s.w_star.data() + s.w_star.size());
  j["steps"] = s.options.steps;
  j["runs"] = nlohmann::json::array();
  for (const auto& r : s.runs) {
    nlohmann::json run;
    run["ratio"] = r.ratio;
    run["eta"] = r.eta;
    run["regime"] = to_string(r.observed());
    run["predicted_regime"] = to_string(r.predicted());
    run["predicted_factor"] = r.predicted_factor();
    run["observed_factor"] = r.observed_factor();
    run["matches"] = r.matches();
    run["iterations"] = r.iterations;
    run["status"] = to_string(r.status);
    run["final_error"] = r.final_error;
    run["error_norms"] = r.error_norms;
    run["directions"] = nlohmann::json::array();
    for (const auto& d : r.directions) {
      run["directions"].push_back({{"lambda", d.lambda},
                                   {"ratio", d.ratio},
                                   {"predicted_factor", d.predicted_factor},
                                   {"observed_factor", d.observed.factor},
                                   {"predicted_regime", to_string(d.predicted)},
                                   {"regime", to_string(d.observed.regime)},
                                   {"sign_changes", d.observed.sign_changes},
                                   {"steps_to_tol", d.observed.steps_to_tol}});
    }
    j["runs"].push_back(run);
  }
  return j;
}

int run(const StepSizeFlags& f) {
  RunFiles().output("--out", f.out).output("--plot", f.plot).check();
  const studies::StepSizeStudy s = studies::run_step_size_study(to_options(f));
  const Table t = make_table(s);
  if (!f.out.empty()) t.save_csv(f.out);
  bool all_match = true;
  for (const auto& r : s.runs) all_match = all_match && r.matches();
  if (!f.plot.empty()) {
    nlohmann::json spec = to_json(s);
    spec["title"] = "Step-size regimes of GD (seed 004 4.4-4.6), eta_opt = " + fmt(s.eta_opt, 4);
    render_plot("stepsize", spec, f.plot, f.size);
  }
  if (f.json) {
    std::cout << to_json(s).dump(2) << "\n";
  } else {
    std::cout << "GD on E(w) = 1/2 w^T A w + b^T w + c, spectrum of A:";
    for (double l : s.options.spectrum) std::cout << " " << fmt(l);
    std::cout << "\neta_opt = 1/lambda_max = " << fmt(s.eta_opt, 6)
              << "   (seed 004 4.4-4.6: monotone r < 1, one step r = 1, oscillating 1 < r < 2, "
                 "divergent r > 2; r = eta/eta_opt)\n\n";
    t.print(std::cout);
    std::cout << "\n"
              << (all_match ? "every run matches the seed's rule"
                            : "some runs do NOT match the seed's rule (see 'match')")
              << "\n";
    if (!f.out.empty()) std::cout << "wrote " << f.out << "\n";
    if (!f.plot.empty()) std::cout << "wrote " << f.plot << "\n";
  }
  return 0;
}

}  // namespace

Action setup_study_step_size(CLI::App& app) {
  auto f = std::make_shared<StepSizeFlags>();
  app.add_option("--a", f->a, "curvature a of E(w) = 1/2 a w^2 + b w + c (a > 0)")
      ->capture_default_str();
  app.add_option("--b", f->b, "linear term b (a list for --spectrum, or one value for all)")
      ->capture_default_str();
  app.add_option("--c", f->c, "constant c")->capture_default_str();
  app.add_option("--spectrum", f->spectrum,
                 "eigenvalues l1,l2,... of an n-D quadratic (overrides --a); eta_opt = 1/l_max");
  app.add_flag("--rotate", f->rotate, "rotate the n-D quadratic by a random orthogonal matrix");
  app.add_option("--w0", f->w0, "start point (default: w* + 1 along every eigen-direction)");
  app.add_option("--ratios", f->ratios, "eta/eta_opt values r1,r2,... (default 0.1,0.2,...,2.5)");
  app.add_option("--steps", f->steps, "GD iterations per run (>= 2)")->capture_default_str();
  app.add_option("--out", f->out, "write the table as CSV to this file");
  app.add_flag("--json", f->json, "print the study as JSON (a `runs` list) instead of the table");
  app.add_option("--plot", f->plot, "draw error curves and factors vs ratio into this PNG");
  add_plot_size_flags(app, f->size);
  return [f] { return run(*f); };
}

}  // namespace optim::cli
