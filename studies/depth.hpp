#pragma once
// Deep against wide at a fixed parameter budget (seed 001's playground remark "Deep structure
// helps"; seed 003: "Why are deeper networks better than wider? Intuitively approach piecewise
// polynomial functions"; seed 002 "Why deep is advantageous").
//
// ReLU MLPs (He initialisation) with 1, 2, 3, 4, 6 and 8 hidden layers of equal width, the width
// of each depth chosen so that the parameter count is as close as possible to `budget`, trained by
// Adam on half of a two-spirals set and tested on the other half (a stratified, seeded split),
// `seeds` runs per depth (initial weights and sample order).
#include <cstdint>
#include <vector>

#include "optim/types.hpp"
#include "studies/behaviours.hpp"

namespace optim::studies {

struct DepthOptions {
  bool full = false;
  std::uint64_t seed = 1;
  std::vector<int> depths = {1, 2, 3, 4, 6, 8};  // hidden layers
  Index budget = 1500;                           // parameters (weights and biases)
  Index per_class = 200;                         // spirals points per class, half for testing
  int seeds = 3;
  int epochs = 150;
  double lr = 0.01;  // Adam
  Index batch = 32;
  double margin = 0.02;  // the claim's criterion: accuracy points deep must gain over depth 1
  // MNIST as well when set (the folder of its four IDX files): the first `mnist_train` training
  // images, the 10,000 test images, float networks 784-w..w-10 of about `mnist_budget`
  // parameters, Adam (eta 1e-3, batches of 64) for `mnist_epochs` epochs, one run per depth.
  std::string mnist_dir;
  std::vector<int> mnist_depths = {1, 2, 3, 4};
  Index mnist_budget = 100000, mnist_train = 10000;
  int mnist_epochs = 3;
  void apply_full();  // 5 seeds, 300 epochs, 500 points per class, budget 4000
  void validate() const;
};

// Parameters of an in-w-...-w-out network with `depth` hidden layers of width w:
// (in + 1)w + (depth - 1)(w + 1)w + out(w + 1).
Index depth_params(int depth, Index width, Index in = 2, Index out = 2);
// The width whose parameter count is nearest to `budget` (the smaller width on a tie).
Index width_for_budget(int depth, Index budget, Index in = 2, Index out = 2);

struct DepthRow {
  int depth = 0;
  Index width = 0, params = 0;
  std::vector<double> test_accuracy, train_loss;  // per run, after the last epoch
  double mean_accuracy = 0, sd_accuracy = 0, mean_train_loss = 0;
};

struct DepthStudy {
  DepthOptions options;
  Index train_size = 0, test_size = 0;
  std::vector<DepthRow> rows;        // in the order of options.depths
  std::vector<DepthRow> mnist_rows;  // when options.mnist_dir is set, in mnist_depths' order
  Index mnist_train_size = 0, mnist_test_size = 0;
};

DepthStudy run_depth_study(const DepthOptions& options);

// deep_helps: agrees when the best mean test accuracy over the depths >= 2 exceeds the mean of
// the one-hidden-layer networks by at least `margin`; deep_helps_mnist (when MNIST ran): the same
// on MNIST.
std::vector<Behaviour> depth_claims(const DepthStudy& s);

}  // namespace optim::studies
