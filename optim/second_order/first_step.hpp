#pragma once
// The first trial step of a quasi-Newton method whose matrix is still the identity (at the start
// or after a reset): along d = -g, a = 1 / max(1, |g|_inf), so that the trial moves at most 1
// along each axis. Without a curvature estimate the unit step has no scale, and a large gradient
// would send the first trial arbitrarily far.
#include <algorithm>

#include "optim/types.hpp"

namespace optim {

template <class S>
S identity_first_step(const Vec<S>& g) {
  return S(1) / std::max(S(1), g.cwiseAbs().maxCoeff());
}

}  // namespace optim
