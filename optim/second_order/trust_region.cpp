#include "optim/second_order/trust_region.hpp"

#include <stdexcept>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/params.hpp"
#include "optim/second_order/dogleg.hpp"
#include "optim/second_order/trust_subproblem.hpp"

namespace optim {

const settings::FieldTable<TrustRegionParams>& trust_region_method_fields() {
  using namespace settings;
  using P = TrustRegionParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "trust-region";
    t.fields = {
        choice("subproblem", &P::subproblem,
               {{"exact", TrustSubproblemKind::Exact}, {"dogleg", TrustSubproblemKind::Dogleg}},
               "exact: the global subproblem minimiser (More-Sorensen, N&W Alg. 4.3, hard case "
               "included); dogleg: Powell's dogleg path (N&W 4.1), on H + tau I (Alg. 3.3) when H "
               "is indefinite"),
    };
    t.embed(&P::trust, trust_region_fields());
    return t;
  }();
  return table;
}

void TrustRegionParams::validate() const {
  trust_region_method_fields().validate(*this);
}

namespace {

template <class S>
class TrustRegionState final : public MethodState<S> {
 public:
  TrustRegionState(const TrustRegionParams& p, Index n)
      : p_(p), h_(n, n), exact_(n), dogleg_(n), step_(n), delta_(static_cast<S>(p.trust.delta0)) {}

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    eval.hessian(cur.x, h_);
    if (!h_.allFinite()) return {Status::NumericalError, 0, "trust-region: Hessian is not finite"};
    // The symmetric part (H + H')/2, in place: both solvers read one triangle only.
    for (Index j = 0; j < h_.cols(); ++j) {
      for (Index i = j + 1; i < h_.rows(); ++i) h_(i, j) = h_(j, i) = (h_(i, j) + h_(j, i)) / S(2);
    }
    if (p_.subproblem == TrustSubproblemKind::Dogleg) {
      dogleg_.prepare(h_, cur.g);
      return trust_region_iteration<S>(eval, cur, next, step_, delta_, p_.trust, "trust-region",
                                       [&](S delta, Vec<S>& p) {
                                         const auto d = dogleg_.solve(delta, p);
                                         return TrustStep<S>{d.model, d.step_norm, d.on_boundary};
                                       });
    }
    if (!exact_.factor(h_)) {
      return {Status::NumericalError, 0, "trust-region: eigendecomposition of the Hessian failed"};
    }
    return trust_region_iteration<S>(eval, cur, next, step_, delta_, p_.trust, "trust-region",
                                     [&](S delta, Vec<S>& p) {
                                       const auto s = exact_.solve(cur.g, delta, p);
                                       return TrustStep<S>{s.model, s.step_norm, s.on_boundary};
                                     });
  }

  // Checkpoints: the trust radius (the Hessian and its factors are recomputed at the current
  // iterate every step).
  void archive(StateArchive& a) override { a.scalar("delta", delta_); }

 private:
  TrustRegionParams p_;
  Mat<S> h_;
  ExactTrustSubproblem<S> exact_;
  Dogleg<S> dogleg_;
  Vec<S> step_;
  S delta_;
};

}  // namespace

template <class S>
TrustRegionNewton<S>::TrustRegionNewton(TrustRegionParams p) : p_(std::move(p)) {
  p_.validate();
}

template <class S>
std::unique_ptr<MethodState<S>> TrustRegionNewton<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  if (eval.hessian_provider() == nullptr) {
    throw std::invalid_argument(
        "trust-region needs the Hessian, but the objective does not provide one (it does not "
        "implement HessianProvider); wrap it in the finite-difference adapter FiniteDifference "
        "(optim/finite_difference.hpp), or use newton-cg, which needs only Hessian-vector "
        "products");
  }
  return std::make_unique<TrustRegionState<S>>(p_, eval.dim());
}

template class TrustRegionNewton<float>;
template class TrustRegionNewton<double>;

}  // namespace optim
