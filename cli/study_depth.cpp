// `optim study depth`: test accuracy against depth at a fixed parameter budget on the spirals
// (studies/depth.hpp); --csv writes one row per depth, --plot draws accuracy and training loss
// against depth.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "claims_report.hpp"
#include "common.hpp"
#include "nn/data_sources.hpp"
#include "optim/observers/run_files.hpp"
#include "plot_runner.hpp"
#include "range_checks.hpp"
#include "studies/depth.hpp"
#include "studies_table.hpp"
#include "study_commands.hpp"

namespace optim::cli {
namespace {

struct DepthFlags {
  studies::DepthOptions opt;
  bool full = false, json = false;
  std::string plot, csv, depths, data_dir;
  PlotSize size;
  CLI::Option *seeds = nullptr, *epochs = nullptr, *per_class = nullptr, *budget = nullptr;
};

void draw(const studies::DepthStudy& s, const std::string& png, const PlotSize& size) {
  nlohmann::json spec;
  spec["title"] = "depth at about " + std::to_string(s.options.budget) + " parameters (spirals)";
  spec["rows"] = nlohmann::json::array();
  for (const auto& r : s.rows) {
    spec["rows"].push_back({{"depth", r.depth},
                            {"width", r.width},
                            {"accuracy", r.test_accuracy},
                            {"mean", r.mean_accuracy},
                            {"sd", r.sd_accuracy},
                            {"train_loss", r.train_loss}});
  }
  render_plot("depth", spec, png, size);
}

Table table_of(const std::vector<studies::DepthRow>& rows) {
  Table t({"hidden_layers", "width", "params", "mean_test_accuracy", "sd_test_accuracy",
           "mean_train_loss"});
  for (const auto& r : rows) {
    t.add({std::to_string(r.depth), std::to_string(r.width), std::to_string(r.params),
           fmt(r.mean_accuracy, 4), fmt(r.sd_accuracy, 3), fmt(r.mean_train_loss, 4)});
  }
  return t;
}

int run(DepthFlags& f) {
  RunFiles().output("--plot", f.plot).output("--csv", f.csv).check();
  if (!f.depths.empty()) {
    f.opt.depths.clear();
    for (double d : split_numbers(f.depths, "--depths")) {
      if (!(d >= 1) || d != std::floor(d) || d > 1000)
        throw UsageError("--depths: " + fmt(d) + " is not a number of hidden layers (1..1000)");
      f.opt.depths.push_back(int(d));
    }
  }
  if (f.full) {
    studies::DepthOptions full = f.opt;
    full.apply_full();
    if (f.seeds->count() == 0) f.opt.seeds = full.seeds;
    if (f.epochs->count() == 0) f.opt.epochs = full.epochs;
    if (f.per_class->count() == 0) f.opt.per_class = full.per_class;
    if (f.budget->count() == 0) f.opt.budget = full.budget;
  }
  // MNIST joins the benchmark size when its four files are in --data-dir.
  std::string mnist_note;
  if (f.full) {
    const std::string dir = f.data_dir.empty() ? default_mnist_dir() : f.data_dir;
    bool present = true;
    for (const std::string& file : nn::data_files({"mnist", dir}))
      present = present && std::filesystem::is_regular_file(file);
    if (present)
      f.opt.mnist_dir = dir;
    else
      mnist_note = "MNIST not found in " + dir +
                   " (scripts/fetch_mnist.sh, or --data-dir): the spirals only";
  }
  const auto s = studies::run_depth_study(f.opt);
  const auto claims = studies::depth_claims(s);
  const Table t = table_of(s.rows);
  if (!f.csv.empty()) t.save_csv(f.csv);
  const Table mnist = table_of(s.mnist_rows);
  std::map<std::string, std::string> pictures;
  if (!f.plot.empty()) {
    draw(s, f.plot, f.size);
    pictures["depth"] = f.plot;
  }
  if (f.json) {
    nlohmann::json j = claims_json("depth", claims, pictures);
    j["full"] = f.full;
    if (!mnist_note.empty()) j["mnist_note"] = mnist_note;
    auto rows_json = [](const std::vector<studies::DepthRow>& rows) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : rows) {
        out.push_back({{"hidden_layers", r.depth},
                       {"width", r.width},
                       {"params", r.params},
                       {"test_accuracy", r.test_accuracy},
                       {"train_loss", r.train_loss},
                       {"mean_test_accuracy", r.mean_accuracy},
                       {"sd_test_accuracy", r.sd_accuracy}});
      }
      return out;
    };
    j["rows"] = rows_json(s.rows);
    if (!s.mnist_rows.empty()) j["mnist_rows"] = rows_json(s.mnist_rows);
    std::cout << j.dump(2) << "\n";
  } else {
    t.print(std::cout);
    if (!s.mnist_rows.empty()) {
      std::cout << "\nMNIST:\n";
      mnist.print(std::cout);
    }
    if (!mnist_note.empty()) std::cout << "\n" << mnist_note << "\n";
    std::cout << "\n";
    print_claims(std::cout, claims, pictures);
  }
  return 0;
}

}  // namespace

Action setup_study_depth(CLI::App& app) {
  auto f = std::make_shared<DepthFlags>();
  app.add_flag("--full", f->full, "benchmark size: 5 runs, 300 epochs, 1000 points, budget 4000");
  app.add_option("--seed", f->opt.seed, "seed of the data, the split, weights and batches")
      ->capture_default_str();
  app.add_option("--depths", f->depths, "hidden-layer counts, e.g. 1,2,3,4,6,8");
  f->budget = app.add_option("--budget", f->opt.budget, "parameters of every network")
                  ->check(at_least(7))
                  ->capture_default_str();
  f->seeds = app.add_option("--seeds", f->opt.seeds, "runs per depth")
                 ->check(at_least(1))
                 ->capture_default_str();
  f->epochs = app.add_option("--epochs", f->opt.epochs, "Adam epochs")
                  ->check(at_least(1))
                  ->capture_default_str();
  f->per_class = app.add_option("--per-class", f->opt.per_class, "spirals points per class")
                     ->check(at_least(4))
                     ->capture_default_str();
  app.add_option("--lr", f->opt.lr, "Adam's learning rate (> 0)")->capture_default_str();
  app.add_option("--data-dir", f->data_dir,
                 "MNIST's IDX files, used under --full when present (default data/mnist)");
  app.add_flag("--json", f->json, "claims, figures and verdicts as JSON");
  app.add_option("--csv", f->csv, "one row per depth (CSV)");
  app.add_option("--plot", f->plot, "draw test accuracy and training loss against depth (PNG)");
  add_plot_size_flags(app, f->size);
  return [f] { return run(*f); };
}

}  // namespace optim::cli
