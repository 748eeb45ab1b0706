// `optim study perceptron`: the perceptron rule against a sigmoid unit trained by backpropagation
// on separable data with an outlier, and on data that is not separable (seed 004 section 4.1;
// studies/perceptron_backprop.hpp); --plot draws the points with each separator and the
// perceptron's accuracy epoch after epoch.
#include <iostream>
#include <nlohmann/json.hpp>

#include "claims_report.hpp"
#include "optim/observers/run_files.hpp"
#include "plot_runner.hpp"
#include "studies/perceptron_backprop.hpp"
#include "studies_table.hpp"
#include "study_commands.hpp"

namespace optim::cli {
namespace {

struct PerceptronStudyFlags {
  studies::PerceptronBackpropOptions opt;
  bool json = false;
  std::string plot;
  PlotSize size;
};

nlohmann::json line(const std::string& name, const Vec<double>& w) {
  return {{"name", name}, {"w", {w[0], w[1], w[2]}}};
}

void draw(const studies::PerceptronBackpropStudy& s, const std::string& png, const PlotSize& size) {
  nlohmann::json spec;
  spec["title"] = "perceptron against backpropagation (seed 004 4.1)";
  std::vector<double> xs, ys;
  std::vector<int> labels;
  for (Index i = 0; i < s.x.cols(); ++i) {
    xs.push_back(s.x(0, i));
    ys.push_back(s.x(1, i));
    labels.push_back(s.targets[size_t(i)]);
  }
  spec["points"] = {{"x", xs}, {"y", ys}, {"label", labels}};
  spec["lines"] = {line("perceptron", s.perceptron_w), line("sigmoid unit", s.plain.w),
                   line("sigmoid unit, decay " + fmt(s.options.weight_decay), s.decayed.w)};
  nlohmann::json levels = nlohmann::json::array();
  levels.push_back({{"name", "sigmoid unit"}, {"value", s.nonseparable_plain.train_accuracy}});
  levels.push_back(
      {{"name", "sigmoid unit, decay"}, {"value", s.nonseparable_decayed.train_accuracy}});
  spec["accuracy"]["perceptron"] = s.perceptron_epoch_accuracy;
  spec["accuracy"]["levels"] = std::move(levels);
  render_plot("separators", spec, png, size);
}

int run(const PerceptronStudyFlags& f) {
  RunFiles().output("--plot", f.plot).check();
  const auto s = studies::run_perceptron_backprop_study(f.opt);
  const auto claims = studies::perceptron_backprop_claims(s);
  std::map<std::string, std::string> pictures;
  if (!f.plot.empty()) {
    draw(s, f.plot, f.size);
    pictures["perceptron"] = f.plot;
  }
  if (f.json) {
    std::cout << claims_json("perceptron", claims, pictures).dump(2) << "\n";
  } else {
    print_claims(std::cout, claims, pictures);
  }
  return 0;
}

}  // namespace

Action setup_study_perceptron(CLI::App& app) {
  auto f = std::make_shared<PerceptronStudyFlags>();
  app.add_option("--seed", f->opt.seed, "seed of the two clusters")->capture_default_str();
  app.add_option("--per-class", f->opt.per_class, "points per cluster")->capture_default_str();
  app.add_option("--iterations", f->opt.iterations, "gradient-descent iterations of the unit")
      ->capture_default_str();
  app.add_option("--weight-decay", f->opt.weight_decay, "lambda of the decayed unit (> 0)")
      ->capture_default_str();
  app.add_option("--epochs", f->opt.perceptron_epochs, "perceptron epochs")->capture_default_str();
  app.add_flag("--json", f->json, "claims, figures and verdicts as JSON");
  app.add_option("--plot", f->plot, "draw the separators and the accuracy per epoch (PNG)");
  add_plot_size_flags(app, f->size);
  return [f] { return run(*f); };
}

}  // namespace optim::cli
