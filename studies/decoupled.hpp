#pragma once
// The problem of decoupled descents (seed 004_8575ef13f3bfe434.txt section 4.8): on
//   E = 1/2 (a11 w1^2 + a22 w2^2) + b1 w1 + b2 w2
// each axis has its own eta_opt,i = 1/a_ii, so one eta can converge along one axis and diverge
// along the other. GD is stable only for eta < 2/lambda_max (section 4.5 per axis); the best fixed
// eta = 2/(lambda_min + lambda_max) contracts both axes by (kappa - 1)/(kappa + 1), kappa =
// lambda_max/lambda_min, so the flat axis needs about ln(tol)/ln((kappa-1)/(kappa+1)) steps.
// Momentum, Nesterov, RMSProp/Adam (per-axis step sizes, seed 004 6.4) and Newton (one step on a
// quadratic, seed 004 4.4) are then run on the same quadratic.
#include <optional>
#include <string>
#include <vector>

#include "optim/params.hpp"
#include "optim/status.hpp"
#include "studies/step_size.hpp"

namespace optim::studies {

struct DecoupledOptions {
  double a11 = 1, a22 = 20;
  double b1 = 0, b2 = 0;
  std::optional<double> eta;  // part 1's single eta (default 2/sqrt(a11 a22): inside one safe
                              // band, outside the other when a11 != a22)
  Index steps = 30;           // GD steps shown for that eta
  double tol = 1e-6;          // error reduction counted as "solved"
  Index max_iter = 20000;     // budget of each method run
  // Methods to run on the quadratic; empty: every one of gd, momentum, nesterov, rmsprop, adam,
  // newton that is registered.
  std::vector<std::string> methods;
  void validate() const;
};

struct SafeStepRun {
  std::string label;
  double eta = 0;
  double flat_factor = 0;          // |1 - eta lambda_min|
  double steep_factor = 0;         // |1 - eta lambda_max|
  Index predicted_iterations = 0;  // ceil(ln tol / ln max factor)
  Index observed_iterations = -1;  // first k with every |e_k,i| <= tol |e_0,i| (-1: never)
};

struct MethodOnQuadratic {
  std::string method;
  ParamSet params;
  std::string params_text;
  Status status = Status::Running;
  Index iterations = 0;
  Index evaluations = 0;
  Index iterations_to_tol = -1;  // first k with ||w_k - w*|| <= tol ||w_0 - w*|| (-1: never)
  double final_error = 0;        // ||w - w*|| at the end
};

struct DecoupledStudy {
  DecoupledOptions options;
  double lambda_min = 0, lambda_max = 0, kappa = 0;
  double eta_safe_max = 0;  // 2 / lambda_max
  StepSizeRun single;       // GD at options.eta, classified per axis
  std::vector<SafeStepRun> safe;
  std::vector<MethodOnQuadratic> methods;
};

// Predicted steps for a geometric contraction by `factor` to reach `tol` (factor in (0,1)).
Index predicted_steps(double factor, double tol);

DecoupledStudy run_decoupled_study(const DecoupledOptions& options);

}  // namespace optim::studies
