#pragma once
// Minibatch noise (seed 004_8575ef13f3bfe434.txt section 6; seed 002 on SGD and annealing).
// (1) The minibatch gradient g_B = (1/b) sum_{i in B} g_i is an unbiased estimate of the full
//     gradient g with variance Var(g_B) = Var(g_i) / b (seed 004 6.3: Var(Loss) = Var(Div)/b) for
//     b samples drawn independently (with replacement). We measure E||g_B - g||^2 over many draws
//     for each b, beside the exact single-sample variance sigma_1^2 = (1/N) sum_i ||g_i - g||^2,
//     and fit the slope of log Var against log b (-1 expected).
// (2) SGD with a constant step keeps jittering in a noise ball around w*; a schedule whose steps
//     satisfy sum eta_k = inf and sum eta_k^2 < inf (Robbins-Monro, seed 004 6.1; here
//     eta_k = eta_0 / (1 + k/t0)) converges; the seed 002 linear annealing towards a small
//     eta_tau shrinks the ball without removing it.
#include <cstdint>
#include <string>
#include <vector>

#include "optim/types.hpp"

namespace optim::studies {

struct MinibatchOptions {
  Index samples = 1000;
  Index dim = 5;
  double noise = 0.5;
  std::uint64_t seed = 2024;
  std::vector<Index> batch_sizes = {1, 2, 4, 8, 16, 32, 64};
  Index draws = 4000;  // minibatches drawn per batch size for the variance estimate
  // SGD part (online: batch size 1).
  double lr = 0.05;
  Index steps = 20000;
  double t0 = 100;  // inverse-time schedule eta_0 / (1 + k/t0)
  void validate() const;
};

struct VarianceRow {
  Index batch = 0;
  double measured = 0;   // mean over draws of ||g_B - g||^2
  double predicted = 0;  // sigma_1^2 / b
};

struct SgdRun {
  std::string label;
  std::string schedule;          // the ParamSet text used
  std::vector<double> distance;  // ||w_k - w*||, k = 0..steps
  double mid_window = 0;         // RMS distance over steps [K/2, 3K/4)
  double end_window = 0;         // RMS distance over steps [3K/4, K]
};

struct MinibatchStudy {
  MinibatchOptions options;
  double sigma1_sq = 0;  // exact single-sample gradient variance at the evaluation point
  std::vector<VarianceRow> variance;
  double slope = 0;         // least-squares slope of log(measured) vs log(b)
  std::vector<SgdRun> sgd;  // constant, linear annealing (seed 002), inverse time (Robbins-Monro)
};

// Least-squares slope of log y against log x (x, y > 0; at least two points).
double log_log_slope(const std::vector<double>& x, const std::vector<double>& y);

MinibatchStudy run_minibatch_study(const MinibatchOptions& options);

}  // namespace optim::studies
