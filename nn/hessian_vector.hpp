#pragma once
// The exact Hessian-vector product of a network's loss, H(theta) v, by Pearlmutter's R-operator
// (Pearlmutter 1994, "Fast exact multiplication by the Hessian"): forward-over-reverse, i.e. the
// directional derivative R{.} = d/dr (.)(theta + r v) at r = 0 of every quantity of the forward
// and backward passes (nn/network.hpp), at the cost of about two gradients and without forming H:
//   R{Z_l}     = V_l A_{l-1} + W_l R{A_{l-1}} + Vb_l             (R{A_{-1}} = R{X} = 0)
//   R{A_l}     = g'(Z_l) .* R{Z_l} + g_p(Z_l) .* Vp_l
//   R{delta_L} = scale * H_z R{Z_L}   (MSE: I; BCE: sigma (1 - sigma); softmax: diag(p) - p p^T;
//                                      L1: 0, its Hessian almost everywhere)
//   R{grad W_l} = R{delta_l} A_{l-1}^T + delta_l R{A_{l-1}}^T,  R{grad b_l} = R{delta_l} 1
//   with E = W_l^T delta_l and R{E} = V_l^T delta_l + W_l^T R{delta_l}:
//   R{delta_{l-1}} = (g''(Z) .* R{Z} + g_zp(Z) .* Vp) .* E + g'(Z) .* R{E}
//   R{grad p_{l-1}} = rowsum(R{E} .* g_p(Z) + E .* (g_zp(Z) .* R{Z} + g_pp(Z) .* Vp))
// (V_l, Vb_l, Vp_l: the parts of v at W_l, b_l and the activation parameters.)
#include <vector>

#include "nn/loss.hpp"
#include "nn/network.hpp"

namespace optim::nn {

template <class S>
class HessianVectorPass {
 public:
  // Adds scale * (the Hessian of the loss sum over the columns of x, targets t) times v into *hv;
  // returns the loss sum. Buffers grow to the largest x seen and are then reused (no heap
  // allocation after the first call of a size); the products run through nn/gemm.hpp, so the
  // result is the same for any thread count of the current run context.
  S accumulate(const Network<S>& net, const Vec<S>& params, const Eigen::Ref<const Mat<S>>& x,
               const BatchTargets<S>& t, const Vec<S>& v, S scale, Vec<S>& hv);

 private:
  void reserve(const Network<S>& net, Index cols);
  std::vector<Mat<S>> z_, a_, rz_, ra_, d_, rd_;
  Mat<S> e_, re_, scratch_;  // W^T delta, its R, and a product to add
  Vec<S> wbuf_;              // one layer's weight-shaped product
  Index cap_ = 0;
};

}  // namespace optim::nn
