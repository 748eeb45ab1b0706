#include "optim/second_order/diag_newton.hpp"

#include <stdexcept>

#include "optim/second_order/diagonal_curvature.hpp"

namespace optim {

const settings::FieldTable<DiagNewtonParams>& diag_newton_fields() {
  using namespace settings;
  using P = DiagNewtonParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        real("lr", &P::lr, "learning rate eta", Range::positive()),
        real("damping", &P::damping, "added to the Gauss-Newton diagonal: g / (diag + damping)",
             Range::positive()),
    };
    t.embed(&P::line_search, line_search_fields(true));
    return t;
  }();
  return table;
}

void DiagNewtonParams::validate() const {
  diag_newton_fields().validate(*this);
}

namespace {

template <class S>
class DiagNewtonState final : public MethodState<S> {
 public:
  DiagNewtonState(const DiagNewtonParams& p, DiagonalCurvatureProvider<S>& c,
                  std::unique_ptr<LineSearch<S>> ls, Index n)
      : p_(p), curv_(c), ls_(std::move(ls)), diag_(n), d_(n) {
    if (ls_) ls_->resize(n);
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    curv_.curvature_diagonal(cur.x, &diag_);
    const S lr = static_cast<S>(p_.lr), damping = static_cast<S>(p_.damping);
    d_ = -(cur.g.array() / (diag_.array() + damping)).matrix();
    if (!ls_) {  // line_search=none: x - lr g / (diag + damping)
      next.x = cur.x + lr * d_;
      next.f = eval.value_gradient(next.x, next.g);
      next.exact = true;
      return {Status::Running, p_.lr, {}};
    }
    const LineSearchResult<S> r = ls_->search(eval, cur, d_, lr, next);
    if (!r.ok) {
      return {Status::LineSearchFailed, 0, "diag-newton: line search failed: " + r.message};
    }
    next.exact = true;
    return {Status::Running, static_cast<double>(r.alpha), {}};
  }

  // Nothing carries from one step to the next: the diagonal is recomputed at every iterate, and
  // the line searches keep nothing between searches.
  void archive(StateArchive& /*a*/) override {}

 private:
  DiagNewtonParams p_;
  DiagonalCurvatureProvider<S>& curv_;
  std::unique_ptr<LineSearch<S>> ls_;
  Vec<S> diag_, d_;
};

}  // namespace

template <class S>
DiagNewton<S>::DiagNewton(DiagNewtonParams p) : p_(p) {
  p_.validate();
  line_search_ = make_line_search<S>(p_.line_search);
}

template <class S>
std::unique_ptr<MethodState<S>> DiagNewton<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  auto* c = dynamic_cast<DiagonalCurvatureProvider<S>*>(&eval.objective());
  if (c == nullptr) {
    throw std::invalid_argument(
        "diag-newton needs the diagonal of a Gauss-Newton matrix, which this objective does not "
        "provide (a network's loss does: optim train --method diag-newton --batch-size 0)");
  }
  return std::make_unique<DiagNewtonState<S>>(
      p_, *c, line_search_ ? line_search_->clone() : nullptr, eval.dim());
}

template class DiagNewton<float>;
template class DiagNewton<double>;

}  // namespace optim
