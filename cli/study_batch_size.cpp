// `optim study batch-size`: final loss and its spread between runs, and gradient evaluations to
// a target loss, against the batch size (seed 004 sections 6.2 and 6.3.1;
// studies/batch_size.hpp); --csv writes one row per batch size, --plot draws both against b and
// every run's loss curve against the gradient evaluations.
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "claims_report.hpp"
#include "optim/observers/run_files.hpp"
#include "plot_runner.hpp"
#include "range_checks.hpp"
#include "studies/batch_size.hpp"
#include "studies_table.hpp"
#include "study_commands.hpp"

namespace optim::cli {
namespace {

struct BatchSizeFlags {
  studies::BatchSizeOptions opt;
  bool full = false, json = false;
  std::string plot, csv, batches;
  PlotSize size;
  CLI::Option *seeds = nullptr, *epochs = nullptr, *per_class = nullptr;
};

nlohmann::json number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

void draw(const studies::BatchSizeStudy& s, const std::string& png, const PlotSize& size) {
  nlohmann::json spec;
  spec["title"] = "batch size: " + std::to_string(s.options.seeds) +
                  " runs each, N = " + std::to_string(s.samples);
  spec["samples"] = s.samples;
  spec["target"] = s.options.target_loss;
  spec["rows"] = nlohmann::json::array();
  for (const auto& r : s.rows) {
    spec["rows"].push_back({{"batch", r.batch},
                            {"final", r.final_loss},
                            {"mean", r.mean_final},
                            {"sd", r.sd_final},
                            {"evals", number(r.median_evals)},
                            {"per_epoch", s.samples / r.batch * r.batch},
                            {"curves", r.curves}});
  }
  render_plot("batchsize", spec, png, size);
}

Table table(const studies::BatchSizeStudy& s) {
  Table t({"batch", "mean_final_loss", "sd_final_loss", "reached", "median_evals_to_target",
           "median_seconds_to_target"});
  for (const auto& r : s.rows) {
    t.add({std::to_string(r.batch), fmt_exact(r.mean_final), fmt_exact(r.sd_final),
           std::to_string(r.reached) + "/" + std::to_string(s.options.seeds),
           std::isnan(r.median_evals) ? "" : fmt_exact(r.median_evals),
           std::isnan(r.median_seconds) ? "" : fmt_exact(r.median_seconds)});
  }
  return t;
}

int run(BatchSizeFlags& f) {
  RunFiles().output("--plot", f.plot).output("--csv", f.csv).check();
  if (!f.batches.empty()) {
    f.opt.batches.clear();
    for (double b : split_numbers(f.batches, "--batches")) {
      if (!(b >= 0) || b != std::floor(b))
        throw UsageError("--batches: " + fmt(b) +
                         " is not a batch size (0: full batch, else >= 1)");
      f.opt.batches.push_back(Index(b));
    }
  }
  if (f.full) {
    studies::BatchSizeOptions full = f.opt;
    full.apply_full();
    if (f.seeds->count() == 0) f.opt.seeds = full.seeds;
    if (f.epochs->count() == 0) f.opt.epochs = full.epochs;
    if (f.per_class->count() == 0) f.opt.per_class = full.per_class;
  }
  const auto s = studies::run_batch_size_study(f.opt);
  const auto claims = studies::batch_size_claims(s);
  const Table t = table(s);
  if (!f.csv.empty()) t.save_csv(f.csv);
  std::map<std::string, std::string> pictures;
  if (!f.plot.empty()) {
    draw(s, f.plot, f.size);
    pictures["batch_size"] = f.plot;
  }
  if (f.json) {
    nlohmann::json j = claims_json("batch-size", claims, pictures);
    j["full"] = f.full;
    j["samples"] = s.samples;
    j["rows"] = nlohmann::json::array();
    for (const auto& r : s.rows) {
      nlohmann::json evals = nlohmann::json::array();
      for (double v : r.evals_to_target) evals.push_back(number(v));
      j["rows"].push_back({{"batch", r.batch},
                           {"final_loss", r.final_loss},
                           {"mean_final_loss", r.mean_final},
                           {"sd_final_loss", r.sd_final},
                           {"evals_to_target", evals},
                           {"median_evals_to_target", number(r.median_evals)},
                           {"median_seconds_to_target", number(r.median_seconds)},
                           {"reached", r.reached}});
    }
    std::cout << j.dump(2) << "\n";
  } else {
    t.print(std::cout);
    std::cout << "\n";
    print_claims(std::cout, claims, pictures);
  }
  return 0;
}

}  // namespace

Action setup_study_batch_size(CLI::App& app) {
  auto f = std::make_shared<BatchSizeFlags>();
  app.add_flag("--full", f->full, "benchmark size: 10 runs, 100 epochs, 600 points");
  app.add_option("--seed", f->opt.seed, "seed of the data and the initial weights")
      ->capture_default_str();
  f->seeds = app.add_option("--seeds", f->opt.seeds, "runs per batch size (sample orders)")
                 ->check(at_least(2))
                 ->capture_default_str();
  f->epochs = app.add_option("--epochs", f->opt.epochs, "epochs of every run")
                  ->check(at_least(1))
                  ->capture_default_str();
  f->per_class = app.add_option("--per-class", f->opt.per_class, "blobs points per class")
                     ->check(at_least(2))
                     ->capture_default_str();
  app.add_option("--batches", f->batches, "batch sizes, e.g. 1,4,16,64,0 (0: the full batch)");
  app.add_option("--lr", f->opt.lr, "learning rate of every run (> 0)")->capture_default_str();
  app.add_option("--target-loss", f->opt.target_loss, "full training loss to reach (> 0)")
      ->capture_default_str();
  app.add_flag("--json", f->json, "claims, figures and verdicts as JSON");
  app.add_option("--csv", f->csv, "one row per batch size (CSV)");
  app.add_option("--plot", f->plot, "draw the loss, its spread and the cost against b (PNG)");
  add_plot_size_flags(app, f->size);
  return [f] { return run(*f); };
}

}  // namespace optim::cli
