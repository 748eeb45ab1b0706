// `optim study vanishing-gradients`: per-layer gradient sizes and dead units through training of
// deep sigmoid, tanh and ReLU networks from Xavier and He initialisations
// (studies/vanishing_gradients.hpp); --csv writes every run's per-layer rows, --plot draws the
// layer profiles at the start and at the end and the dead units per epoch.
#include <iostream>
#include <nlohmann/json.hpp>

#include "claims_report.hpp"
#include "optim/observers/run_files.hpp"
#include "plot_runner.hpp"
#include "range_checks.hpp"
#include "studies/vanishing_gradients.hpp"
#include "studies_table.hpp"
#include "study_commands.hpp"

namespace optim::cli {
namespace {

struct VanishingFlags {
  studies::VanishingGradientsOptions opt;
  bool full = false, json = false;
  std::string plot, csv;
  PlotSize size;
  // Flags given on the command line keep their value under --full.
  CLI::Option *width = nullptr, *per_class = nullptr, *epochs = nullptr;
};

// One run's per-layer RMS gradient at a recorded epoch (rows are grouped by epoch).
std::vector<double> profile(const studies::VanishingRun& r, int epoch) {
  std::vector<double> out;
  for (const auto& row : r.rows)
    if (row.epoch == epoch) out.push_back(studies::rms_weight_gradient(row));
  return out;
}

void draw(const studies::VanishingGradientsStudy& s, const std::string& png, const PlotSize& size) {
  nlohmann::json spec;
  spec["title"] = "vanishing gradients: " + std::to_string(s.options.hidden_layers) +
                  " hidden layers of " + std::to_string(s.options.width) + " units";
  spec["last_epoch"] = s.options.epochs;
  spec["runs"] = nlohmann::json::array();
  for (const auto& r : s.runs) {
    std::vector<double> dead;
    for (Index d : r.dead_units) dead.push_back(double(d));
    spec["runs"].push_back({{"name", r.label},
                            {"start", profile(r, 0)},
                            {"end", profile(r, s.options.epochs)},
                            {"dead", dead},
                            {"hidden_units", r.hidden_units}});
  }
  render_plot("layers", spec, png, size);
}

void write_csv(const studies::VanishingGradientsStudy& s, const std::string& path) {
  Table t({"run", "epoch", "layer", "fan_in", "units", "weight_grad_norm", "rms_weight_grad",
           "bias_grad_norm", "dead_units"});
  for (const auto& r : s.runs) {
    for (const auto& row : r.rows) {
      t.add({r.label, std::to_string(row.epoch), std::to_string(row.layer),
             std::to_string(row.fan_in), std::to_string(row.units), fmt_exact(row.weight_grad_norm),
             fmt_exact(studies::rms_weight_gradient(row)), fmt_exact(row.bias_grad_norm),
             row.dead_units >= 0 ? std::to_string(row.dead_units) : ""});
    }
  }
  t.save_csv(path);
}

int run(VanishingFlags& f) {
  RunFiles().output("--plot", f.plot).output("--csv", f.csv).check();
  if (f.full) {
    studies::VanishingGradientsOptions full = f.opt;
    full.apply_full();
    if (f.width->count() == 0) f.opt.width = full.width;
    if (f.per_class->count() == 0) f.opt.per_class = full.per_class;
    if (f.epochs->count() == 0) f.opt.epochs = full.epochs;
  }
  const auto s = studies::run_vanishing_gradients_study(f.opt);
  const auto claims = studies::vanishing_gradients_claims(s);
  if (!f.csv.empty()) write_csv(s, f.csv);
  std::map<std::string, std::string> pictures;
  if (!f.plot.empty()) {
    draw(s, f.plot, f.size);
    pictures["layers"] = f.plot;
  }
  if (f.json) {
    nlohmann::json j = claims_json("vanishing-gradients", claims, pictures);
    j["full"] = f.full;
    // Every run's profile in short: the figures behind the claims, per run.
    j["runs"] = nlohmann::json::array();
    for (const auto& r : s.runs) {
      j["runs"].push_back({{"name", r.label},
                           {"first_over_last", r.first_over_last},
                           {"max_over_min", r.max_over_min},
                           {"dead_units", r.dead_units},
                           {"hidden_units", r.hidden_units},
                           {"train_loss", r.train_loss},
                           {"final_accuracy", r.final_accuracy}});
    }
    std::cout << j.dump(2) << "\n";
  } else {
    Table t({"run", "first/last start", "first/last end", "max/min start", "max/min end",
             "dead start", "dead end", "train acc"});
    for (const auto& r : s.runs) {
      t.add({r.label, fmt(r.first_over_last.front(), 3), fmt(r.first_over_last.back(), 3),
             fmt(r.max_over_min.front(), 3), fmt(r.max_over_min.back(), 3),
             std::to_string(r.dead_units.front()), std::to_string(r.dead_units.back()),
             fmt(r.final_accuracy, 3)});
    }
    t.print(std::cout);
    std::cout << "\n";
    print_claims(std::cout, claims, pictures);
  }
  return 0;
}

}  // namespace

Action setup_study_vanishing(CLI::App& app) {
  auto f = std::make_shared<VanishingFlags>();
  app.add_flag("--full", f->full,
               "benchmark size: 64 units per layer, 500 points per class, 30 epochs");
  app.add_option("--seed", f->opt.seed, "seed of the data, the weights and the batches")
      ->capture_default_str();
  app.add_option("--hidden-layers", f->opt.hidden_layers, "hidden layers of each network")
      ->check(at_least(2))
      ->capture_default_str();
  f->width = app.add_option("--units", f->opt.width, "units per hidden layer")
                 ->check(at_least(1))
                 ->capture_default_str();
  f->per_class = app.add_option("--per-class", f->opt.per_class, "spirals points per class")
                     ->check(at_least(2))
                     ->capture_default_str();
  f->epochs = app.add_option("--epochs", f->opt.epochs, "SGD epochs")
                  ->check(at_least(1))
                  ->capture_default_str();
  app.add_option("--lr", f->opt.lr, "SGD learning rate (> 0)")->capture_default_str();
  app.add_option("--batch-size", f->opt.batch, "SGD minibatch size")
      ->check(at_least(1))
      ->capture_default_str();
  app.add_flag("--json", f->json, "claims, figures and verdicts as JSON");
  app.add_option("--csv", f->csv, "every run's per-layer rows (CSV)");
  app.add_option("--plot", f->plot, "draw the layer profiles and the dead units (PNG)");
  add_plot_size_flags(app, f->size);
  return [f] { return run(*f); };
}

}  // namespace optim::cli
