#include "nn/network.hpp"

#include <cmath>
#include <stdexcept>

#include "nn/gemm.hpp"
#include "optim/params.hpp"

namespace optim::nn {

Init parse_init(const std::string& name) {
  if (name == "xavier") return Init::Xavier;
  if (name == "glorot") return Init::Glorot;
  if (name == "he" || name == "kaiming") return Init::He;
  throw std::invalid_argument("unknown init '" + name + "' (known: xavier, glorot, he)");
}

std::string to_string(Init i) {
  switch (i) {
    case Init::Xavier:
      return "xavier";
    case Init::Glorot:
      return "glorot";
    case Init::He:
      return "he";
  }
  return "unknown";
}

void NetworkSpec::validate() const {
  if (layers.size() < 2) {
    throw std::invalid_argument("network needs at least 2 layer widths (input and output), got " +
                                std::to_string(layers.size()));
  }
  // The caps keep the parameter count (sum of in*out + 2*out per layer) far from Index overflow;
  // a corrupt model file could otherwise declare widths whose product overflows.
  constexpr Index kMaxWidth = Index(1) << 24;
  constexpr std::size_t kMaxLayers = 4096;
  if (layers.size() > kMaxLayers) {
    throw std::invalid_argument("network has " + std::to_string(layers.size()) +
                                " layer widths, at most " + std::to_string(kMaxLayers));
  }
  for (size_t i = 0; i < layers.size(); ++i) {
    if (layers[i] < 1 || layers[i] > kMaxWidth) {
      throw std::invalid_argument("layer width " + std::to_string(i) + " = " +
                                  std::to_string(layers[i]) + " must be in [1, " +
                                  std::to_string(kMaxWidth) + "]");
    }
  }
  if (loss == Loss::SoftmaxCrossEntropy && layers.back() < 2) {
    throw std::invalid_argument("softmax cross-entropy needs >= 2 outputs, got " +
                                std::to_string(layers.back()) + " (use loss bce for one output)");
  }
  if (!std::isfinite(act_param())) throw std::invalid_argument("activation_param must be finite");
  if (!std::isfinite(bias_init)) throw std::invalid_argument("bias_init must be finite");
}

template <class S>
Network<S>::Network(NetworkSpec spec) : spec_(std::move(spec)) {
  spec_.validate();
  const size_t nl = spec_.layers.size() - 1;
  Index off = 0;
  for (size_t l = 0; l < nl; ++l) {
    LayerSlot s;
    s.in = spec_.layers[l];
    s.out = spec_.layers[l + 1];
    s.hidden = l + 1 < nl;
    s.w = off;
    off += s.in * s.out;
    s.b = off;
    off += s.out;
    if (s.hidden && has_learned_param(spec_.hidden)) {
      s.p = off;
      off += s.out;
    }
    slots_.push_back(s);
  }
  n_params_ = off;
  z_.resize(nl);
  a_.resize(nl);
  delta_.resize(nl);
  mask_.resize(nl);
}

template <class S>
void Network<S>::init_params(Vec<S>& params, std::uint64_t seed) const {
  params.resize(n_params_);
  std::mt19937_64 rng(seed);
  for (const auto& s : slots_) {
    const double n = static_cast<double>(s.in);
    Eigen::Map<Mat<S>> w(params.data() + s.w, s.out, s.in);
    if (spec_.init == Init::He) {
      std::normal_distribution<double> d(0.0, std::sqrt(2.0 / n));  // variance 2 / fan-in
      for (Index i = 0; i < w.size(); ++i) w.data()[i] = static_cast<S>(d(rng));
    } else {
      const double r =
          spec_.init == Init::Xavier ? 1.0 / std::sqrt(n) : std::sqrt(6.0 / (n + double(s.out)));
      std::uniform_real_distribution<double> d(-r, r);
      for (Index i = 0; i < w.size(); ++i) w.data()[i] = static_cast<S>(d(rng));
    }
    params.segment(s.b, s.out).setConstant(static_cast<S>(s.hidden ? spec_.bias_init : 0.0));
    if (s.p >= 0) params.segment(s.p, s.out).setConstant(static_cast<S>(spec_.act_param()));
  }
}

template <class S>
void Network<S>::set_dropout(double keep_input, double keep_hidden, std::uint64_t seed) {
  if (!(keep_input > 0 && keep_input <= 1)) throw_out_of_range("keep_input", keep_input, "(0, 1]");
  if (!(keep_hidden > 0 && keep_hidden <= 1))
    throw_out_of_range("keep_hidden", keep_hidden, "(0, 1]");
  keep_input_ = keep_input;
  keep_hidden_ = keep_hidden;
  rng_.seed(seed);
}

template <class S>
void Network<S>::reserve(Index batch) {
  if (batch <= cap_) return;
  cap_ = batch;
  Index widest = 1;
  for (size_t l = 0; l < slots_.size(); ++l) {
    const auto& s = slots_[l];
    z_[l].resize(s.out, cap_);
    if (s.hidden) a_[l].resize(s.out, cap_);
    delta_[l].resize(s.out, cap_);
    if (s.hidden && keep_hidden_ < 1) mask_[l].resize(s.out, cap_);
    widest = std::max(widest, s.in);
  }
  da_.resize(widest, cap_);
  if (keep_input_ < 1) x_drop_.resize(inputs(), cap_);
}

template <class S>
typename Network<S>::ColsBlock Network<S>::forward(const Vec<S>& params,
                                                   const Eigen::Ref<const Mat<S>>& x, bool train) {
  if (x.rows() != inputs()) {
    throw std::invalid_argument("network input has " + std::to_string(x.rows()) +
                                " rows, expected " + std::to_string(inputs()));
  }
  const Index B = x.cols();
  const bool masks_missing = (keep_hidden_ < 1 && slots_.size() > 1 && mask_[0].cols() < cap_) ||
                             (keep_input_ < 1 && x_drop_.cols() < cap_);
  if (B > cap_ || masks_missing) {
    cap_ = 0;  // (re)size every buffer, including dropout masks enabled after a first reserve
    reserve(std::max(B, Index(1)));
  }
  batch_ = B;
  input_dropped_ = train && keep_input_ < 1;
  hidden_dropped_ = train && keep_hidden_ < 1;
  std::bernoulli_distribution keep_in(keep_input_), keep_h(keep_hidden_);
  if (input_dropped_) {
    const S scale = static_cast<S>(1.0 / keep_input_);  // inverted dropout
    auto xd = x_drop_.leftCols(B);
    for (Index j = 0; j < B; ++j)
      for (Index i = 0; i < xd.rows(); ++i) xd(i, j) = keep_in(rng_) ? x(i, j) * scale : S(0);
  }
  const S fixed_p = static_cast<S>(spec_.act_param());
  for (size_t l = 0; l < slots_.size(); ++l) {
    const auto& s = slots_[l];
    Eigen::Map<const Mat<S>> w(params.data() + s.w, s.out, s.in);
    auto z = z_[l].leftCols(B);
    // Z_l = W_l A_{l-1} (nn/gemm.hpp: backend and threads, same result for any thread count)
    if (l == 0) {
      if (input_dropped_)
        gemm(w, false, x_drop_.leftCols(B), false, z);
      else
        gemm(w, false, x, false, z);
    } else {
      gemm(w, false, a_[l - 1].leftCols(B), false, z);
    }
    if (s.hidden) {
      auto a = a_[l].leftCols(B);
      bias_activate<S>(spec_.hidden, params.data() + s.b, s.p >= 0 ? params.data() + s.p : nullptr,
                       fixed_p, z, a);
      if (hidden_dropped_) {
        const S scale = static_cast<S>(1.0 / keep_hidden_);
        auto m = mask_[l].leftCols(B);
        for (Index i = 0; i < m.size(); ++i) m.data()[i] = keep_h(rng_) ? scale : S(0);
        a.array() *= m.array();
      }
    } else {
      z.colwise() += Eigen::Map<const Vec<S>>(params.data() + s.b, s.out);  // logits
    }
  }
  return z_.back().leftCols(B);
}

template <class S>
void Network<S>::backward(const Vec<S>& params, const Eigen::Ref<const Mat<S>>& x, Vec<S>& grad) {
  const Index B = batch_;
  const S fixed_p = static_cast<S>(spec_.act_param());
  for (size_t l = slots_.size(); l-- > 0;) {
    const auto& s = slots_[l];
    auto delta = delta_[l].leftCols(B);
    Eigen::Map<Mat<S>> gw(grad.data() + s.w, s.out, s.in);
    // grad W_l = delta_l A_{l-1}^T (seed 004 3.5.3); grad b_l = sum of delta_l over the batch.
    if (l == 0) {
      if (input_dropped_)
        gemm(delta, false, x_drop_.leftCols(B), true, gw);
      else
        gemm(delta, false, x, true, gw);
    } else {
      gemm(delta, false, a_[l - 1].leftCols(B), true, gw);
    }
    // The hidden layers' bias gradients were summed while their delta was formed (below).
    if (l + 1 == slots_.size()) grad.segment(s.b, s.out).noalias() = delta.rowwise().sum();
    if (l == 0) break;
    // delta_{l-1} = g'(Z_{l-1}) .* (W_l^T delta_l)   (seed 000 Prop. 3.6 v; seed 004 3.5.4)
    const auto& prev = slots_[l - 1];
    Eigen::Map<const Mat<S>> w(params.data() + s.w, s.out, s.in);
    auto da = da_.topLeftCorner(s.in, B);
    gemm(w, true, delta, false, da);
    if (hidden_dropped_) da.array() *= mask_[l - 1].leftCols(B).array();
    activate_backward<S>(spec_.hidden, prev.p >= 0 ? params.data() + prev.p : nullptr, fixed_p,
                         z_[l - 1].leftCols(B), da, delta_[l - 1].leftCols(B),
                         prev.p >= 0 ? grad.data() + prev.p : nullptr, grad.data() + prev.b);
  }
}

template <class S>
void Network<S>::predict_labels(const Eigen::Ref<const Mat<S>>& logits, std::vector<int>& out) {
  out.resize(static_cast<size_t>(logits.cols()));
  for (Index j = 0; j < logits.cols(); ++j) {
    if (logits.rows() == 1) {
      out[static_cast<size_t>(j)] = logits(0, j) > S(0) ? 1 : 0;
    } else {
      Index k = 0;
      logits.col(j).maxCoeff(&k);
      out[static_cast<size_t>(j)] = static_cast<int>(k);
    }
  }
}

template class Network<float>;
template class Network<double>;

}  // namespace optim::nn
