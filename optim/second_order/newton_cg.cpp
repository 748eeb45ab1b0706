#include "optim/second_order/newton_cg.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/line_search/factory.hpp"
#include "optim/params.hpp"
#include "optim/second_order/truncated_cg.hpp"

namespace optim {

const settings::FieldTable<NewtonCgParams>& newton_cg_fields() {
  using namespace settings;
  using P = NewtonCgParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "newton-cg";
    t.fields = {
        choice("globalization", &P::globalization,
               {{"trust_region", Globalization::TrustRegion},
                {"line_search", Globalization::LineSearch}},
               "trust_region: Steihaug-Toint CG in a trust region (N&W Alg. 7.2); line_search: "
               "CG stopped at negative curvature, then a line search (N&W Alg. 7.1)"),
    };
    t.embed(&P::line_search, line_search_fields(false));
    t.embed(&P::trust, trust_region_fields());
    t.fields.push_back(
        integer("max_cg", &P::max_cg, "CG directions per Newton step (0: n)", Range::at_least(0)));
    return t;
  }();
  return table;
}

void NewtonCgParams::validate() const {
  newton_cg_fields().validate(*this);
}

namespace {

// B v = H(x) v through the run's evaluator (counted; exact or by differences of the gradient).
template <class S>
class HessianAt final : public LinearOperator<S> {
 public:
  HessianAt(Evaluator<S>& eval, const Vec<S>& x) : eval_(eval), x_(x) {}
  void apply(const Vec<S>& v, Vec<S>& out) override { eval_.hessian_vector(x_, v, out); }

 private:
  Evaluator<S>& eval_;
  const Vec<S>& x_;
};

template <class S>
class NewtonCgState final : public MethodState<S> {
 public:
  NewtonCgState(const NewtonCgParams& p, std::unique_ptr<LineSearch<S>> ls, Index n)
      : p_(p), ls_(std::move(ls)), cg_(n), step_(n), delta_(static_cast<S>(p.trust.delta0)) {
    ls_->resize(n);
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    const S gnorm = cur.g.norm();
    // The forcing term (N&W Alg. 7.1): |r| <= min(0.5, sqrt(|g|)) |g|.
    const S tol = std::min(S(0.5), std::sqrt(gnorm)) * gnorm;
    HessianAt<S> hess(eval, cur.x);
    if (p_.globalization == Globalization::LineSearch) {
      cg_.solve(hess, cur.g, std::numeric_limits<S>::infinity(), tol, p_.max_cg, step_);
      const auto res = ls_->search(eval, cur, step_, S(1), next);
      if (!res.ok) return {Status::LineSearchFailed, 0, "newton-cg: " + res.message};
      return {Status::Running, static_cast<double>(res.alpha), {}};
    }
    // N&W Algorithm 7.2 inside Algorithm 4.1.
    return trust_region_iteration<S>(
        eval, cur, next, step_, delta_, p_.trust, "newton-cg", [&](S delta, Vec<S>& p) {
          const auto cg = cg_.solve(hess, cur.g, delta, tol, p_.max_cg, p);
          return TrustStep<S>{cg.model, cg.step_norm, cg.on_boundary};
        });
  }

  // Checkpoints: the trust radius is all that carries from one step to the next (the CG
  // workspace and the step are rebuilt from the current iterate).
  void archive(StateArchive& a) override { a.scalar("delta", delta_); }

 private:
  NewtonCgParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
  TruncatedCg<S> cg_;
  Vec<S> step_;
  S delta_;
};

}  // namespace

template <class S>
NewtonCg<S>::NewtonCg(NewtonCgParams p) : p_(std::move(p)) {
  p_.validate();
  ls_ = make_line_search<S>(p_.line_search);
}

template <class S>
std::unique_ptr<MethodState<S>> NewtonCg<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  if (eval.hessian_vector_provider() == nullptr) {
    throw std::invalid_argument(
        "newton-cg needs Hessian-vector products, but the objective provides none (it does not "
        "implement HessianVectorProvider); wrap it in the finite-difference adapter "
        "FiniteDifference (optim/finite_difference.hpp), or use lbfgs");
  }
  return std::make_unique<NewtonCgState<S>>(p_, ls_->clone(), eval.dim());
}

template class NewtonCg<float>;
template class NewtonCg<double>;

}  // namespace optim
