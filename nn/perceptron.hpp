#pragma once
// The single-layer perceptron with its own learning rule (seed 000, section 2.1):
//   input x = (x_0, x_1, ..., x_k) with the bias input x_0 fixed at -1,
//   prediction f(x) = sign(w^T x), sign(s) = 1 for s >= 0 and -1 otherwise (Prop. 2.1),
//   on a mistake (f*(x) != f(x)): w <- w + eta f*(x) x, else no change (Prop. 2.2),
//   weights start at 0 and the samples are visited in order, epoch after epoch (Prop. 2.3).
// It converges on linearly separable data (Novikoff's theorem) and cannot learn XOR (Remark 2.2):
// train() detects that case exactly by finding a weight vector it has already held at the start
// of an earlier epoch while still making mistakes — from there the deterministic rule repeats the
// same cycle forever.
#include <vector>

#include "optim/types.hpp"

namespace optim::nn {

// sign(s) of seed 000 Prop. 2.1 (1 at s = 0) and the 0/1 step function.
inline double sign_activation(double s) {
  return s >= 0 ? 1.0 : -1.0;
}
inline double step_activation(double s) {
  return s >= 0 ? 1.0 : 0.0;
}

struct PerceptronResult {
  bool converged = false;  // an epoch without mistakes
  bool cycled = false;     // a repeated epoch-start weight vector with mistakes: never converges
  int epochs = 0;
  std::vector<int> mistakes;  // per epoch
};

class Perceptron {
 public:
  // `inputs` features (the bias input is added internally); eta > 0.
  explicit Perceptron(Index inputs, double eta = 1.0);

  // x: features x N (column per sample), targets in {-1, +1}. Runs at most max_epochs epochs.
  // Throws std::invalid_argument on shape mismatch or a target outside {-1, +1}.
  PerceptronResult train(const Mat<double>& x, const std::vector<int>& targets, int max_epochs);

  int predict(const Eigen::Ref<const Vec<double>>& x) const;  // -1 or +1
  // Weights (w_0 for the bias input -1, then w_1..w_k).
  const Vec<double>& weights() const { return w_; }

 private:
  Vec<double> w_;
  double eta_;
};

}  // namespace optim::nn
