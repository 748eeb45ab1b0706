#pragma once
// The diagonal of the Gauss-Newton matrix of a network's mean loss (seed 003, "Gauss-Newton's
// cheaper relatives"; Schraudolph 2002, "Fast curvature matrix-vector products", sec. 3):
//     G = (1/N) sum_i J_i' H_i J_i,
// J_i the Jacobian of sample i's logits with respect to the parameters and H_i the Hessian of its
// loss with respect to the logits: I for MSE (L = |z - y|^2 / 2), diag(s (1 - s)) for sigmoid +
// binary CE, diag(p) - p p' for softmax CE (the Fisher information of the predictive
// distribution: for these matching losses G equals the Fisher matrix, Martens 2014 sec. 9.2), 0
// for L1 (piecewise linear). With a factor H_i = L_i L_i' (softmax: column c of L is
// sqrt(p_c) (e_c - p), since sum_c p_c (e_c - p)(e_c - p)' = diag(p) - p p'),
//     diag G = (1/N) sum_i sum_c (J_i' L_ic)^2,
// and J_i' L_ic is one backward pass of sample i with L_ic as the output error term. Cost: N
// forward and N K backward passes of one sample (K outputs); exact, no sampling.
#include "nn/dataset.hpp"
#include "nn/network.hpp"

namespace optim::nn {

// Buffers of one computation, sized on first use and kept by the caller (so that repeated calls,
// one per iteration of diag-newton, allocate nothing).
template <class S>
struct GaussNewtonDiagonalWork {
  Vec<double> acc;  // the sum, in double: a float sum of N K squares loses digits
  Vec<S> grad;      // one backward pass
  Vec<S> p, col;    // softmax probabilities, one column of L_i
};

// Writes diag G(params) over the samples of `data` into `diag` (sized num_params()).
template <class S>
void gauss_newton_diagonal(Network<S>& net, const Vec<S>& params, const Dataset<S>& data,
                           Vec<S>& diag, GaussNewtonDiagonalWork<S>& work);

}  // namespace optim::nn
