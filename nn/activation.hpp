#pragma once
// Hidden-unit activation functions g(z) and their derivatives (seed 001, "The Units" to "Softplus";
// seed 000 Definition 3.6 for ReLU). Each activation may carry one scalar parameter p per unit:
//   leaky ReLU slope alpha (fixed, default 0.01), parametric ReLU alpha (learned, stored in the
//   network's flat parameter vector), swish beta (fixed or learned).
// The perceptron's sign/step activations live in perceptron.hpp: they have no useful derivative.
#include <string>
#include <vector>

#include "optim/types.hpp"

namespace optim::nn {

enum class Activation {
  Identity,      // g(z) = z
  Sigmoid,       // g(z) = 1 / (1 + exp(-z))
  Tanh,          // g(z) = tanh(z)
  Relu,          // g(z) = max{0, z}
  LeakyRelu,     // g(z) = max{0, z} + alpha min{0, z}, alpha fixed (0.01)
  PRelu,         // same with alpha learned per unit
  AbsRelu,       // absolute-value rectification: alpha = -1, g(z) = |z|
  Softplus,      // zeta(z) = log(1 + exp(z))
  Swish,         // g(z) = z sigma(beta z), beta fixed (1)
  SwishLearned,  // same with beta learned per unit
  Mish,          // g(z) = z tanh(zeta(z))
  Gelu,          // g(z) = z Phi(z), Phi the standard normal CDF (Boost.Math)
  GeluTanh,      // 0.5 z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3)))  (Hendrycks & Gimpel 2016)
};

// Name <-> enum ("relu", "leaky_relu", "prelu", "abs", "softplus", "swish", "swish_learned",
// "mish", "gelu", "gelu_tanh", "sigmoid", "tanh", "identity"). parse throws std::invalid_argument
// listing the known names.
Activation parse_activation(const std::string& name);
std::string to_string(Activation a);
std::vector<std::string> activation_names();

// Whether the activation owns learned parameters (one per unit) in the flat vector.
bool has_learned_param(Activation a);
// The parameter p used when none is given: leaky slope 0.01, PReLU initial alpha 0.25,
// swish beta 1, and 0 for activations that have no parameter.
double default_activation_param(Activation a);

// Scalar reference implementation used by the fused loops and by the tests:
// g(z; p), dg/dz and dg/dp (the last is zero for activations without a parameter).
template <class S>
S activate(Activation a, S z, S p);
template <class S>
S activate_dz(Activation a, S z, S p);
template <class S>
S activate_dp(Activation a, S z, S p);

// Numerically stable logistic sigma(z) and softplus zeta(z) = max(z, 0) + log1p(exp(-|z|)).
template <class S>
S sigmoid(S z);
template <class S>
S softplus(S z);

// Fused pass over a block of pre-activations: z <- z + b (per row), a <- g(z; p_row).
// `p` points to one parameter per row (learned) or is null (the fixed `fixed_p` is used).
template <class S>
void bias_activate(Activation act, const S* b, const S* p, S fixed_p, Eigen::Ref<Mat<S>> z,
                   Eigen::Ref<Mat<S>> a);

// Backward pass through the activation: dz <- da .* g'(z); when gp is non-null it receives
// sum over columns of da .* dg/dp (the gradient of a learned per-unit parameter), and when gb is
// non-null the row sums of dz (the layer's bias gradient, fused into the same pass).
template <class S>
void activate_backward(Activation act, const S* p, S fixed_p, const Eigen::Ref<const Mat<S>>& z,
                       const Eigen::Ref<const Mat<S>>& da, Eigen::Ref<Mat<S>> dz, S* gp,
                       S* gb = nullptr);

}  // namespace optim::nn
