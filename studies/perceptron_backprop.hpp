#pragma once
// Perceptron versus backpropagation (seed 004 section 4.1; M. L. Brady, R. Raghavan and
// J. Slawny, "Back propagation fails to separate where perceptrons succeed", IEEE Trans. Circuits
// Syst. 36, 1989): "Perceptrons can always find linear separators but backpropagation may
// sacrifice outlying points", and in return backpropagation is "a low-variance estimator".
//
// Two clusters in the plane, 40 points each (class +1 at x1 in [0.2, 2], class -1 at x1 in [-2,
// -0.2], x2 in [-1, 1], seeded), plus one class +1 outlier near the other cluster:
//  1. separable: the perceptron rule (nn/perceptron.hpp) against one sigmoid unit trained by
//     gradient descent on the squared error (the delta rule, backpropagation through one unit),
//     with and without a small L2 weight decay: who separates the training set;
//  2. not separable (one more point, of class -1, inside the +1 cluster): the perceptron's
//     training accuracy epoch after epoch (it never settles) against the sigmoid unit's.
#include <cstdint>
#include <vector>

#include "optim/types.hpp"
#include "studies/behaviours.hpp"

namespace optim::studies {

struct PerceptronBackpropOptions {
  std::uint64_t seed = 1;
  Index per_class = 40;
  // The class +1 outlier, inside the -1 half of the plane yet separable whatever the draw: the line
  // x1 = -0.17 has every +1 point (x1 >= 0.2, and -0.15) on one side and every -1 point on the
  // other.
  double outlier_x1 = -0.15, outlier_x2 = 0;
  double lr = 2;               // gradient descent on the squared error
  Index iterations = 100000;   // of gradient descent
  double weight_decay = 1e-4;  // lambda of the decayed run: E + lambda/2 ||w||^2 (not the bias)
  int perceptron_epochs = 1000;
  int window = 50;  // last epochs over which the perceptron's accuracy is summarised
  void validate() const;
};

struct UnitRun {
  double decay = 0;
  double train_accuracy = 0;  // fraction of the training points on their side
  bool outlier_correct = false;
  Vec<double> w;  // (w1, w2, bias)
  double loss = 0;
};

struct PerceptronBackpropStudy {
  PerceptronBackpropOptions options;
  Mat<double> x;             // 2 x N (separable set; the non-separable one adds a last column)
  std::vector<int> targets;  // +1 / -1
  // 1. separable
  bool perceptron_converged = false;
  int perceptron_epochs = 0;
  double perceptron_accuracy = 0;
  bool perceptron_outlier_correct = false;
  Vec<double> perceptron_w;  // as (w1, w2, bias): the line w1 x1 + w2 x2 + bias = 0
  UnitRun plain, decayed;
  // 2. not separable
  std::vector<double> perceptron_epoch_accuracy;  // per epoch
  double perceptron_window_min = 0, perceptron_window_max = 0, perceptron_window_mean = 0;
  UnitRun nonseparable_plain, nonseparable_decayed;
};

PerceptronBackpropStudy run_perceptron_backprop_study(const PerceptronBackpropOptions& options);

// The study's two claims with their figures and computed verdicts (the record of
// studies/behaviours.hpp):
//   perceptron_separates: agrees when the perceptron separates the training set and the decayed
//     sigmoid unit misclassifies at least one training point;
//   backprop_low_variance: agrees when, on the non-separable set, the perceptron's training
//     accuracy over the last `window` epochs spans at least 0.05 and the sigmoid unit ends at or
//     above the perceptron's mean over them.
std::vector<Behaviour> perceptron_backprop_claims(const PerceptronBackpropStudy& s);

}  // namespace optim::studies
