#include "nn/hessian_vector.hpp"

#include <algorithm>
#include <cmath>

#include "nn/activation_second.hpp"
#include "nn/gemm.hpp"

namespace optim::nn {

template <class S>
void HessianVectorPass<S>::reserve(const Network<S>& net, Index cols) {
  const auto& slots = net.slots();
  if (cols <= cap_ && z_.size() == slots.size()) return;
  cap_ = std::max(cols, cap_);
  for (auto* m : {&z_, &a_, &rz_, &ra_, &d_, &rd_}) m->resize(slots.size());
  Index widest = 1, largest = 1;
  for (std::size_t l = 0; l < slots.size(); ++l) {
    for (auto* m : {&z_, &a_, &rz_, &ra_, &d_, &rd_}) (*m)[l].resize(slots[l].out, cap_);
    widest = std::max({widest, slots[l].in, slots[l].out});
    largest = std::max(largest, slots[l].in * slots[l].out);
  }
  e_.resize(widest, cap_);
  re_.resize(widest, cap_);
  scratch_.resize(widest, cap_);
  wbuf_.resize(largest);
}

template <class S>
S HessianVectorPass<S>::accumulate(const Network<S>& net, const Vec<S>& params,
                                   const Eigen::Ref<const Mat<S>>& x, const BatchTargets<S>& t,
                                   const Vec<S>& v, S scale, Vec<S>& hv) {
  const auto& slots = net.slots();
  const Index B = x.cols(), L = static_cast<Index>(slots.size());
  reserve(net, B);
  const Activation act = net.spec().hidden;
  const S fixed_p = static_cast<S>(net.spec().act_param());
  auto param_of = [&](const LayerSlot& s, const Vec<S>& vec, Index i, S fallback) {
    return s.p >= 0 ? vec[s.p + i] : fallback;
  };
  // Forward and R-forward.
  for (Index l = 0; l < L; ++l) {
    const LayerSlot& s = slots[std::size_t(l)];
    Eigen::Map<const Mat<S>> w(params.data() + s.w, s.out, s.in), vw(v.data() + s.w, s.out, s.in);
    auto z = z_[std::size_t(l)].leftCols(B);
    auto rz = rz_[std::size_t(l)].leftCols(B);
    if (l == 0) {
      gemm(w, false, x, false, z);
      gemm(vw, false, x, false, rz);
    } else {
      const auto ain = a_[std::size_t(l - 1)].leftCols(B);
      auto t = scratch_.topLeftCorner(s.out, B);
      gemm(w, false, ain, false, z);
      gemm(vw, false, ain, false, rz);
      gemm(w, false, ra_[std::size_t(l - 1)].leftCols(B), false, t);
      rz += t;
    }
    z.colwise() += params.segment(s.b, s.out);
    rz.colwise() += v.segment(s.b, s.out);
    if (!s.hidden) break;
    auto a = a_[std::size_t(l)].leftCols(B);
    auto ra = ra_[std::size_t(l)].leftCols(B);
    for (Index i = 0; i < s.out; ++i) {
      const S p = param_of(s, params, i, fixed_p), vp = param_of(s, v, i, S(0));
      for (Index j = 0; j < B; ++j) {
        a(i, j) = activate(act, z(i, j), p);
        ra(i, j) = activate_dz(act, z(i, j), p) * rz(i, j) + activate_dp(act, z(i, j), p) * vp;
      }
    }
  }
  // The output unit's error term and its R: scale * H_z R{Z_L} (loss.hpp's losses).
  const LayerSlot& last = slots.back();
  auto zl = z_.back().leftCols(B);
  auto rzl = rz_.back().leftCols(B);
  auto dl = d_.back().leftCols(B);
  auto rdl = rd_.back().leftCols(B);
  const S loss = loss_sum<S>(net.spec().loss, zl, t, dl.data(), scale);
  switch (net.spec().loss) {
    case Loss::Mse:
      rdl = scale * rzl;
      break;
    case Loss::L1:
      rdl.setZero();
      break;
    case Loss::BinaryCrossEntropy:
      for (Index j = 0; j < B; ++j)
        for (Index i = 0; i < last.out; ++i) {
          const S sg = sigmoid(zl(i, j));
          rdl(i, j) = scale * sg * (S(1) - sg) * rzl(i, j);
        }
      break;
    case Loss::SoftmaxCrossEntropy:
      for (Index j = 0; j < B; ++j) {
        const S m = zl.col(j).maxCoeff();
        S sum = 0, dot = 0;
        for (Index i = 0; i < last.out; ++i) sum += std::exp(zl(i, j) - m);
        for (Index i = 0; i < last.out; ++i) dot += std::exp(zl(i, j) - m) / sum * rzl(i, j);
        for (Index i = 0; i < last.out; ++i) {
          const S p = std::exp(zl(i, j) - m) / sum;
          rdl(i, j) = scale * p * (rzl(i, j) - dot);  // (diag(p) - p p^T) R{z}
        }
      }
      break;
  }
  // Backward and R-backward.
  for (Index l = L - 1; l >= 0; --l) {
    const LayerSlot& s = slots[std::size_t(l)];
    Eigen::Map<const Mat<S>> w(params.data() + s.w, s.out, s.in), vw(v.data() + s.w, s.out, s.in);
    Eigen::Map<Mat<S>> hw(hv.data() + s.w, s.out, s.in);
    const auto d = d_[std::size_t(l)].leftCols(B);
    const auto rd = rd_[std::size_t(l)].leftCols(B);
    Eigen::Map<Mat<S>> gw(wbuf_.data(), s.out, s.in);
    if (l == 0) {
      gemm(rd, false, x, true, gw);
      hw += gw;
    } else {
      gemm(rd, false, a_[std::size_t(l - 1)].leftCols(B), true, gw);
      hw += gw;
      gemm(d, false, ra_[std::size_t(l - 1)].leftCols(B), true, gw);
      hw += gw;
    }
    hv.segment(s.b, s.out) += rd.rowwise().sum();
    if (l == 0) break;
    const LayerSlot& prev = slots[std::size_t(l - 1)];
    auto e = e_.topLeftCorner(s.in, B);
    auto re = re_.topLeftCorner(s.in, B);
    auto t = scratch_.topLeftCorner(s.in, B);
    gemm(w, true, d, false, e);
    gemm(vw, true, d, false, re);
    gemm(w, true, rd, false, t);
    re += t;
    const auto z = z_[std::size_t(l - 1)].leftCols(B);
    const auto rz = rz_[std::size_t(l - 1)].leftCols(B);
    auto dp = d_[std::size_t(l - 1)].leftCols(B);
    auto rdp = rd_[std::size_t(l - 1)].leftCols(B);
    for (Index i = 0; i < prev.out; ++i) {
      const S p = param_of(prev, params, i, fixed_p), vp = param_of(prev, v, i, S(0));
      S hp = 0;
      for (Index j = 0; j < B; ++j) {
        const S gz = activate_dz(act, z(i, j), p);
        const SecondDerivatives<S> d2 = activate_d2(act, z(i, j), p);
        dp(i, j) = gz * e(i, j);
        rdp(i, j) = (d2.zz * rz(i, j) + d2.zp * vp) * e(i, j) + gz * re(i, j);
        if (prev.p >= 0) {
          hp += re(i, j) * activate_dp(act, z(i, j), p) + e(i, j) * (d2.zp * rz(i, j) + d2.pp * vp);
        }
      }
      if (prev.p >= 0) hv[prev.p + i] += hp;
    }
  }
  return loss;
}

template class HessianVectorPass<float>;
template class HessianVectorPass<double>;

}  // namespace optim::nn
