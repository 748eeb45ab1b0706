#pragma once
// A network's training loss as an optim::SeparableObjective (DESIGN.md: "neural-network losses are
// just objectives"), so that any optimizer of the library trains it: the first-order family on
// minibatches or single samples via evaluate_batch, and full-batch methods (L-BFGS, CG, ...) via
// evaluate. The objective is the empirical risk plus L2 and L1 weight decay (seed 000 Def. 3.1;
// seed 001 "Dropout" introduction; seed 002 "L1 and L2 Weight Decay"):
//   J(theta) = (1/|B|) sum_{i in B} L(f(x_i; theta), y_i) + lambda ||W||^2 + mu sum |W_ij|
// where both penalties cover the weight matrices (not biases or activation parameters). The L1
// term is not differentiable at W_ij = 0; its gradient is the subgradient mu sign(W) with
// sign(0) = 0 (the minimum-norm element of the subdifferential [-mu, mu] there).
// Dropout (when enabled on the network) applies to evaluate_batch only: evaluate() is the
// deterministic full objective that line searches and gradient checks need. Its products run in
// the caller's current run context (a ContextScope, optim/run_context.hpp; the driver and the
// trainer open one for their runs).
#include <cstdint>
#include <span>

#include "nn/augment.hpp"
#include "nn/dataset.hpp"
#include "nn/gauss_newton_diagonal.hpp"
#include "nn/hessian_vector.hpp"
#include "nn/network.hpp"
#include "optim/objective.hpp"
#include "optim/second_order/diagonal_curvature.hpp"

namespace optim::nn {

template <class S>
class MlpObjective final : public SeparableObjective<S>,
                           public HessianVectorProvider<S>,
                           public DiagonalCurvatureProvider<S> {
 public:
  // Keeps references to net and data (both must outlive the objective). `chunk` bounds the
  // columns of one forward pass in evaluate(), hence the workspace. weight_decay is lambda of the
  // L2 term, l1 is mu of the L1 term (both >= 0).
  MlpObjective(Network<S>& net, const Dataset<S>& data, double weight_decay = 0.0,
               Index chunk = 1024, double l1 = 0.0);

  Index dim() const override { return net_.num_params(); }
  Index size() const override { return data_.size(); }
  S evaluate(const Vec<S>& x, Vec<S>* grad) override;
  S evaluate_batch(const Vec<S>& x, std::span<const Index> batch, Vec<S>* grad) override;
  // evaluate()'s deterministic objective (no dropout, noise or augmentation, no running
  // statistics) over the given samples: the mean loss plus the penalties. A run of consecutive
  // indices is read in place, others are gathered.
  S evaluate_exact(const Vec<S>& x, std::span<const Index> batch, Vec<S>* grad) override;
  // The exact product H(x) v of evaluate()'s full objective (no dropout, noise or augmentation)
  // by the R-operator (nn/hessian_vector.hpp), plus 2 lambda v on the weights for the L2 term;
  // the L1 term adds nothing (its Hessian is 0 wherever it is differentiable).
  void hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>* hv) override;
  // The diagonal of evaluate()'s Gauss-Newton matrix (nn/gauss_newton_diagonal.hpp) plus
  // 2 lambda on the weights for the L2 term (the L1 term adds nothing, as above); for diag-newton.
  void curvature_diagonal(const Vec<S>& x, Vec<S>* d) override;

  // Training-time input perturbations of evaluate_batch only (like dropout; evaluate() and the
  // evaluation passes see the data as it is), applied to the gathered copy of the batch and drawn
  // on the calling thread from the network's training-noise engine (Network::dropout_rng: one
  // seeded engine for masks and noise, saved by checkpoints), so a run is the same for any thread
  // count and resumes bit for bit. First augmentation (augment.hpp: each sample's random shift and
  // rotation as a side x side image; throws std::invalid_argument unless the inputs are one),
  // then Gaussian noise of standard deviation sd on every input (seed 002 "Dropout and Noise";
  // sd >= 0 and finite). Off (0, inactive) by default: then nothing is drawn.
  void set_augment(const AugmentSpec& spec);
  void set_input_noise(double sd);

  Network<S>& network() { return net_; }
  const Dataset<S>& data() const { return data_; }
  double weight_decay() const { return lambda_; }
  double l1() const { return mu_; }

  // Running statistics of the evaluate_batch calls since the last reset (the trainer's per-epoch
  // training loss and accuracy come from the batches it trained on, at no extra cost).
  void reset_running() { run_loss_ = 0, run_correct_ = 0, run_samples_ = 0; }
  double running_loss() const { return run_samples_ > 0 ? run_loss_ / double(run_samples_) : 0; }
  double running_accuracy() const {
    return run_samples_ > 0 ? double(run_correct_) / double(run_samples_) : 0;
  }
  // The sums themselves, so that a checkpoint taken mid-epoch restores them bit for bit.
  struct Running {
    double loss = 0;
    Index correct = 0, samples = 0;
  };
  Running running() const { return {run_loss_, run_correct_, run_samples_}; }
  void set_running(const Running& r) {
    run_loss_ = r.loss, run_correct_ = r.correct, run_samples_ = r.samples;
  }

 private:
  // Loss sum over the columns of xb (targets t / labels lb); adds scale * gradient into *grad
  // (or writes it when !accumulate) and updates the running statistics when `train`.
  S run(const Vec<S>& x, const Eigen::Ref<const Mat<S>>& xb, const BatchTargets<S>& t, Vec<S>* grad,
        S scale, bool train, bool accumulate);
  S decay(const Vec<S>& x, Vec<S>* grad) const;
  // Copies the batch's inputs, targets and labels into xb_, yb_, lb_ and returns their targets.
  BatchTargets<S> gather(std::span<const Index> batch);

  Network<S>& net_;
  const Dataset<S>& data_;
  Mat<S> targets_;  // BCE targets built from 0/1 labels for a single-output network
  double lambda_, mu_;
  Index chunk_;
  Mat<S> xb_, yb_;                        // gathered batch
  GaussNewtonDiagonalWork<S> diag_work_;  // curvature_diagonal()'s buffers, sized on first use
  std::vector<int> lb_, pred_;
  Vec<S> gtmp_;
  HessianVectorPass<S> hvp_;
  AugmentSpec augment_;
  Index side_ = 0;
  Vec<S> image_;  // augmentation scratch (side x side)
  double noise_sd_ = 0;
  double run_loss_ = 0;
  Index run_correct_ = 0, run_samples_ = 0;
};

// Throws std::invalid_argument unless the data set fits the network: as many features as inputs,
// and as many classes (softmax), targets (mse, bce on targets) or 2 classes for one output (bce on
// labels) as outputs; the message names both widths.
template <class S>
void check_network_fits(const Network<S>& net, const Dataset<S>& data);

// Mean loss and accuracy of a network on a data set (no dropout), for evaluation/test sets; checks
// check_network_fits first.
template <class S>
struct EvalSummary {
  double loss = 0;
  double accuracy = -1;  // -1 for regression
  std::vector<int> predicted;
};
template <class S>
EvalSummary<S> evaluate_network(Network<S>& net, const Vec<S>& params, const Dataset<S>& data,
                                Index chunk = 1024);
// evaluate_network's pieces, for a data set whose chunks are shared out (data-parallel runs):
// the loss sums and correct counts of chunks [first_chunk, end_chunk) of `chunk` samples each
// (their predictions appended to `predicted` when given), and the summary of every chunk's sums,
// added in chunk order: evaluate_network is the two on all chunks, so any split of the chunks
// whose sums are gathered in order gives its bits.
template <class S>
void evaluate_chunks(Network<S>& net, const Vec<S>& params, const Dataset<S>& data, Index chunk,
                     Index first_chunk, Index end_chunk, double* loss_sums, std::int64_t* correct,
                     std::vector<int>* predicted);
template <class S>
EvalSummary<S> summarize_chunks(const Dataset<S>& data, std::span<const double> loss_sums,
                                std::span<const std::int64_t> correct);

// Fraction of the weight-matrix entries (biases and activation parameters excluded, as in the
// penalties) that are exactly zero: the sparsity an L1 penalty aims at (seed 002).
template <class S>
double zero_weight_fraction(const Network<S>& net, const Vec<S>& params);

}  // namespace optim::nn
