#include "optim/second_order/cauchy_point.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optim {

template <class S>
CauchyPoint<S>::CauchyPoint(Index n, Index m)
    : d_(n),
      t_(n),
      heap_(static_cast<std::size_t>(n)),
      at_bound_(static_cast<std::size_t>(n)),
      p_(Vec<S>::Zero(2 * m)),
      v_(Vec<S>::Zero(2 * m)),
      wb_(Vec<S>::Zero(2 * m)) {}

template <class S>
void CauchyPoint<S>::compute(const Bounds<S>& box, const Vec<S>& x, const Vec<S>& g,
                             CompactLbfgs<S>& b, const Vec<S>& wg, Vec<S>& xcp, Vec<S>& c) {
  const Index n = x.size(), k = b.pairs(), k2 = 2 * k;
  const S theta = b.theta();
  const Vec<S>& lower = box.lower();
  const Vec<S>& upper = box.upper();
  constexpr S inf = std::numeric_limits<S>::infinity();
  c.head(k2).setZero();
  tsum_ = 0;
  used_path_products_ = false;

  // The path direction d = -g, zero where x sits on a bound that -g points out of (BLNZ eq.
  // 4.2), and the breakpoints.
  S f1 = 0;      // f' = g'd = -d'd at t = 0
  S tmin = inf;  // the first breakpoint
  Index nbreak = 0, nstill = 0;
  n_active_ = 0;
  bool bounded = true;  // every moving variable reaches a bound eventually
  box.for_each_run([&](Index begin, Index end, auto lo, auto hi) {
    for (Index i = begin; i < end; ++i) {
      const S gi = g[i];
      xcp[i] = x[i];
      const bool at_lo = x[i] <= lo[i], at_hi = x[i] >= hi[i];
      if ((at_lo && gi >= 0) || (at_hi && gi <= 0) || gi == 0) {
        d_[i] = 0;
        at_bound_[i] = at_lo || at_hi;
        n_active_ += at_lo || at_hi;
        if (gi != 0) heap_[static_cast<std::size_t>(n - 1 - nstill++)] = i;
        continue;
      }
      at_bound_[i] = 0;
      d_[i] = -gi;
      f1 -= gi * gi;
      S t = inf;
      if (gi > 0 && lo[i] > -inf) {
        t = (x[i] - lo[i]) / gi;
      } else if (gi < 0 && hi[i] < inf) {
        t = (hi[i] - x[i]) / -gi;
      }
      t_[i] = t;
      if (t < inf) {
        heap_[static_cast<std::size_t>(nbreak++)] = i;
        tmin = std::min(tmin, t);
      } else {
        bounded = false;
      }
    }
    return true;
  });

  if (f1 < 0) {
    if (k > 0) initial_slopes(b, g, wg, nstill);
    S f2 = -theta * f1;
    const S f2_org = f2;
    if (k > 0) {
      b.m_times(p_, v_);
      f2 -= p_.head(k2).dot(v_.head(k2));
    }
    S dtm = -f1 / f2;
    S tsum = 0, tj = 0;
    // Min-heap on t: std heap functions with "greater" put the smallest breakpoint at the front.
    auto later = [this](Index a, Index bb) { return t_[a] > t_[bb]; };
    auto first = heap_.begin(), last = heap_.begin() + nbreak;
    // The first pop compares dtm with the first breakpoint: before it, nothing is sorted.
    Index nleft = dtm < tmin ? 0 : nbreak;
    if (nleft > 0) std::make_heap(first, last, later);
    bool all_fixed = false;
    while (nleft > 0) {
      std::pop_heap(first, first + nleft, later);
      const Index ib = *(first + nleft - 1);
      const S tj0 = tj;
      tj = t_[ib];
      const S dt = tj - tj0;
      if (dtm < dt) break;  // the model's minimiser lies on this segment
      // Fix variable ib at its bound and move on to the next segment.
      tsum += dt;
      --nleft;
      const S dib = d_[ib];
      d_[ib] = 0;
      S zib;
      if (dib > 0) {
        zib = upper[ib] - x[ib];
        xcp[ib] = upper[ib];
      } else {
        zib = lower[ib] - x[ib];
        xcp[ib] = lower[ib];
      }
      at_bound_[ib] = 1;
      ++n_active_;
      if (nleft == 0 && nbreak == n) {  // every variable is on a bound: x^c is that corner
        dtm = dt;
        all_fixed = true;
        break;
      }
      const S dib2 = dib * dib;
      f1 += dt * f2 + dib2 - theta * dib * zib;
      f2 -= theta * dib2;
      if (k > 0) {
        c.head(k2) += dt * p_.head(k2);
        b.w_row(ib, wb_);
        b.m_times(wb_, v_);
        const S wmc = c.head(k2).dot(v_.head(k2));
        const S wmp = p_.head(k2).dot(v_.head(k2));
        const S wmw = wb_.head(k2).dot(v_.head(k2));
        p_.head(k2) -= dib * wb_.head(k2);
        f1 += dib * wmc;
        f2 += S(2) * dib * wmp - dib2 * wmw;
      }
      f2 = std::max(std::numeric_limits<S>::epsilon() * f2_org, f2);
      if (nleft > 0) {
        dtm = -f1 / f2;
      } else if (bounded) {
        dtm = 0;
      } else {
        dtm = -f1 / f2;
      }
    }
    if (!all_fixed) {
      dtm = std::max(dtm, S(0));
      tsum += dtm;
    }
    tsum_ = tsum;
    if (k > 0) c.head(k2) += dtm * p_.head(k2);
    if (!all_fixed) {
      // The variables not fixed move along d by tsum (the fixed ones have d = 0); the projection
      // removes the rounding that could put one just past a bound whose breakpoint lies beyond
      // tsum.
      move(box, tsum, xcp);
    }
  }
  n_free_ = n - n_active_;
}

template <class S>
Index CauchyPoint<S>::path_direction(const Bounds<S>& box, const Vec<S>& x, const Vec<S>& g,
                                     Vec<S>& d) {
  const S *xp = x.data(), *gp = g.data();
  S* dp = d.data();
  Index still = 0;
  box.for_each_run([&](Index begin, Index end, auto lo, auto hi) {
    for (Index i = begin; i < end; ++i) {
      const S gi = gp[i];
      const bool held = (xp[i] <= lo[i] && gi >= 0) || (xp[i] >= hi[i] && gi <= 0) || gi == 0;
      still += held;
      dp[i] = held ? S(0) : -gi;
    }
    return true;
  });
  return still;
}

template <class S>
bool CauchyPoint<S>::fixes_none(const Bounds<S>& box, const Vec<S>& x, const Vec<S>& g,
                                CompactLbfgs<S>& b, const Vec<S>& wg) {
  const Index k2 = 2 * b.pairs();
  constexpr S inf = std::numeric_limits<S>::infinity();
  const S *xp = x.data(), *gp = g.data();
  S gg = 0, tmin = inf;
  const bool none_held = box.for_each_run([&](Index begin, Index end, auto lo, auto hi) {
    for (Index i = begin; i < end; ++i) {
      const S gi = gp[i], xi = xp[i];
      if ((xi <= lo[i] && gi >= 0) || (xi >= hi[i] && gi <= 0)) return false;  // held at x^c
      gg += gi * gi;
      // The breakpoint (x_i - l_i) / g_i or (x_i - u_i) / g_i (inf for an infinite side).
      const S t = gi > 0 ? (xi - lo[i]) / gi : gi < 0 ? (xi - hi[i]) / gi : inf;
      tmin = std::min(tmin, t);
    }
    return true;
  });
  if (!none_held) return false;
  if (!(gg > 0)) return false;
  // f'' = theta g'g - p'M p with p = W'd = -W'g (eq. 4.8 at t = 0).
  S f2 = b.theta() * gg;
  if (k2 > 0) {
    b.m_times(wg, v_);
    f2 -= wg.head(k2).dot(v_.head(k2));
  }
  return f2 > 0 && gg / f2 < tmin;
}

template <class S>
void CauchyPoint<S>::move(const Bounds<S>& box, S tsum, Vec<S>& xcp) {
  S* xc = xcp.data();
  box.for_each_run([&](Index begin, Index end, auto lo, auto hi) {
    for (Index i = begin; i < end; ++i) {
      xc[i] = std::min(std::max(xc[i] + tsum * d_[i], lo[i]), hi[i]);
    }
    return true;
  });
}

template <class S>
void CauchyPoint<S>::initial_slopes(CompactLbfgs<S>& b, const Vec<S>& g, const Vec<S>& wg,
                                    Index nstill) {
  const Index n = g.size(), k2 = 2 * b.pairs();
  // p = W'd = sum over the moving rows of w_i (-g_i) = -W'g + sum over the still rows of w_i g_i.
  // Gathering a row of W costs a cache line per column: worth it for few rows only.
  if (nstill > n / 8) {
    p_.head(k2) = b.path_products(d_).head(k2);
    used_path_products_ = true;
    return;
  }
  p_.head(k2) = -wg.head(k2);
  for (Index r = 0; r < nstill; ++r) {
    const Index i = heap_[static_cast<std::size_t>(n - 1 - r)];
    b.w_row(i, wb_);
    p_.head(k2) += g[i] * wb_.head(k2);
  }
}

template class CauchyPoint<float>;
template class CauchyPoint<double>;

}  // namespace optim
