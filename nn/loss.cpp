#include "nn/loss.hpp"

#include <cmath>
#include <stdexcept>

#include "nn/activation.hpp"

namespace optim::nn {

Loss parse_loss(const std::string& name) {
  if (name == "mse") return Loss::Mse;
  if (name == "bce" || name == "binary_cross_entropy") return Loss::BinaryCrossEntropy;
  if (name == "softmax_ce" || name == "cross_entropy") return Loss::SoftmaxCrossEntropy;
  if (name == "l1" || name == "mae") return Loss::L1;
  throw std::invalid_argument("unknown loss '" + name + "' (known: mse, bce, softmax_ce, l1)");
}

std::string to_string(Loss l) {
  switch (l) {
    case Loss::Mse:
      return "mse";
    case Loss::BinaryCrossEntropy:
      return "bce";
    case Loss::SoftmaxCrossEntropy:
      return "softmax_ce";
    case Loss::L1:
      return "l1";
  }
  return "unknown";
}

template <class S>
S log_sum_exp(const Eigen::Ref<const Vec<S>>& z) {
  const S m = z.maxCoeff();
  if (!std::isfinite(m)) return m;
  return m + std::log((z.array() - m).exp().sum());
}

template <class S>
S loss_sum(Loss loss, const Eigen::Ref<const Mat<S>>& z, const BatchTargets<S>& t, S* dz, S scale) {
  const Index out = z.rows(), cols = z.cols();
  // Accumulate in double: a float sum over thousands of samples loses digits.
  double total = 0;
  switch (loss) {
    case Loss::Mse:
      for (Index j = 0; j < cols; ++j) {
        const S* y = t.y + j * t.ld;
        for (Index i = 0; i < out; ++i) {
          const S e = z(i, j) - y[i];  // seed 001: dL/dz_k = z_k - y_k
          total += 0.5 * double(e) * double(e);
          if (dz) dz[i + j * out] = scale * e;
        }
      }
      break;
    case Loss::L1:
      for (Index j = 0; j < cols; ++j) {
        const S* y = t.y + j * t.ld;
        for (Index i = 0; i < out; ++i) {
          const S e = z(i, j) - y[i];
          total += std::abs(double(e));  // seed 000: |x - x*|
          // Subgradient sign(e) with sign(0) = 0 (loss.hpp).
          if (dz) dz[i + j * out] = scale * static_cast<S>((e > S(0)) - (e < S(0)));
        }
      }
      break;
    case Loss::BinaryCrossEntropy:
      for (Index j = 0; j < cols; ++j) {
        const S* y = t.y + j * t.ld;
        for (Index i = 0; i < out; ++i) {
          const S zi = z(i, j);
          // -[y log s + (1-y) log(1-s)] = softplus(z) - y z, stable for any z.
          total += double(softplus(zi)) - double(y[i]) * double(zi);
          if (dz) dz[i + j * out] = scale * (sigmoid(zi) - y[i]);  // seed 001: sigma(z) - y
        }
      }
      break;
    case Loss::SoftmaxCrossEntropy:
      for (Index j = 0; j < cols; ++j) {
        const int label = t.labels[static_cast<size_t>(j)];
        const S m = z.col(j).maxCoeff();
        S sum = 0;
        for (Index i = 0; i < out; ++i) sum += std::exp(z(i, j) - m);
        const S lse = m + std::log(sum);  // log-sum-exp
        total += double(lse) - double(z(label, j));
        if (dz) {
          const S inv = S(1) / sum;
          for (Index i = 0; i < out; ++i) dz[i + j * out] = scale * std::exp(z(i, j) - m) * inv;
          dz[label + j * out] -= scale;  // seed 001: P(y = k) - 1(y = k)
        }
      }
      break;
  }
  return static_cast<S>(total);
}

template float loss_sum<float>(Loss, const Eigen::Ref<const Mat<float>>&,
                               const BatchTargets<float>&, float*, float);
template double loss_sum<double>(Loss, const Eigen::Ref<const Mat<double>>&,
                                 const BatchTargets<double>&, double*, double);
template float log_sum_exp<float>(const Eigen::Ref<const Vec<float>>&);
template double log_sum_exp<double>(const Eigen::Ref<const Vec<double>>&);

}  // namespace optim::nn
