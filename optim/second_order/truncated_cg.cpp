#include "optim/second_order/truncated_cg.hpp"

#include <algorithm>
#include <cmath>

namespace optim {

const char* to_string(TruncatedCgExit e) {
  switch (e) {
    case TruncatedCgExit::Converged:
      return "converged";
    case TruncatedCgExit::NegativeCurvature:
      return "negative_curvature";
    case TruncatedCgExit::Boundary:
      return "boundary";
    case TruncatedCgExit::MaxIterations:
      return "max_iterations";
  }
  return "unknown";
}

template <class S>
S boundary_step(const Vec<S>& z, const Vec<S>& d, S delta) {
  const S dd = d.squaredNorm();
  if (!(dd > 0)) return S(0);
  const S zd = z.dot(d);
  const S c = z.squaredNorm() - delta * delta;  // <= 0 inside the ball
  const S sq = std::sqrt(std::max(S(0), zd * zd - dd * c));
  // Roots (-zd +- sq) / dd; the larger one without cancellation when zd > 0.
  return zd > 0 ? -c / (zd + sq) : (sq - zd) / dd;
}

template <class S>
void TruncatedCg<S>::resize(Index n) {
  r_.resize(n);
  d_.resize(n);
  bd_.resize(n);
}

template <class S>
TruncatedCgResult<S> TruncatedCg<S>::solve(LinearOperator<S>& b, const Vec<S>& g, S delta, S tol,
                                           Index max_iter, Vec<S>& p) {
  const Index n = g.size();
  if (r_.size() != n) resize(n);  // a caller that sized the workspace never gets here in a loop
  if (max_iter <= 0) max_iter = n;
  const bool radius = std::isfinite(static_cast<double>(delta));
  TruncatedCgResult<S> res;
  p.setZero();
  r_ = g;  // r_0 = B z_0 + g with z_0 = 0
  d_ = -r_;
  S rr = r_.squaredNorm();
  if (std::sqrt(rr) <= tol) return res;  // p = 0: the gradient already passes the test
  // m(z + t d) - m(z) = t r'd + t^2 d'Bd / 2 (r = Bz + g), the model's change along d.
  auto model_change = [](S t, S rd, S dbd) { return t * rd + S(0.5) * t * t * dbd; };
  res.exit = TruncatedCgExit::MaxIterations;
  for (Index j = 0; j < max_iter; ++j) {
    b.apply(d_, bd_);
    res.iterations = j + 1;
    const S dbd = d_.dot(bd_);
    const S rd = r_.dot(d_);  // = -r'r in exact arithmetic; the dot keeps m exact to rounding
    if (!(dbd > 0)) {         // negative (or zero, or NaN) curvature along d
      res.exit = TruncatedCgExit::NegativeCurvature;
      if (radius) {
        // N&W Alg. 7.2: the boundary point z + tau d of lower model value. Both roots of
        // |z + tau d| = Delta: tau+ >= 0 and tau- = (|z|^2 - Delta^2) / (|d|^2 tau+) <= 0.
        const S tp = boundary_step<S>(p, d_, delta);
        const S c = p.squaredNorm() - delta * delta;
        const S tm = tp > 0 ? c / (d_.squaredNorm() * tp) : S(0);
        const S mp = model_change(tp, rd, dbd), mm = model_change(tm, rd, dbd);
        const S tau = mm < mp ? tm : tp;
        p.noalias() += tau * d_;
        res.model += std::min(mp, mm);
        res.on_boundary = true;
      } else if (j == 0) {
        p = d_;  // N&W Alg. 7.1: p = -g when the first direction has negative curvature
        res.model += model_change(S(1), rd, dbd);
      }  // else N&W Alg. 7.1: p = z_j, the last iterate (a descent direction)
      break;
    }
    const S alpha = rr / dbd;
    if (radius) {
      // |z + alpha d|^2 from dots, so that the point is formed only once it is known to be kept.
      const S zz = p.squaredNorm(), zd = p.dot(d_), dd = d_.squaredNorm();
      if (zz + S(2) * alpha * zd + alpha * alpha * dd >= delta * delta) {
        const S tau = boundary_step<S>(p, d_, delta);
        p.noalias() += tau * d_;
        res.model += model_change(tau, rd, dbd);
        res.exit = TruncatedCgExit::Boundary;
        res.on_boundary = true;
        break;
      }
    }
    p.noalias() += alpha * d_;
    res.model += model_change(alpha, rd, dbd);
    r_.noalias() += alpha * bd_;
    const S rr_new = r_.squaredNorm();
    if (std::sqrt(rr_new) <= tol) {
      res.exit = TruncatedCgExit::Converged;
      break;
    }
    d_ = -r_ + (rr_new / rr) * d_;  // beta = r'r_new / r'r (N&W eq. 5.24d)
    rr = rr_new;
  }
  res.step_norm = p.norm();
  return res;
}

template float boundary_step<float>(const Vec<float>&, const Vec<float>&, float);
template double boundary_step<double>(const Vec<double>&, const Vec<double>&, double);
template class TruncatedCg<float>;
template class TruncatedCg<double>;

}  // namespace optim
