#include "optim/second_order/dfp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/line_search/factory.hpp"
#include "optim/params.hpp"
#include "optim/second_order/first_step.hpp"

namespace optim {

template <class S>
void dfp_inverse_update(Mat<S>& h, const Vec<S>& s, const Vec<S>& y, Vec<S>& hy) {
  hy.noalias() = h * y;
  const S yhy = y.dot(hy);
  const S ys = y.dot(s);
  // Column by column (column-major): h(:, j) += s s_j / y's - hy hy_j / y'Hy.
  for (Index j = 0; j < h.cols(); ++j) {
    h.col(j) += (s[j] / ys) * s - (hy[j] / yhy) * hy;
  }
}

const settings::FieldTable<DfpParams>& dfp_fields() {
  using namespace settings;
  using P = DfpParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "dfp";
    t.embed(&P::line_search, line_search_fields(false));
    t.fields.push_back(real("curvature_eps", &P::curvature_eps,
                            "skip the update when s'y <= eps |s||y|", Range::at_least(0)));
    return t;
  }();
  return table;
}

void DfpParams::validate() const {
  dfp_fields().validate(*this);
}

namespace {

template <class S>
class DfpState final : public MethodState<S> {
 public:
  DfpState(const DfpParams& p, std::unique_ptr<LineSearch<S>> ls, Index n)
      : p_(p), ls_(std::move(ls)), h_(Mat<S>::Identity(n, n)), d_(n), s_(n), y_(n), hy_(n) {
    ls_->resize(n);
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    d_.noalias() = h_ * cur.g;
    d_ = -d_;
    bool fresh = updates_ == 0;
    if (!(cur.g.dot(d_) < 0)) reset(cur.g, fresh);  // H lost positive definiteness (rounding)
    auto res = ls_->search(eval, cur, d_, fresh ? identity_first_step(cur.g) : S(1), next);
    if (!res.ok && !fresh) {  // a stale H: steepest descent once, as bfgs does
      reset(cur.g, fresh);
      res = ls_->search(eval, cur, d_, identity_first_step(cur.g), next);
    }
    if (!res.ok) return {Status::LineSearchFailed, 0, "dfp: " + res.message};
    s_ = next.x - cur.x;
    y_ = next.g - cur.g;
    const S sy = s_.dot(y_);
    const S eps = std::max(static_cast<S>(p_.curvature_eps), std::numeric_limits<S>::epsilon());
    if (sy > eps * s_.norm() * y_.norm()) {
      if (updates_ == 0) h_ *= sy / y_.squaredNorm();  // N&W eq. 6.20
      dfp_inverse_update<S>(h_, s_, y_, hy_);
      ++updates_;
    }
    return {Status::Running, static_cast<double>(res.alpha), {}};
  }

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
  DfpParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
  Mat<S> h_;
  Vec<S> d_, s_, y_, hy_;
  Index updates_ = 0;
};

}  // namespace

template <class S>
Dfp<S>::Dfp(DfpParams p) : p_(std::move(p)) {
  p_.validate();
  ls_ = make_line_search<S>(p_.line_search);
}

template <class S>
std::unique_ptr<MethodState<S>> Dfp<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  return std::make_unique<DfpState<S>>(p_, ls_->clone(), eval.dim());
}

template void dfp_inverse_update<float>(Mat<float>&, const Vec<float>&, const Vec<float>&,
                                        Vec<float>&);
template void dfp_inverse_update<double>(Mat<double>&, const Vec<double>&, const Vec<double>&,
                                         Vec<double>&);
template class Dfp<float>;
template class Dfp<double>;

}  // namespace optim
