// `optim study behaviours`: the optimizers' behaviours the seeds describe in words (momentum on a
// plateau and its overshoot, Nesterov against momentum, AdaGrad stopping early against RMSProp,
// Newton and saddle points), each with the claim, the measurement and a computed verdict
// (studies/behaviours.hpp); --plot DIR draws the contour and convergence pictures.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "claims_report.hpp"
#include "optim/observers/run_files.hpp"
#include "plot_runner.hpp"
#include "problems/expr/expression_objective.hpp"
#include "studies/behaviours.hpp"
#include "studies_table.hpp"
#include "study_commands.hpp"

namespace optim::cli {
namespace {

struct BehavioursFlags {
  studies::BehavioursOptions opt;
  bool json = false;
  std::string plot_dir;
  PlotSize size;
};

// The stems the study draws, known before it runs, so an unwritable folder is refused first.
const std::vector<std::string> kPictures = {"plateau", "nesterov_rosenbrock", "adagrad_rosenbrock",
                                            "newton_himmelblau"};

std::string picture_path(const std::string& dir, const std::string& stem) {
  return dir + "/behaviour_" + stem + ".png";
}

// Level sets of the formula over the paths' extent (padded) with every path drawn.
void draw_paths(const studies::Behaviour& b, const std::string& png, const PlotSize& size) {
  double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
  for (const auto& p : b.paths) {
    for (std::size_t i = 0; i < p.x.size(); ++i) {
      if (!std::isfinite(p.x[i]) || !std::isfinite(p.y[i])) continue;
      lo[0] = std::min(lo[0], p.x[i]);
      hi[0] = std::max(hi[0], p.x[i]);
      lo[1] = std::min(lo[1], p.y[i]);
      hi[1] = std::max(hi[1], p.y[i]);
    }
  }
  for (int d = 0; d < 2; ++d) {
    const double pad = 0.15 * std::max(hi[d] - lo[d], 2.0);
    lo[d] -= pad;
    hi[d] += pad;
  }
  expr::ExpressionObjective<double> f(b.problem, {"x", "y"});
  nlohmann::json spec;
  spec["title"] = b.name + ": " + b.verdict;
  add_contour_grid(spec, f, lo, hi, 150);
  spec["log_levels"] = true;
  spec["minima"] = nlohmann::json::array();
  spec["trajectories"] = nlohmann::json::array();
  for (const auto& p : b.paths)
    spec["trajectories"].push_back({{"name", p.label}, {"x", p.x}, {"y", p.y}});
  render_plot("contour", spec, png, size);
}

void draw_curves(const studies::Behaviour& b, const std::string& png, const PlotSize& size) {
  nlohmann::json spec;
  spec["title"] = b.name + ": " + b.verdict;
  spec["f_label"] = "f - f*";
  spec["series"] = nlohmann::json::array();
  for (const auto& c : b.curves) {
    std::vector<double> k(c.f.size()), gap(c.f.size());
    for (std::size_t i = 0; i < c.f.size(); ++i) {
      k[i] = double(i);
      gap[i] = c.f[i] - b.f_min;
    }
    spec["series"].push_back({{"name", c.label}, {"iteration", k}, {"f_gap", gap}});
  }
  render_plot("curves", spec, png, size);
}

int run(const BehavioursFlags& f) {
  if (!f.plot_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(f.plot_dir, ec);
    if (ec || !std::filesystem::is_directory(f.plot_dir)) {
      throw UsageError("--plot '" + f.plot_dir + "': cannot create the folder for the pictures");
    }
    RunFiles files;
    for (const auto& stem : kPictures) files.output("--plot", picture_path(f.plot_dir, stem));
    files.check();
  }
  const auto behaviours = studies::run_behaviours(f.opt);
  std::set<std::string> drawn;
  if (!f.plot_dir.empty()) {
    for (const auto& b : behaviours) {
      if (drawn.count(b.picture) || (b.paths.empty() && b.curves.empty())) continue;
      const std::string png = picture_path(f.plot_dir, b.picture);
      if (!b.paths.empty())
        draw_paths(b, png, f.size);
      else
        draw_curves(b, png, f.size);
      drawn.insert(b.picture);
    }
  }
  std::map<std::string, std::string> pictures;
  for (const auto& stem : drawn) pictures[stem] = picture_path(f.plot_dir, stem);
  if (f.json) {
    nlohmann::json j = claims_json("behaviours", behaviours, pictures);
    j["full"] = f.opt.full;
    std::cout << j.dump(2) << "\n";
  } else {
    print_claims(std::cout, behaviours, pictures);
  }
  return 0;
}

}  // namespace

void demo_behaviours() {
  std::cout << "\nthe seeds' claims about the optimizers, measured (optim study behaviours):\n";
  Table t({"behaviour", "agrees", "measured"});
  for (const auto& b : studies::run_behaviours({}))
    t.add({b.name, b.agrees ? "yes" : "no", b.verdict});
  t.print(std::cout);
}

Action setup_study_behaviours(CLI::App& app) {
  auto f = std::make_shared<BehavioursFlags>();
  app.add_flag("--full", f->opt.full, "benchmark size: longer budgets, finer grids");
  app.add_flag("--json", f->json, "claims, figures and verdicts as JSON");
  app.add_option("--plot", f->plot_dir, "folder for the pictures (behaviour_*.png)");
  add_plot_size_flags(app, f->size);
  return [f] { return run(*f); };
}

}  // namespace optim::cli
