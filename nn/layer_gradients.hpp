#pragma once
// Per-layer gradient norms and dead units of a network, measured on a whole data set, and an
// observer that records them at the start of training and after every epoch of any run of the
// trainer (`optim train --trace-layers FILE.csv`).
//
// Why per layer: the vanishing-gradient problem (seed 000 "The Vanishing Gradient Problem";
// seed 001: the sigmoid "has small gradients across most of its domain ... slow learning,
// especially in deep models"; Glorot & Bengio 2010) is a statement about how the backpropagated
// gradient shrinks from the last layer to the first, delta_{l-1} = g'(Z_{l-1}) .* (W_l^T delta_l)
// (nn/network.hpp): one number per layer, ||dE/dW_l||_F, shows it.
//
// Dead units (seed 001 "ReLU": "The neuron is dead if z < 0 for all training examples. Dead
// neurons cannot be revived"; seed 000 "Dying Neurons"): a hidden unit counts as dead when
// g'(z) = 0 on every sample of the data set, so that no gradient reaches its incoming weights
// from any sample. For ReLU that is z < 0 everywhere (g'(0) = 1 in nn/activation.hpp), the seed's
// definition; for a sigmoid or tanh it only happens when the unit saturates to the last bit.
#include <string>
#include <vector>

#include "nn/dataset.hpp"
#include "nn/mlp_objective.hpp"
#include "nn/network.hpp"
#include "optim/observer.hpp"

namespace optim::nn {

struct LayerGradientRow {
  int epoch = 0;    // 0: the initial parameters
  Index layer = 0;  // 1 = the first weight layer (inputs -> first hidden layer)
  Index fan_in = 0, units = 0;
  double weight_grad_norm = 0;  // ||dE/dW_l||_F, E the mean loss over the data (no penalty)
  double bias_grad_norm = 0;    // ||dE/db_l||_2
  Index dead_units = -1;        // hidden layers only; -1 for the output layer
};

// Measures every layer of `net` at `params` on `data`: one gradient of the mean loss (no weight
// decay, no dropout) and one forward pass in chunks of `chunk` samples. The workspace is sized
// once, so repeated measurements do not allocate beyond their output rows.
template <class S>
class LayerGradients {
 public:
  LayerGradients(Network<S>& net, const Dataset<S>& data, Index chunk = 1024);
  // Appends one row per weight layer, tagged with `epoch`.
  void measure(const Vec<S>& params, int epoch, std::vector<LayerGradientRow>& out);

 private:
  Network<S>& net_;
  const Dataset<S>& data_;
  MlpObjective<S> loss_;
  Index chunk_;
  Vec<S> grad_;
  std::vector<Mat<S>> a_;    // per hidden layer: activations of one chunk
  std::vector<char> alive_;  // per hidden unit, the layers' units one after another
};

// Records LayerGradients at the start of a fresh run (epoch 0) and at the end of every epoch
// (IterationRecord::epoch_end). Its rows are part of a checkpoint, so a resumed run's trace is
// the uninterrupted run's.
template <class S>
class LayerGradientObserver final : public Observer<S> {
 public:
  LayerGradientObserver(Network<S>& net, const Dataset<S>& data, Index chunk = 1024)
      : measure_(net, data, chunk) {}
  bool uses_step_norm() const override { return false; }
  void on_start(const IterationRecord<S>& rec) override;
  Status on_iteration(const IterationRecord<S>& rec) override;
  void archive(StateArchive& a) override;
  const std::vector<LayerGradientRow>& rows() const { return rows_; }

 private:
  LayerGradients<S> measure_;
  std::vector<LayerGradientRow> rows_;
};

// CSV with a header line, one row per (epoch, layer); the output layer's dead_units is empty.
// Written atomically (optim/observers/atomic_file.hpp).
void write_layer_trace_csv(const std::string& path, const std::vector<LayerGradientRow>& rows);

}  // namespace optim::nn
