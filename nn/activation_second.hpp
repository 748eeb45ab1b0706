#pragma once
// Second derivatives of the hidden activations g(z; p) (activation.hpp), which the exact
// Hessian-vector product of a network needs (Pearlmutter 1994, nn/hessian_vector.hpp):
//   zz = d2g/dz2, zp = d2g/dz dp, pp = d2g/dp2  (zp and pp are 0 without a parameter).
// Piecewise-linear units (ReLU, leaky / parametric ReLU, absolute value) have zz = 0 wherever
// they are differentiable; for PReLU zp = 1 for z < 0 (d/dz of alpha min{0, z}), else 0, matching
// the convention g'(0) = 1 of activate_dz.
#include "nn/activation.hpp"

namespace optim::nn {

template <class S>
struct SecondDerivatives {
  S zz = 0, zp = 0, pp = 0;
};

template <class S>
SecondDerivatives<S> activate_d2(Activation a, S z, S p);

}  // namespace optim::nn
