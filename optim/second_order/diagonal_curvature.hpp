#pragma once
// A capability of an objective: the diagonal of a positive-semidefinite curvature matrix that
// stands in for the Hessian, the Gauss-Newton matrix G = sum_i J_i' H_i J_i (seed 003,
// "Gauss-Newton's cheaper relatives": its diagonal as a preconditioner). A network's loss provides
// it (nn::MlpObjective); diag-newton (diag_newton.hpp) uses it.
#include "optim/types.hpp"

namespace optim {

template <class S>
class DiagonalCurvatureProvider {
 public:
  virtual ~DiagonalCurvatureProvider() = default;
  // Writes diag(G(x)) into *d (pre-sized to dim()); every entry is >= 0.
  virtual void curvature_diagonal(const Vec<S>& x, Vec<S>* d) = 0;
};

}  // namespace optim
