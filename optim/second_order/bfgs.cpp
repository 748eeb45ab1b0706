#include "optim/second_order/bfgs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/line_search/factory.hpp"
#include "optim/params.hpp"

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
  BfgsState(const BfgsParams& p, std::unique_ptr<LineSearch<S>> ls, Index n)
      : p_(p), ls_(std::move(ls)), h_(Mat<S>::Identity(n, n)), d_(n), s_(n), y_(n), hy_(n) {
    ls_->resize(n);
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    d_.noalias() = h_ * cur.g;  // then negate in place: -(H g) as one expression allocates
    d_ = -d_;
    bool fresh = updates_ == 0;
    if (!(cur.g.dot(d_) < 0)) reset(cur.g, fresh);  // H lost positive definiteness: restart
    auto res = ls_->search(eval, cur, d_, fresh ? first_step(cur.g) : S(1), next);
    if (!res.ok && !fresh) {
      // Reset to steepest descent and retry once (as L-BFGS does): a stale curvature model can give
      // a direction along which no step is acceptable.
      reset(cur.g, fresh);
      res = ls_->search(eval, cur, d_, first_step(cur.g), next);
    }
    if (!res.ok) return {Status::LineSearchFailed, 0, "bfgs: " + res.message};
    s_ = next.x - cur.x;
    y_ = next.g - cur.g;
    const S sy = s_.dot(y_);
    const S eps = std::max(static_cast<S>(p_.curvature_eps), std::numeric_limits<S>::epsilon());
    if (sy > eps * s_.norm() * y_.norm()) {
      if (updates_ == 0) h_ *= sy / y_.squaredNorm();  // N&W eq. 6.20, before the first update
      bfgs_inverse_update<S>(h_, s_, y_, hy_);
      ++updates_;
    }
    return {Status::Running, static_cast<double>(res.alpha), {}};
  }

  // Checkpoints: the inverse-Hessian approximation and its update count (d, s, y are scratch).
  void archive(StateArchive& a) override {
    a.field("h", h_);
    a.scalar("updates", updates_);
  }

 private:
  void reset(const Vec<S>& g, bool& fresh) {
    h_.setIdentity();
    updates_ = 0;
    d_ = -g;
    fresh = true;
  }
  // With H = I the first trial moves at most 1 along each axis.
  static S first_step(const Vec<S>& g) { return S(1) / std::max(S(1), g.cwiseAbs().maxCoeff()); }

  BfgsParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
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
  return std::make_unique<BfgsState<S>>(p_, ls_->clone(), eval.dim());
}

template void bfgs_inverse_update<float>(Mat<float>&, const Vec<float>&, const Vec<float>&,
                                         Vec<float>&);
template void bfgs_inverse_update<double>(Mat<double>&, const Vec<double>&, const Vec<double>&,
                                          Vec<double>&);
template class Bfgs<float>;
template class Bfgs<double>;

}  // namespace optim
