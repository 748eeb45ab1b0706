#pragma once
// The step-size sweep (seed 004_8575ef13f3bfe434.txt sections 4.3-4.6): gradient descent on the
// quadratic E(w) = 1/2 w^T A w + b^T w + c for a grid of ratios r = eta / eta_opt, each run
// classified from its own iterates (regime.hpp) beside the seed's prediction. In 1-D eta_opt = 1/a;
// in n-D eta_opt = 1/lambda_max, the optimal step of the steepest direction (seed 004 section 4.6),
// and every eigen-direction i sees its own ratio eta lambda_i.
#include <optional>
#include <vector>

#include "optim/status.hpp"
#include "studies/quadratic_model.hpp"
#include "studies/regime.hpp"

namespace optim::studies {

// 0.1, 0.2, ..., 2.5 computed as k/10 so that 1 and 2 are exact.
std::vector<double> default_ratios();

struct StepSizeOptions {
  std::vector<double> spectrum = {1.0};  // eigenvalues of A; {a} is the 1-D E = 1/2 a w^2 + b w + c
  std::vector<double> b;                 // linear term (empty: zeros)
  double c = 0;
  bool rotate = false;  // A = Q diag(spectrum) Q^T with a random Q (seed below)
  std::uint64_t seed = 7;
  std::optional<Vec<double>> w0;  // start (default: w* + one unit along every eigenvector)
  std::vector<double> ratios = default_ratios();
  Index steps = 50;   // GD iterations per run
  double tol = 1e-6;  // relative error reduction counted as "steps to tol"
  // Throws std::invalid_argument naming the field, the value and the allowed range.
  void validate() const;
};

struct DirectionOutcome {
  double lambda = 0;            // curvature along the eigen-direction
  double ratio = 0;             // eta lambda = eta / eta_opt,i
  double predicted_factor = 0;  // |1 - eta lambda|
  Regime predicted = Regime::Monotone;
  Observed observed;
};

struct StepSizeRun {
  double ratio = 0;  // eta / eta_opt (eta_opt = 1 / lambda_max)
  double eta = 0;
  std::vector<DirectionOutcome> directions;  // ascending lambda
  // The run as a whole behaves as its slowest mode: the direction with the largest factor.
  Index dominant = 0;
  Regime predicted() const { return directions[dominant].predicted; }
  Regime observed() const { return directions[dominant].observed.regime; }
  double predicted_factor() const { return directions[dominant].predicted_factor; }
  double observed_factor() const { return directions[dominant].observed.factor; }
  bool matches() const;  // every direction's observed regime equals its predicted one
  Index iterations = 0;
  Status status = Status::Running;
  double final_error = 0;           // ||w_K - w*||
  std::vector<double> error_norms;  // ||w_k - w*||, k = 0..K
};

struct StepSizeStudy {
  StepSizeOptions options;
  double eta_opt = 0;  // 1 / lambda_max
  double lambda_min = 0, lambda_max = 0;
  Vec<double> w_star;
  std::vector<StepSizeRun> runs;
};

// Runs GD (optim::make_method<double>("gd", lr = eta)) once per ratio.
StepSizeStudy run_step_size_study(const StepSizeOptions& options);

// One GD run on `model` from w0 with step eta, classified per eigen-direction (used by the sweep
// and by the decoupled-descent demonstration).
StepSizeRun run_gd_classified(QuadraticModel& model, const Vec<double>& w0, double eta, Index steps,
                              double tol);

}  // namespace optim::studies
