#pragma once
// Output units and their per-sample losses, computed from the logits z = W^T h + b of the last
// layer (seed 001, "Linear-Gaussian Output Unit", "Sigmoid Output Unit", "Softmax Output Unit").
// The gradient with respect to the logits is the seed's "error" term in each case:
//   linear + MSE:           L = 1/2 ||y - z||^2,                      dL/dz = z - y
//   sigmoid + binary CE:    L = -[y log sigma(z) + (1-y) log(1-sigma(z))],  dL/dz = sigma(z) - y
//   softmax + CE:           L = -log softmax(z)_y,                    dL/dz = p - onehot(y)
//   linear + L1 (MAE):      L = sum_k |z_k - y_k|,                    dL/dz = sign(z - y)
// The absolute error is seed 000's |x - x*| beside the square loss; it is not differentiable where
// z_k = y_k, and the subgradient there is taken as 0 (sign(0) = 0), the choice of torch's L1Loss.
// All three are evaluated from the logits in a numerically stable form (softplus, log-sum-exp).
#include <span>
#include <string>

#include "optim/types.hpp"

namespace optim::nn {

enum class Loss { Mse, BinaryCrossEntropy, SoftmaxCrossEntropy, L1 };

Loss parse_loss(const std::string& name);  // "mse", "bce", "softmax_ce", "l1" (throws on others)
std::string to_string(Loss l);

// Targets of one batch, column j for sample j: real targets (MSE, BCE: out x B matrix, BCE values
// in [0, 1]) or class labels (softmax CE: one label per column, 0 <= label < out).
template <class S>
struct BatchTargets {
  const S* y = nullptr;  // column-major out x B (MSE, BCE, L1), leading dimension ld
  Index ld = 0;
  std::span<const int> labels;  // softmax CE
};

// Sum over the batch columns of the per-sample loss. When dz is non-null (a contiguous column-major
// out x B buffer) it receives scale * dL/dz for every column (the caller passes scale = 1/B for a
// batch mean).
template <class S>
S loss_sum(Loss loss, const Eigen::Ref<const Mat<S>>& z, const BatchTargets<S>& t, S* dz, S scale);

// Stable log(sum_k exp(z_k)) of one column: max + log(sum exp(z - max)).
template <class S>
S log_sum_exp(const Eigen::Ref<const Vec<S>>& z);

}  // namespace optim::nn
