#pragma once
// The small dense Cholesky factorisations of the compact L-BFGS matrix (k x k, k <= m): T of
// CompactLbfgs::refresh and P, Q of its reduced system, each formed in place in the leading
// k x k block of a preallocated m x m buffer (no allocation).
#include <cmath>

#include "optim/types.hpp"

namespace optim::small_cholesky {

// In-place Cholesky factorisation A = J J' of the leading k x k block of `a` (its lower triangle
// is read and overwritten by J; the strict upper triangle is not used). False when a pivot is
// not positive and finite: A is then not numerically positive definite.
template <class S>
bool cholesky(Mat<S>& a, Index k) {
  for (Index j = 0; j < k; ++j) {
    S djj = a(j, j);
    for (Index l = 0; l < j; ++l) djj -= a(j, l) * a(j, l);
    if (!(djj > 0) || !std::isfinite(djj)) return false;
    djj = std::sqrt(djj);
    a(j, j) = djj;
    for (Index i = j + 1; i < k; ++i) {
      S v = a(i, j);
      for (Index l = 0; l < j; ++l) v -= a(i, l) * a(j, l);
      a(i, j) = v / djj;
    }
  }
  return true;
}

// x <- J^-1 x, then (with both) x <- J'^-1 x: the solve with A = J J', on x[0..k).
template <class S>
void forward(const Mat<S>& j, Index k, S* x) {
  for (Index i = 0; i < k; ++i) {
    S v = x[i];
    for (Index l = 0; l < i; ++l) v -= j(i, l) * x[l];
    x[i] = v / j(i, i);
  }
}
template <class S>
void backward(const Mat<S>& j, Index k, S* x) {
  for (Index i = k - 1; i >= 0; --i) {
    S v = x[i];
    for (Index l = i + 1; l < k; ++l) v -= j(l, i) * x[l];
    x[i] = v / j(i, i);
  }
}
template <class S>
void cholesky_solve(const Mat<S>& j, Index k, S* x) {
  forward(j, k, x);
  backward(j, k, x);
}

}  // namespace optim::small_cholesky
