// `optim study saddles`: critical points of a small MLP's loss by Newton on ||grad||^2, their
// index against their loss, and a Wigner matrix's spectrum against the semicircle
// (studies/saddles.hpp); --csv writes the critical points, --plot draws both.
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "claims_report.hpp"
#include "optim/observers/run_files.hpp"
#include "plot_runner.hpp"
#include "range_checks.hpp"
#include "studies/saddles.hpp"
#include "studies_table.hpp"
#include "study_commands.hpp"

namespace optim::cli {
namespace {

struct SaddlesFlags {
  studies::SaddlesOptions opt;
  bool full = false, json = false;
  std::string plot, csv;
  PlotSize size;
  CLI::Option *hidden = nullptr, *starts = nullptr, *goe = nullptr;
};

void draw(const studies::SaddlesStudy& s, const std::string& png, const PlotSize& size) {
  nlohmann::json spec;
  spec["title"] = "critical points of a " + std::to_string(s.dim) +
                  "-parameter MLP loss; a GOE spectrum (N = " + std::to_string(s.options.goe_n) +
                  ")";
  std::vector<double> loss, index;
  for (const auto& p : s.points) {
    loss.push_back(p.loss);
    index.push_back(p.index);
  }
  spec["loss"] = loss;
  spec["index"] = index;
  spec["eigenvalues"] = s.goe_eigenvalues;
  spec["ks"] = s.ks;
  // The semicircle's density on a grid, computed here: the script only draws.
  std::vector<double> xs, rho;
  for (int i = 0; i <= 200; ++i) {
    const double x = -2 + 4.0 * i / 200;
    xs.push_back(x);
    rho.push_back(std::sqrt(std::max(0.0, 4 - x * x)) / (2 * M_PI));
  }
  spec["semicircle"] = {{"x", xs}, {"density", rho}};
  render_plot("saddles", spec, png, size);
}

int run(SaddlesFlags& f) {
  RunFiles().output("--plot", f.plot).output("--csv", f.csv).check();
  if (f.full) {
    studies::SaddlesOptions full = f.opt;
    full.apply_full();
    if (f.hidden->count() == 0) f.opt.hidden = full.hidden;
    if (f.starts->count() == 0) f.opt.starts = full.starts;
    if (f.goe->count() == 0) f.opt.goe_n = full.goe_n;
  }
  const auto s = studies::run_saddles_study(f.opt);
  const auto claims = studies::saddles_claims(s);
  if (!f.csv.empty()) {
    Table t({"finder", "loss", "grad_norm", "index", "negative", "zero", "dim", "iterations"});
    for (const auto& p : s.points) {
      t.add({p.by_descent ? "lbfgs" : "newton", fmt_exact(p.loss), fmt_exact(p.grad_norm),
             fmt_exact(p.index), std::to_string(p.negative), std::to_string(p.zero),
             std::to_string(p.dim), std::to_string(p.iterations)});
    }
    t.save_csv(f.csv);
  }
  std::map<std::string, std::string> pictures;
  if (!f.plot.empty()) {
    draw(s, f.plot, f.size);
    pictures["saddles"] = f.plot;
  }
  if (f.json) {
    nlohmann::json j = claims_json("saddles", claims, pictures);
    j["full"] = f.full;
    j["dim"] = s.dim;
    j["failed_starts"] = s.failed;
    j["points"] = nlohmann::json::array();
    for (const auto& p : s.points)
      j["points"].push_back({{"loss", p.loss},
                             {"index", p.index},
                             {"negative", p.negative},
                             {"finder", p.by_descent ? "lbfgs" : "newton"}});
    std::cout << j.dump(2) << "\n";
  } else {
    print_claims(std::cout, claims, pictures);
  }
  return 0;
}

}  // namespace

Action setup_study_saddles(CLI::App& app) {
  auto f = std::make_shared<SaddlesFlags>();
  app.add_flag("--full", f->full, "benchmark size: 6 hidden units, 300 starts, N = 1000");
  app.add_option("--seed", f->opt.seed, "seed of the data, the starts and the random matrix")
      ->capture_default_str();
  f->hidden = app.add_option("--hidden", f->opt.hidden, "tanh units of the 1-h-1 network")
                  ->check(at_least(1))
                  ->capture_default_str();
  f->starts = app.add_option("--starts", f->opt.starts, "random starts of Newton on ||grad||^2")
                  ->check(at_least(5))
                  ->capture_default_str();
  f->goe = app.add_option("--goe-n", f->opt.goe_n, "size of the Wigner (GOE) matrix")
               ->check(at_least(2))
               ->capture_default_str();
  app.add_option("--gtol", f->opt.gtol, "||grad|| at a critical point (> 0)")
      ->capture_default_str();
  app.add_option("--max-iter", f->opt.max_iter, "Newton steps per start")
      ->check(at_least(1))
      ->capture_default_str();
  app.add_flag("--json", f->json, "claims, figures and verdicts as JSON");
  app.add_option("--csv", f->csv, "the critical points found (CSV)");
  app.add_option("--plot", f->plot, "draw index against loss and the GOE spectrum (PNG)");
  add_plot_size_flags(app, f->size);
  return [f] { return run(*f); };
}

}  // namespace optim::cli
