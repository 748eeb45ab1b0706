#pragma once
// A multilayer perceptron over ONE flat parameter vector (DESIGN.md "Numbers and speed"): layer l
// sees Eigen::Map views W_l (out x in), b_l (out) and, for PReLU / learned swish, one activation
// parameter per unit, all inside the vector an optimizer updates. Samples are columns, so a
// minibatch forward pass is one GEMM per layer, Z_l = W_l A_{l-1} (seed 001 "Computation by
// Feedforward Neural Network", h = g(W^T x + b) with W stored transposed here), and the backward
// pass is the matrix form of backpropagation (seed 004 section 3.5; seed 000 Prop. 3.6):
//   delta_L = dL/dz (the output unit's error term, loss.hpp)
//   grad W_l = delta_l A_{l-1}^T,  grad b_l = delta_l 1,  delta_{l-1} = g'(Z_{l-1}) .* (W_l^T
//   delta_l)
// Workspace is sized for the largest batch seen, so steady-state passes do not allocate.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "nn/activation.hpp"
#include "nn/loss.hpp"
#include "optim/types.hpp"

namespace optim::nn {

// Weight initialisation (seed 001, "Weight Initialization"); biases start at bias_init.
enum class Init {
  Xavier,  // seed 001: w ~ U[-1/sqrt(n), 1/sqrt(n)], n = fan-in
  Glorot,  // Glorot & Bengio 2010: w ~ U[-sqrt(6/(n_in+n_out)), +sqrt(6/(n_in+n_out))]
  He,      // He et al. 2015: w ~ N(0, variance 2/n); seed 001 writes N[0, 2/sqrt(n)]
};
Init parse_init(const std::string& name);  // "xavier", "glorot", "he"
std::string to_string(Init i);

struct NetworkSpec {
  std::vector<Index> layers;  // widths from input to output, e.g. {784, 128, 10}
  Activation hidden = Activation::Relu;
  // Fixed slope (leaky ReLU) / beta (swish) or the initial learned value (PReLU alpha, learned
  // beta); NaN selects default_activation_param(hidden).
  double activation_param = std::numeric_limits<double>::quiet_NaN();
  Loss loss = Loss::SoftmaxCrossEntropy;
  Init init = Init::He;
  // Hidden-unit biases start here; seed 001 suggests a small positive value (0.1) for ReLU units
  // so that they start active. Output biases always start at 0.
  double bias_init = 0.0;

  double act_param() const {
    if (hidden == Activation::AbsRelu || std::isnan(activation_param))
      return default_activation_param(hidden);
    return activation_param;
  }
  // Throws std::invalid_argument naming the bad field (fewer than 2 layers, a width < 1, a softmax
  // output of width 1, ...).
  void validate() const;
};

// Where each layer's pieces sit in the flat vector.
struct LayerSlot {
  Index in = 0, out = 0;
  Index w = 0;   // offset of W (out x in, column-major)
  Index b = 0;   // offset of b (out)
  Index p = -1;  // offset of the learned activation parameters (out), or -1
  bool hidden = false;
};

template <class S>
class Network {
 public:
  explicit Network(NetworkSpec spec);

  const NetworkSpec& spec() const { return spec_; }
  const std::vector<LayerSlot>& slots() const { return slots_; }
  Index num_params() const { return n_params_; }
  Index inputs() const { return spec_.layers.front(); }
  Index outputs() const { return spec_.layers.back(); }

  // Fills params with a seeded initialisation (std::mt19937_64; same seed -> same weights).
  void init_params(Vec<S>& params, std::uint64_t seed) const;

  // Dropout with separate keep probabilities for the inputs and the hidden units (seed 001
  // "Dropout": e.g. 0.8 inputs, 0.5 hidden). Inverted scaling: kept units are divided by the keep
  // probability during training so that evaluation needs no rescaling. 1 disables.
  void set_dropout(double keep_input, double keep_hidden, std::uint64_t seed);
  void reseed_dropout(std::uint64_t seed) { rng_.seed(seed); }
  // The dropout engine, for checkpoints (a resumed run draws the same masks).
  std::mt19937_64& dropout_rng() { return rng_; }
  bool dropout_enabled() const { return keep_input_ < 1 || keep_hidden_ < 1; }

  // Sizes the workspace for batches of up to `batch` columns (allocates only when it grows).
  void reserve(Index batch);

  // Forward pass of the B = x.cols() samples; returns the logits (outputs x B) that stay valid
  // until the next call. With `train` set and dropout enabled, fresh masks are drawn.
  using ColsBlock = Eigen::Block<Mat<S>, Eigen::Dynamic, Eigen::Dynamic, true>;
  ColsBlock forward(const Vec<S>& params, const Eigen::Ref<const Mat<S>>& x, bool train = false);
  // Error term of the last forward pass's logits, written by the loss (outputs x B, contiguous).
  S* output_delta() { return delta_.back().data(); }
  // Backward pass after forward() on the same x: reads output_delta() and writes the gradient of
  // every parameter into grad (sized num_params()).
  void backward(const Vec<S>& params, const Eigen::Ref<const Mat<S>>& x, Vec<S>& grad);

  // Classification helper: argmax of each logit column (or z > 0 for a single output).
  static void predict_labels(const Eigen::Ref<const Mat<S>>& logits, std::vector<int>& out);

 private:
  NetworkSpec spec_;
  std::vector<LayerSlot> slots_;
  Index n_params_ = 0;
  Index cap_ = 0;  // workspace columns
  Index batch_ = 0;
  std::vector<Mat<S>> z_, a_, delta_, mask_;  // per layer
  Mat<S> x_drop_;                             // inputs after dropout
  Mat<S> da_;                                 // W^T delta scratch
  bool input_dropped_ = false, hidden_dropped_ = false;
  double keep_input_ = 1, keep_hidden_ = 1;
  std::mt19937_64 rng_{0};
};

}  // namespace optim::nn
