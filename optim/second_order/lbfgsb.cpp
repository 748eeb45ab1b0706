#include "optim/second_order/lbfgsb.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/line_search/more_thuente.hpp"
#include "optim/second_order/cauchy_point.hpp"
#include "optim/second_order/compact_lbfgs.hpp"

namespace optim {

LineSearchSettings lbfgsb_line_search() {
  LineSearchSettings s;
  s.kind = LineSearchKind::MoreThuente;
  s.more_thuente.c1 = 1e-3;
  s.armijo.c1 = 1e-3;  // c1 by name sets both; keep them equal so the table reads back
  s.more_thuente.c2 = 0.9;
  s.more_thuente.xtol = 0.1;
  return s;
}

const settings::FieldTable<LbfgsbParams>& lbfgsb_fields() {
  using namespace settings;
  using P = LbfgsbParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "lbfgsb";
    t.fields = {integer("m", &P::m, "number of stored pairs",
                        Range::at_least(1).because("the number of pairs"))};
    // The line-search keys of lbfgs that concern More-Thuente (c1, c2, mt_*): the search is
    // fixed, since only it takes the per-iteration largest step.
    t.embed(&P::line_search, line_search_fields(false));
    std::erase_if(t.fields, [](const Field<P>& f) {
      return f.name == "line_search" || f.name.starts_with("armijo_") ||
             f.name.starts_with("exact_");
    });
    t.fields.push_back(real("curvature_eps", &P::curvature_eps, "skip pairs with s'y <= eps y'y",
                            Range::at_least(0)));
    t.rules.push_back([](const P& p, const std::string& o) {
      if (p.line_search.kind != LineSearchKind::MoreThuente) {
        throw std::invalid_argument("invalid " + o +
                                    " line_search: L-BFGS-B needs more_thuente (its largest "
                                    "step is set to the largest feasible step of each iteration)");
      }
    });
    return t;
  }();
  return table;
}

void LbfgsbParams::validate() const {
  lbfgsb_fields().validate(*this);
}

namespace {

template <class S>
class LbfgsbState final : public MethodState<S> {
 public:
  LbfgsbState(const LbfgsbParams& p, const Bounds<S>* box, Index n, Index m)
      : box_(box != nullptr && box->constrains() ? box : nullptr),
        eps_(std::max(static_cast<S>(p.curvature_eps), std::numeric_limits<S>::epsilon())),
        b_(n, m),
        cauchy_(n, m),
        ls_(p.line_search.more_thuente),
        xcp_(n),
        xbar_(n),
        d_(n),
        r_(n),
        wv_(n),
        pd_(n),
        c_(Vec<S>::Zero(2 * m)),
        v_(Vec<S>::Zero(2 * m)),
        u_(Vec<S>::Zero(2 * m)),
        mc_(Vec<S>::Zero(2 * m)) {}

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    std::string why;
    for (int attempt = 0; attempt < 2; ++attempt) {
      const S gd = direction(cur);
      if (!(gd < 0)) {
        why = "no descent direction from the Cauchy point and subspace step (g'd = " +
              std::to_string(static_cast<double>(gd)) + ")";
      } else {
        // Largest step: the box's along d (>= 1 as x + d = xbar is in the box). On the first
        // iteration, as in the L-BFGS-B code, a constrained step is limited to 1 and an unboxed
        // one starts at 1 / |d|: d = x^c - x is then a gradient step of the unscaled model.
        double amax = static_cast<double>(amax_);
        S alpha0 = 1;
        if (first_) {
          if (box_) amax = std::min(amax, 1.0);
          if (!(box_ && box_->boxed())) {
            alpha0 = static_cast<S>(std::min<double>(1.0 / d_.norm(), amax));
          }
        }
        const auto res = ls_.search_limited(eval, cur, d_, gd, alpha0, amax, box_, next, &xbar_);
        if (res.ok) {
          first_ = false;
          // The next Cauchy point's slopes come with the update's sweep when this one's needed
          // a sweep of their own (the still set changes little from one iterate to the next).
          if (path_wanted_) {
            CauchyPoint<S>::path_direction(*box_, next.x, next.g, pd_);
            b_.update(cur.x, next.x, cur.g, next.g, eps_, &pd_);
          } else {
            b_.update(cur.x, next.x, cur.g, next.g, eps_);
          }
          return {Status::Running, static_cast<double>(res.alpha), {}};
        }
        why = res.message;
      }
      if (b_.pairs() == 0) break;
      b_.clear();  // a stale memory: retry from the projected steepest-descent path
    }
    return {Status::LineSearchFailed, 0, "lbfgsb: " + why + " (also after resetting the memory)"};
  }

  // Checkpoints: the compact memory and whether a step was taken (the Cauchy point, the subspace
  // step and the line search keep nothing between steps).
  void archive(StateArchive& a) override {
    a.scalar("first", first_);
    a.push("memory");
    b_.archive(a);
    a.pop();
  }

 private:
  // xbar (steps 1-3 of the header), d = xbar - x and the largest feasible step along d (amax_);
  // returns g'd. When the Cauchy point would fix no variable (always without a box), the
  // subspace step runs over every variable and gives the quasi-Newton point x - B^-1 g; kept when
  // it lies in the box, the Cauchy point is never formed (an inactive box then costs one
  // read-only pass over the box and the feasibility test of the place pass).
  S direction(const Iterate<S>& cur) {
    const Index k = b_.pairs();
    const Vec<S>& wg = b_.gradient_products(cur.g);  // W'g: formed by the last update
    amax_ = std::numeric_limits<S>::infinity();
    path_wanted_ = false;
    const bool whole = k > 0 && (!box_ || cauchy_.fixes_none(*box_, cur.x, cur.g, b_, wg));
    if (whole && subspace(cur.g, wg, true)) {
      S gd;
      if (place_whole(cur, gd)) return gd;
    }
    if (!box_) {  // k = 0: the model's minimiser for B = I; else a reduced system that failed
      xbar_ = cur.x;
      if (k == 0) xbar_ -= cur.g;
      d_.noalias() = xbar_ - cur.x;
      return cur.g.dot(d_);
    }
    cauchy_.compute(*box_, cur.x, cur.g, b_, wg, xcp_, c_);
    path_wanted_ = cauchy_.used_path_products();
    S gd;
    if (k > 0 && cauchy_.free_count() > 0 && subspace(cur.g, wg, false)) {
      gd = place(cur);
    } else {
      xbar_ = xcp_;
      d_.noalias() = xbar_ - cur.x;
      gd = cur.g.dot(d_);
      amax_ = box_->max_step(cur.x, d_);
    }
    return gd;
  }

  // Steps 2-3: the subspace step du from x^c over the free variables. False (xbar stays x^c)
  // when the reduced system is not numerically positive definite; else z is left in v_ with
  // du = (x - x^c) - g / theta + W z on the free variables (see below).
  // With all_free (no variable held, x^c not formed) the step is taken from x^c = x: c = 0.
  bool subspace(const Vec<S>& g, const Vec<S>& wg, bool all_free) {
    const S theta = b_.theta();
    const Index k2 = 2 * b_.pairs();
    // The model gradient at x^c is r = g + theta (x^c - x) - W M c with c = W'(x^c - x); the
    // reduced system needs W'ZZ'r. On the free rows x^c - x = -t g (they moved along the whole
    // path, d = -g), so
    //   W'ZZ'r = (1 - theta t) W'ZZ'g - W'ZZ'W M c,
    // from the reduced sums and W'ZZ'g, which the compact matrix keeps over the free set with
    // them (summed over the free rows: no pass over n here). With no variable held (x^c = x,
    // c = 0) it is W'g.
    if (all_free) {
      mc_.head(k2).setZero();
      if (!b_.factor_reduced(nullptr, 0, false)) return false;
      u_.head(k2) = wg.head(k2);
    } else {
      b_.m_times(c_, mc_);
      if (!b_.factor_free_set(cauchy_.active_flags(), cauchy_.free_count(), g)) return false;
      b_.reduced_wtw_times(mc_, v_);
      b_.reduced_gradient_products(u_);
      const S scale = S(1) - theta * cauchy_.path_time();
      u_.head(k2) = scale * u_.head(k2) - v_.head(k2);
    }
    b_.solve_reduced(u_, v_);
    // du = -B_Z^-1 r = -(1/theta) r - (1/theta^2) Z'W K^-1 W'Z r on the free rows; with r =
    // g + theta (x^c - x) - W M c it is (x - x^c) - g / theta + W z, z = M c / theta - K^-1 W'Z r /
    // theta^2: one product with W.
    v_.head(k2) = mc_.head(k2) / theta - v_.head(k2) / (theta * theta);
    b_.w_times(v_, wv_);
    return true;
  }

  // With a box: xbar = P(x^c + du) from the subspace step (du in r_, zero on the active rows), d =
  // xbar - x and the largest feasible step along d (amax_), in one pass; returns g'd.
  // Morales-Nocedal: the projected point is kept when it gives descent from x, else xbar = x^c + a
  // du with the largest feasible a <= 1 (BLNZ section 5.1).
  S place(const Iterate<S>& cur) {
    const S inv_theta = S(1) / b_.theta();
    const char* held = cauchy_.active_flags();
    const S *x = cur.x.data(), *g = cur.g.data(), *xc = xcp_.data(), *wz = wv_.data();
    S *du = r_.data(), *xb = xbar_.data(), *d = d_.data();
    S gd = 0, a = std::numeric_limits<S>::infinity();
    Index moved = 0;
    box_->for_each_run([&](Index begin, Index end, auto lo, auto hi) {
      for (Index i = begin; i < end; ++i) {
        S dui = 0, xbi = xc[i];
        if (held[i] == 0) {
          dui = (x[i] - xc[i]) - g[i] * inv_theta + wz[i];
          xbi = xc[i] + dui;
          const S p = std::min(std::max(xbi, lo[i]), hi[i]);
          moved += p != xbi;
          xbi = p;
        }
        du[i] = dui;
        xb[i] = xbi;
        const S di = xbi - x[i];
        d[i] = di;
        gd += g[i] * di;
        step_limit(di, lo[i] - x[i], hi[i] - x[i], a);
      }
      return true;
    });
    if (moved == 0 || gd <= 0) {
      amax_ = a;
      return gd;
    }
    const S back = std::min(S(1), box_->max_step(xcp_, r_));
    xbar_.noalias() = xcp_ + back * r_;
    box_->project(xbar_);
    d_.noalias() = xbar_ - cur.x;
    amax_ = box_->max_step(cur.x, d_);
    return cur.g.dot(d_);
  }

  // The subspace step over every variable from x^c = x: xbar = x + du, du = W z - g / theta (the
  // arithmetic of place() with x^c = x), d = xbar - x and g'd into gd, and with a box the
  // largest feasible step along d into amax_, in one pass. False when xbar leaves the box: the
  // Cauchy point and the projection then decide.
  bool place_whole(const Iterate<S>& cur, S& gd) {
    const Index n = cur.x.size();
    const S inv_theta = S(1) / b_.theta();
    const S *x = cur.x.data(), *g = cur.g.data(), *wz = wv_.data();
    S *xb = xbar_.data(), *d = d_.data();
    S sum = 0;
    if (!box_) {
      for (Index i = 0; i < n; ++i) {
        xb[i] = x[i] + (wz[i] - g[i] * inv_theta);
        d[i] = xb[i] - x[i];
        sum += g[i] * d[i];
      }
      gd = sum;
      return true;
    }
    S a = std::numeric_limits<S>::infinity();
    const bool inside = box_->for_each_run([&](Index begin, Index end, auto lo, auto hi) {
      for (Index i = begin; i < end; ++i) {
        const S xbi = x[i] + (wz[i] - g[i] * inv_theta);
        if (!(xbi >= lo[i] && xbi <= hi[i])) return false;
        const S di = xbi - x[i];
        xb[i] = xbi;
        d[i] = di;
        sum += g[i] * di;
        step_limit(di, lo[i] - x[i], hi[i] - x[i], a);
      }
      return true;
    });
    if (!inside) return false;
    gd = sum;
    amax_ = a;
    return true;
  }

  // a <- min(a, the largest step t with x_i + t d_i in [lo_i, hi_i]), from the rooms lo_i - x_i
  // and hi_i - x_i: Bounds::max_step's arithmetic, dividing only when the side is nearer than the
  // step found so far.
  static void step_limit(S di, S room_lo, S room_hi, S& a) {
    if (di > 0) {
      if (room_hi < a * di) a = std::max(S(0), room_hi / di);
    } else if (di < 0) {
      if (room_lo > a * di) a = std::max(S(0), room_lo / di);
    }
  }

  const Bounds<S>* box_;
  S eps_;
  bool first_ = true;         // no step taken yet
  S amax_ = 0;                // the largest feasible step along d_ (inf without a box)
  bool path_wanted_ = false;  // the next update forms the next Cauchy point's path products
  CompactLbfgs<S> b_;
  CauchyPoint<S> cauchy_;
  MoreThuenteLineSearch<S> ls_;
  Vec<S> xcp_, xbar_, d_, r_, wv_, pd_;  // length n
  Vec<S> c_, v_, u_, mc_;                // length 2m
};

}  // namespace

template <class S>
Lbfgsb<S>::Lbfgsb(LbfgsbParams p) : p_(std::move(p)) {
  p_.validate();
}

template <class S>
std::unique_ptr<MethodState<S>> Lbfgsb<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  // At most one pair per iteration: a run of `budget` iterations needs no more than that many.
  const Index budget = eval.iteration_budget();
  const Index m = budget > 0 ? std::min<Index>(p_.m, budget) : static_cast<Index>(p_.m);
  return std::make_unique<LbfgsbState<S>>(p_, eval.bounds(), eval.dim(), m);
}

template class Lbfgsb<float>;
template class Lbfgsb<double>;

}  // namespace optim
