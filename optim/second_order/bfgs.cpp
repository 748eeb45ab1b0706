#include "optim/second_order/bfgs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/line_search/factory.hpp"
#include "optim/params.hpp"
#include "optim/second_order/first_step.hpp"
#include "optim/second_order/two_metric.hpp"

namespace optim {

template <class S>
void bfgs_inverse_update(Mat<S>& h, const Vec<S>& s, const Vec<S>& y, Vec<S>& hy) {
  const S rho = S(1) / y.dot(s);
  hy.noalias() = h * y;
  const S c = rho * rho * y.dot(hy) + rho;
  // Column by column (column-major): h(:, j) += c s s_j - rho (hy s_j + s hy_j).
  for (Index j = 0; j < h.cols(); ++j) {
    h.col(j) += (c * s[j] - rho * hy[j]) * s - (rho * s[j]) * hy;
  }
}

const settings::FieldTable<BfgsParams>& bfgs_fields() {
  using namespace settings;
  using P = BfgsParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "bfgs";
    t.embed(&P::line_search, line_search_fields(false));
    t.fields.push_back(real("curvature_eps", &P::curvature_eps,
                            "skip the update when s'y <= eps |s||y|", Range::at_least(0)));
    t.fields.push_back(real("active_eps", &P::active_eps,
                            "on a box: variables within min(eps, |P(x - g) - x|) of a bound that "
                            "g points out of are held (Bertsekas 1982); absolute, keep it below "
                            "any free solution coordinate's distance to its bound",
                            Range::positive()));
    t.rules.push_back([](const P& p, const std::string& o) {
      if (p.line_search.kind == LineSearchKind::None) {
        throw std::invalid_argument("invalid " + o +
                                    " line_search 'none': BFGS needs a line search");
      }
    });
    return t;
  }();
  return table;
}

void BfgsParams::validate() const {
  bfgs_fields().validate(*this);
}

namespace {

template <class S>
class BfgsState final : public MethodState<S> {
 public:
  BfgsState(const BfgsParams& p, std::unique_ptr<LineSearch<S>> ls, Index n, const Bounds<S>* box)
      : p_(p),
        ls_(std::move(ls)),
        box_(box),
        two_metric_(box ? n : 0, p.active_eps),
        h_(Mat<S>::Identity(n, n)),
        d_(n),
        s_(n),
        y_(n),
        hy_(n) {
    ls_->resize(n);
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    if (box_) return bounded_step(eval, cur, next);
    d_.noalias() = h_ * cur.g;  // then negate in place: -(H g) as one expression allocates
    d_ = -d_;
    bool fresh = updates_ == 0;
    if (!(cur.g.dot(d_) < 0)) reset(cur.g, fresh);  // H lost positive definiteness: restart
    auto res = ls_->search(eval, cur, d_, fresh ? identity_first_step(cur.g) : S(1), next);
    if (!res.ok && !fresh) {
      // Reset to steepest descent and retry once (as L-BFGS does): a stale curvature model can give
      // a direction along which no step is acceptable.
      reset(cur.g, fresh);
      res = ls_->search(eval, cur, d_, identity_first_step(cur.g), next);
    }
    if (!res.ok) return {Status::LineSearchFailed, 0, "bfgs: " + res.message};
    update(cur, next);
    return {Status::Running, static_cast<double>(res.alpha), {}};
  }

  // Checkpoints: the inverse-Hessian approximation and its update count (d, s, y are scratch).
  void archive(StateArchive& a) override {
    a.field("h", h_);
    a.scalar("updates", updates_);
  }

 private:
  // The pair (s, y) of the step cur -> next, unless it fails the curvature test.
  void update(const Iterate<S>& cur, const Iterate<S>& next) {
    s_ = next.x - cur.x;
    y_ = next.g - cur.g;
    apply_pair();
  }
  // N&W eq. 6.17 with the pair in s_, y_, unless it fails the curvature test.
  void apply_pair() {
    const S sy = s_.dot(y_);
    const S eps = std::max(static_cast<S>(p_.curvature_eps), std::numeric_limits<S>::epsilon());
    if (sy > eps * s_.norm() * y_.norm()) {
      if (updates_ == 0) h_ *= sy / y_.squaredNorm();  // N&W eq. 6.20, before the first update
      bfgs_inverse_update<S>(h_, s_, y_, hy_);
      ++updates_;
    }
  }

  // On a box: Bertsekas' two-metric projection (optim/second_order/two_metric.hpp) with the
  // inverse matrix as the metric. D is H restricted to the free variables, D_FF = H_FF (a
  // principal submatrix of a positive definite matrix, whose eigenvalues lie within H's by
  // Cauchy interlacing, so the uniform bounds Bertsekas' theorem asks of D hold as long as they
  // hold for H), and the diagonal H_ii on the epsilon-active ones:
  //   d_F = -H_FF g_F,  d_i = -H_ii g_i  (i in I+),
  // then the projected Armijo arc search along P(x + a d). The pair of the accepted step updates
  // H (N&W eq. 6.17, skipped when s'y is too small: the arc search does not enforce the
  // curvature condition) with the epsilon-active components of s and y dropped: the secant
  // equation then holds on the free subspace, H_FF y_F = s_F, so H_FF learns the inverse of the
  // reduced Hessian B_FF rather than the free block of B^-1, which a coupled problem can make far
  // larger (Rosenbrock held at x1 = 1.2: (B^-1)_22 = 2.9 against 1 / B_22 = 1/200). A failed
  // search resets H to the identity and retries once, as the unbounded path does.
  StepReport bounded_step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool fresh = updates_ == 0;
      two_metric_.classify(*box_, cur.x, cur.g);
      // d = -H (g with its active entries zeroed) on the free variables: (H g_F)_F = H_FF g_F.
      s_ = cur.g;  // s_ and y_ are scratch until update()
      for (Index i = 0; i < s_.size(); ++i) {
        if (two_metric_.active(i)) s_[i] = 0;
      }
      d_.noalias() = h_ * s_;
      for (Index i = 0; i < d_.size(); ++i) {
        d_[i] = two_metric_.active(i) ? -h_(i, i) * cur.g[i] : -d_[i];
      }
      if (fresh) d_ *= identity_first_step(cur.g);
      const auto res = two_metric_.search(eval, *box_, cur, d_, next);
      if (res.ok) {
        s_ = next.x - cur.x;
        y_ = next.g - cur.g;
        for (Index i = 0; i < s_.size(); ++i) {
          if (two_metric_.active(i)) s_[i] = y_[i] = 0;
        }
        apply_pair();
        return {Status::Running, static_cast<double>(res.alpha), {}};
      }
      if (fresh) return {Status::LineSearchFailed, 0, "bfgs: " + res.message};
      h_.setIdentity();  // a stale metric: retry from the scaled projected gradient
      updates_ = 0;
    }
    return {Status::LineSearchFailed, 0, "bfgs: the arc search failed after the reset"};
  }

  void reset(const Vec<S>& g, bool& fresh) {
    h_.setIdentity();
    updates_ = 0;
    d_ = -g;
    fresh = true;
  }
  BfgsParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
  const Bounds<S>* box_;  // the run's box, null without one
  TwoMetricProjection<S> two_metric_;
  Mat<S> h_;
  Vec<S> d_, s_, y_, hy_;
  Index updates_ = 0;
};

}  // namespace

template <class S>
Bfgs<S>::Bfgs(BfgsParams p) : p_(std::move(p)) {
  p_.validate();
  ls_ = make_line_search<S>(p_.line_search);
}

template <class S>
Bfgs<S>::Bfgs(BfgsParams p, std::unique_ptr<LineSearch<S>> line_search)
    : p_(std::move(p)), ls_(std::move(line_search)) {
  p_.line_search.kind = LineSearchKind::MoreThuente;  // p's own search is not used
  p_.validate();
  if (!ls_) throw std::invalid_argument("bfgs: the line search object is null");
}

template <class S>
std::unique_ptr<MethodState<S>> Bfgs<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  return std::make_unique<BfgsState<S>>(p_, ls_->clone(), eval.dim(), eval.bounds());
}

template void bfgs_inverse_update<float>(Mat<float>&, const Vec<float>&, const Vec<float>&,
                                         Vec<float>&);
template void bfgs_inverse_update<double>(Mat<double>&, const Vec<double>&, const Vec<double>&,
                                          Vec<double>&);
template class Bfgs<float>;
template class Bfgs<double>;

}  // namespace optim
