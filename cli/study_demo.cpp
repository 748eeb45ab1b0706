// The studies' part of `optim demo`: the step-size regime table (seed 004 4.4-4.5), one trajectory
// plot and one convergence plot, written to the demo's output folder.
#include <iostream>

#include "plot_commands.hpp"
#include "studies/step_size.hpp"
#include "studies_table.hpp"
#include "study_commands.hpp"

namespace optim::cli {

void demo_studies(const std::string& out_dir) {
  studies::StepSizeOptions opt;
  opt.ratios = {0.25, 0.5, 0.9, 1.0, 1.1, 1.5, 1.9, 2.0, 2.1, 2.5};
  const auto s = studies::run_step_size_study(opt);
  std::cout << "\nstep-size regimes of GD on E(w) = 1/2 w^2 (seed 004 4.4-4.5; eta_opt = 1/a):\n";
  Table t({"eta/eta_opt", "predicted_factor", "observed_factor", "predicted", "observed"});
  for (const auto& r : s.runs) {
    t.add({fmt(r.ratio), fmt(r.predicted_factor()), fmt(r.observed_factor()),
           std::string(to_string(r.predicted())), std::string(to_string(r.observed()))});
  }
  t.print(std::cout);
  const std::string csv = out_dir + "/step_size.csv";
  t.save_csv(csv);
  std::cout << "wrote " << csv << "\n\n";
  const std::string methods = "gd,momentum,nesterov,adam,lbfgs,newton";
  const std::vector<std::string> sets = {"gd.lr=0.001", "momentum.lr=0.0005", "nesterov.lr=0.0005",
                                         "adam.lr=0.02"};
  try {
    plot_contour_runs("rosenbrock", methods, sets, 3000, out_dir + "/trajectories_rosenbrock.png");
    plot_convergence_runs("rosenbrock", methods, sets, 3000,
                          out_dir + "/convergence_rosenbrock.png");
  } catch (const UsageError& e) {
    std::cout << "plots not drawn: " << e.what() << "\n";
  }
  demo_behaviours();
}

}  // namespace optim::cli
