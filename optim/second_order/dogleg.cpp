#include "optim/second_order/dogleg.hpp"

#include <algorithm>
#include <cmath>

#include "optim/second_order/truncated_cg.hpp"  // boundary_step

namespace optim {

template <class S>
Dogleg<S>::Dogleg(Index n) : shifted_(n, n), llt_(n), pb_(n), pu_(n), bp_(n) {}

template <class S>
void Dogleg<S>::prepare(const Mat<S>& b, const Vec<S>& g) {
  b_ = &b;
  g_ = &g;
  tau_ = 0;
  llt_.compute(b);
  pd_ = llt_.info() == Eigen::Success;
  if (!pd_ && b.allFinite()) {
    // N&W Algorithm 3.3 (as newton's identity_shift): B + tau I until Cholesky succeeds.
    constexpr double beta = 1e-3;
    const double min_diag = static_cast<double>(b.diagonal().minCoeff());
    double tau = min_diag > 0 ? beta : beta - min_diag;
    for (int k = 0; k < 100 && !pd_; ++k, tau *= 2) {
      shifted_ = b;
      shifted_.diagonal().array() += static_cast<S>(tau);
      llt_.compute(shifted_);
      pd_ = llt_.info() == Eigen::Success;
      if (pd_) {
        b_ = &shifted_;
        tau_ = tau;
      }
    }
  }
  bp_.noalias() = *b_ * g;
  gbg_ = g.dot(bp_);
  if (pd_) {
    pb_ = -g;
    llt_.solveInPlace(pb_);
    pd_ = pb_.allFinite() && gbg_ > 0;
    if (pd_) pu_ = (-g.squaredNorm() / gbg_) * g;
  }
}

template <class S>
DoglegStep<S> Dogleg<S>::solve(S delta, Vec<S>& p) {
  const Vec<S>& g = *g_;
  const S gnorm = g.norm();
  DoglegStep<S> out;
  if (gnorm == 0) {
    p.setZero();  // a stationary point: no direction to follow
    return out;
  }
  if (!pd_) {
    // N&W eq. 4.12, the Cauchy point (a g'Bg that is not a positive number: tau = 1).
    const S tau = !(gbg_ > 0) ? S(1) : std::min(gnorm * gnorm * gnorm / (delta * gbg_), S(1));
    p = (-tau * delta / gnorm) * g;
    out.cauchy = true;
    out.on_boundary = tau == S(1);
  } else if (pb_.norm() <= delta) {
    p = pb_;
  } else if (pu_.norm() >= delta) {
    p = (-delta / gnorm) * g;
    out.on_boundary = true;
  } else {
    bp_ = pb_ - pu_;  // bp_ is scratch here: the second leg's direction
    const S s = boundary_step<S>(pu_, bp_, delta);
    p = pu_ + s * bp_;
    out.on_boundary = true;
  }
  bp_.noalias() = *b_ * p;
  out.model = g.dot(p) + S(0.5) * p.dot(bp_);
  out.shift = tau_;
  out.step_norm = p.norm();
  return out;
}

template class Dogleg<float>;
template class Dogleg<double>;

}  // namespace optim
