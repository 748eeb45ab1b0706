#pragma once
// Vanishing gradients in deep networks (seed 000 "The Vanishing Gradient Problem"; seed 001
// "Sigmoid": "small gradients across most of its domain (vanishing gradient), and hence leads to
// slow learning, especially in deep models"; seed 003: the logistic sigmoid "is unsuited for deep
// networks with random initialization"; X. Glorot and Y. Bengio, "Understanding the difficulty of
// training deep feedforward neural networks", AISTATS 2010; K. He et al., "Delving deep into
// rectifiers", ICCV 2015).
//
// Deep MLPs (10 hidden layers of equal width) with sigmoid, tanh and ReLU units, each from the
// seed's Xavier initialisation (U[-1/sqrt(n), 1/sqrt(n)]) and from He's (N(0, 2/n)), trained by
// minibatch SGD on the two spirals; the per-layer gradient norms and the dead units
// (nn/layer_gradients.hpp) at the start and after every epoch.
//
// Layers are compared by the root mean square of their weight gradient, ||dE/dW_l||_F /
// sqrt(n_in n_out): the first layer has 2 inputs and the last 2 outputs, so raw Frobenius norms
// would also compare matrix sizes (32 x 2 against 32 x 32); the RMS is the typical size of one
// weight's gradient, which is what Glorot & Bengio's per-layer histograms show.
#include <cstdint>
#include <string>
#include <vector>

#include "nn/activation.hpp"
#include "nn/layer_gradients.hpp"
#include "nn/network.hpp"
#include "studies/behaviours.hpp"

namespace optim::studies {

struct VanishingGradientsOptions {
  bool full = false;  // the benchmark size: wider layers, more data, more epochs
  std::uint64_t seed = 1;
  int hidden_layers = 10;
  Index width = 32;
  Index per_class = 200;  // spirals points per class
  int epochs = 5;
  double lr = 0.05;  // SGD (gd), minibatches of `batch`
  Index batch = 32;
  // The criteria (fixed before the runs): every sigmoid run's first-layer RMS gradient is at most
  // `vanishing_ratio` times its last layer's at every recorded epoch, and ReLU with He's
  // initialisation keeps the largest layer's RMS within `flat_ratio` of the smallest's.
  double vanishing_ratio = 1e-2;
  double flat_ratio = 10;
  // Applies --full's sizes (width 64, 500 points per class, 30 epochs) unless set otherwise.
  void apply_full();
  void validate() const;
};

struct VanishingRun {
  nn::Activation activation = nn::Activation::Sigmoid;
  nn::Init init = nn::Init::Xavier;
  std::string label;  // "sigmoid/xavier"
  std::vector<nn::LayerGradientRow> rows;
  std::vector<double> train_loss;  // per epoch (1..epochs)
  double final_accuracy = 0;       // training accuracy of the last epoch
  // Per recorded epoch (0 = the start): RMS gradient of layer 1 over the last layer's, largest
  // layer RMS over the smallest, and dead hidden units summed over the layers.
  std::vector<double> first_over_last, max_over_min;
  // The same spread over the hidden layers alone (the output layer's delta is the loss's error
  // term itself, not passed back through any g').
  std::vector<double> hidden_max_over_min;
  std::vector<Index> dead_units;
  Index hidden_units = 0;
};

struct VanishingGradientsStudy {
  VanishingGradientsOptions options;
  std::vector<VanishingRun> runs;  // sigmoid, tanh, relu, each with xavier then he
};

// The RMS weight gradient of a row: ||dE/dW_l||_F / sqrt(fan_in units).
double rms_weight_gradient(const nn::LayerGradientRow& r);

VanishingGradientsStudy run_vanishing_gradients_study(const VanishingGradientsOptions& options);

// Claims with their figures and computed verdicts (studies/behaviours.hpp's record):
//   sigmoid_vanishes: agrees when every sigmoid run has first_over_last <= vanishing_ratio at
//     every recorded epoch;
//   relu_he_flat: agrees when ReLU with He's initialisation has max_over_min <= flat_ratio at
//     every recorded epoch.
std::vector<Behaviour> vanishing_gradients_claims(const VanishingGradientsStudy& s);

}  // namespace optim::studies
