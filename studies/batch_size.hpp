#pragma once
// Batch against stochastic gradient descent, over the batch size (seed 004 sections 6.2, 6.3 and
// 6.3.1): "While SGD is seen to converge one or two orders of magnitude quicker than batch
// gradient descent, it does so to a poorer minimum and more importantly, with a significantly
// larger variation between runs", Var(Loss) = Var(Div) / b, and "the benefit of minibatching
// (decreased variability in the divergence) is reaped quickly as the batch size increases ...
// some b in the elbow of the curve".
//
// One small MLP (2-16-16-3 tanh, softmax) on three Gaussian blobs in the plane (nn::make_blobs:
// unit variance, centres on a circle of radius 3, so the classes overlap a little), trained with
// the same constant learning rate for the same number of epochs at each batch size b (1 = SGD, ...,
// N = full batch), from the same initial weights, by `seeds` runs that differ only in the order the
// samples are drawn (the minibatch loop's shuffle seed): the spread between runs is the batch
// noise alone. Per run: the full training loss after every epoch, and the gradient evaluations
// (samples used) and wall time until it first reaches `target_loss`.
#include <cstdint>
#include <vector>

#include "optim/types.hpp"
#include "studies/behaviours.hpp"

namespace optim::studies {

struct BatchSizeOptions {
  bool full = false;       // the benchmark size: more seeds, more epochs, more data
  std::uint64_t seed = 1;  // data and initial weights; run r shuffles with seed + 1000 r
  Index per_class = 100;   // blobs points per class (N = 3 per_class)
  Index width = 16;
  std::vector<Index> batches = {1, 4, 16, 64, 0};  // 0: the full batch
  int seeds = 5;
  int epochs = 40;
  double lr = 0.05;
  double target_loss = 0.1;  // full training loss to reach
  void apply_full();         // 10 seeds, 100 epochs, 200 points per class
  void validate() const;
};

struct BatchSizeRow {
  Index batch = 0;                      // the batch size used (N for the full batch)
  std::vector<double> final_loss;       // per run: full training loss after the last epoch
  double mean_final = 0, sd_final = 0;  // over the runs (sample standard deviation)
  // Per run: samples drawn (gradient evaluations of one sample each) and seconds until the
  // full loss first reached the target at an epoch's end; NaN when it never did.
  std::vector<double> evals_to_target, seconds_to_target;
  double median_evals = 0, median_seconds = 0;  // over the runs that reached it (NaN if none)
  int reached = 0;
  std::vector<std::vector<double>> curves;  // per run: full loss at epochs 0..epochs
};

struct BatchSizeStudy {
  BatchSizeOptions options;
  Index samples = 0;
  std::vector<BatchSizeRow> rows;  // in the order of options.batches
};

BatchSizeStudy run_batch_size_study(const BatchSizeOptions& options);

// Claims with figures and computed verdicts (studies/behaviours.hpp's record):
//   sgd_faster: agrees when b = 1 reaches the target in at most a tenth of the full batch's
//     gradient evaluations (or the full batch never reaches it);
//   sgd_spread: agrees when the spread of the final loss between runs at b = 1 is at least twice
//     that of the largest minibatch below N;
//   sgd_poorer_minimum: agrees when the mean final loss of b = 1 is above the lowest mean final
//     loss over the batch sizes (the same epochs for all);
//   elbow: agrees when the spread at the smallest minibatch above 1 is already below half the
//     spread at b = 1 (most of the gain of the 1/b law is taken by the first step up).
std::vector<Behaviour> batch_size_claims(const BatchSizeStudy& s);

}  // namespace optim::studies
