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
        c_(Vec<S>::Zero(2 * m)),
        v_(Vec<S>::Zero(2 * m)),
        u_(Vec<S>::Zero(2 * m)) {}

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
        double amax = box_ ? static_cast<double>(box_->max_step(cur.x, d_))
                           : std::numeric_limits<double>::infinity();
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
          b_.update(cur.x, next.x, cur.g, next.g, eps_);
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
  // xbar (steps 1-3 of the header), d = xbar - x; returns g'd.
  S direction(const Iterate<S>& cur) {
    const Index k = b_.pairs();
    if (box_) {
      cauchy_.compute(*box_, cur.x, cur.g, b_, xcp_, c_);
    } else if (k == 0) {
      xcp_.noalias() = cur.x - cur.g;  // the model's minimiser for B = I
    } else {
      xcp_ = cur.x;  // no bound to meet: the whole step is the subspace step
    }
    xbar_ = xcp_;
    if (k > 0 && (!box_ || cauchy_.free_count() > 0)) subspace(cur);
    d_.noalias() = xbar_ - cur.x;
    return cur.g.dot(d_);
  }

  // Steps 2-3: xbar from x^c over the free variables (left at x^c when the reduced system is
  // not numerically positive definite).
  void subspace(const Iterate<S>& cur) {
    const S theta = b_.theta();
    // r = Z'(g + theta (x^c - x) - W M c), c = W'(x^c - x): the model gradient at x^c.
    if (box_) {
      b_.m_times(c_, v_);
      b_.w_times(v_, wv_);
      r_.noalias() = cur.g + theta * (xcp_ - cur.x) - wv_;
      zero_active(r_);
    } else {
      r_ = cur.g;
    }
    const bool factored =
        !box_ ? b_.factor_reduced(nullptr, 0, false)
        : cauchy_.free_count() <= cauchy_.active_count()
            ? b_.factor_reduced(cauchy_.free_rows(), cauchy_.free_count(), true)
            : b_.factor_reduced(cauchy_.active_rows(), cauchy_.active_count(), false);
    if (!factored) return;
    // du = -B_Z^-1 r = -(1/theta) r - (1/theta^2) Z'W K^-1 W'Z r.
    b_.wt_times(r_, v_);
    b_.solve_reduced(v_, u_);
    b_.w_times(u_, wv_);
    // xbar = x^c + du, written into xbar in one pass; d_ holds du for the backtracking case.
    d_.noalias() = -(S(1) / theta) * r_ - (S(1) / (theta * theta)) * wv_;
    if (box_) zero_active(d_);
    xbar_.noalias() = xcp_ + d_;
    if (!box_ || !box_->project(xbar_)) return;
    // Morales-Nocedal: keep the projected point when it gives descent from x, else backtrack to
    // the largest feasible a <= 1 along du from x^c (BLNZ section 5.1).
    if ((xbar_ - cur.x).dot(cur.g) <= 0) return;
    const S a = std::min(S(1), box_->max_step(xcp_, d_));
    xbar_.noalias() = xcp_ + a * d_;
    box_->project(xbar_);
  }

  void zero_active(Vec<S>& v) const {
    const Index* rows = cauchy_.active_rows();
    for (Index j = 0; j < cauchy_.active_count(); ++j) v[rows[j]] = 0;
  }

  const Bounds<S>* box_;
  S eps_;
  bool first_ = true;  // no step taken yet
  CompactLbfgs<S> b_;
  CauchyPoint<S> cauchy_;
  MoreThuenteLineSearch<S> ls_;
  Vec<S> xcp_, xbar_, d_, r_, wv_;  // length n
  Vec<S> c_, v_, u_;                // length 2m
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
