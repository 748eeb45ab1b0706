// `optim study minibatch`: variance of the minibatch gradient vs batch size (seed 004 6.3,
// Var = Var(Div)/b) and online SGD's noise ball vs annealed / Robbins-Monro steps (seed 004 6.1,
// seed 002), on a fixed-seed linear regression.
#include <iostream>
#include <nlohmann/json.hpp>

#include "optim/observers/run_files.hpp"
#include "plot_runner.hpp"
#include "resource_limits.hpp"
#include "studies/minibatch_noise.hpp"
#include "studies_table.hpp"
#include "study_commands.hpp"

namespace optim::cli {
namespace {

struct MinibatchFlags {
  studies::MinibatchOptions opt;
  std::string batches;
  bool json = false;
  std::string plot;
  PlotSize size;
};

nlohmann::json to_json(const studies::MinibatchStudy& s) {
  nlohmann::json j;
  j["study"] = "minibatch";
  j["samples"] = s.options.samples;
  j["dim"] = s.options.dim;
  j["noise"] = s.options.noise;
  j["seed"] = s.options.seed;
  j["sigma1_sq"] = s.sigma1_sq;
  j["slope"] = s.slope;
  j["variance"] = nlohmann::json::array();
  for (const auto& v : s.variance) {
    j["variance"].push_back(
        {{"batch", v.batch}, {"measured", v.measured}, {"predicted", v.predicted}});
  }
  j["sgd"] = nlohmann::json::array();
  for (const auto& r : s.sgd) {
    j["sgd"].push_back({{"label", r.label},
                        {"schedule", r.schedule},
                        {"mid_window_rms", r.mid_window},
                        {"end_window_rms", r.end_window},
                        {"distance", r.distance}});
  }
  return j;
}

int run(MinibatchFlags f) {
  RunFiles().output("--plot", f.plot).check();
  if (!f.batches.empty()) {
    f.opt.batch_sizes.clear();
    for (double b : split_numbers(f.batches, "--batches")) {
      if (b != static_cast<double>(static_cast<Index>(b))) {
        throw UsageError("--batches: " + fmt(b) + " is not a whole number");
      }
      f.opt.batch_sizes.push_back(static_cast<Index>(b));
    }
  }
  // The regression data (samples x dim features and targets) and a per-sample gradient table.
  require_fits_in_memory(
      "--samples " + std::to_string(f.opt.samples) + " --dim " + std::to_string(f.opt.dim),
      4.0 * double(f.opt.samples) * double(f.opt.dim + 1) * sizeof(double), "the regression data");
  require_fits_in_memory("--steps " + std::to_string(f.opt.steps),
                         3.0 * double(f.opt.steps + 1) * sizeof(double),
                         "the distance curves of the three SGD schedules");
  const studies::MinibatchStudy s = studies::run_minibatch_study(f.opt);
  if (!f.plot.empty()) {
    nlohmann::json spec = to_json(s);
    spec["title"] = "Minibatch noise (seed 004 sec. 6), linear regression N = " +
                    std::to_string(s.options.samples) + ", seed " + std::to_string(s.options.seed);
    render_plot("minibatch", spec, f.plot, f.size);
  }
  if (f.json) {
    std::cout << to_json(s).dump(2) << "\n";
    return 0;
  }
  std::cout << "linear regression, N = " << s.options.samples << ", d = " << s.options.dim
            << ", noise " << fmt(s.options.noise) << ", seed " << s.options.seed << "\n\n"
            << "1) variance of the minibatch gradient at w = 0 (" << s.options.draws
            << " draws per b, with replacement); seed 004 6.3: Var = Var(g_i)/b, Var(g_i) = "
            << fmt(s.sigma1_sq, 5) << "\n";
  Table t({"b", "measured", "predicted", "measured*b"});
  for (const auto& v : s.variance) {
    t.add({std::to_string(v.batch), fmt(v.measured, 5), fmt(v.predicted, 5),
           fmt(v.measured * double(v.batch), 5)});
  }
  t.print(std::cout);
  std::cout << "log-log slope " << fmt(s.slope, 4) << " (1/b means -1)\n\n"
            << "2) online SGD (b = 1), " << s.options.steps
            << " steps, eta_0 = " << fmt(s.options.lr)
            << ": RMS distance to w* over the 3rd and 4th quarter of the run\n";
  Table u({"schedule", "3rd quarter", "4th quarter", "final"});
  for (const auto& r : s.sgd) {
    u.add({r.label, fmt(r.mid_window, 4), fmt(r.end_window, 4), fmt(r.distance.back(), 4)});
  }
  u.print(std::cout);
  std::cout << "a constant step stalls in a noise ball; sum eta = inf, sum eta^2 < inf "
               "(Robbins-Monro) converges\n";
  if (!f.plot.empty()) std::cout << "wrote " << f.plot << "\n";
  return 0;
}

}  // namespace

Action setup_study_minibatch(CLI::App& app) {
  auto f = std::make_shared<MinibatchFlags>();
  app.add_option("--samples", f->opt.samples, "training samples N")->capture_default_str();
  app.add_option("--dim", f->opt.dim, "features d")->capture_default_str();
  app.add_option("--noise", f->opt.noise, "label noise sigma")->capture_default_str();
  app.add_option("--seed", f->opt.seed, "data and sampling seed")->capture_default_str();
  app.add_option("--batches", f->batches, "batch sizes b1,b2,... (default 1,2,4,...,64)");
  app.add_option("--draws", f->opt.draws, "minibatches drawn per batch size")
      ->capture_default_str();
  app.add_option("--lr", f->opt.lr, "SGD base step eta_0")->capture_default_str();
  app.add_option("--steps", f->opt.steps, "SGD updates per schedule")->capture_default_str();
  app.add_option("--t0", f->opt.t0, "inverse-time schedule constant")->capture_default_str();
  app.add_flag("--json", f->json, "print the study as JSON");
  app.add_option("--plot", f->plot, "draw variance vs b and SGD distances into this PNG");
  add_plot_size_flags(app, f->size);
  return [f] { return run(*f); };
}

}  // namespace optim::cli
