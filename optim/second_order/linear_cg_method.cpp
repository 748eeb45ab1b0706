#include "optim/second_order/linear_cg_method.hpp"

#include <stdexcept>
#include <string>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<LinearCgParams>& linear_cg_fields() {
  using namespace settings;
  using P = LinearCgParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "linear-cg";
    t.fields = {integer("restart_every", &P::restart_every,
                        "restart with d = -g every k iterations (0: never)", Range::at_least(0))};
    return t;
  }();
  return table;
}

void LinearCgParams::validate() const {
  linear_cg_fields().validate(*this);
}

namespace {

template <class S>
class LinearCgState final : public MethodState<S> {
 public:
  LinearCgState(const LinearCgParams& p, Index n) : p_(p), d_(n), ad_(n) {}

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    const bool restart = k_ == 0 || (p_.restart_every > 0 && k_ % p_.restart_every == 0);
    const S rr = cur.g.squaredNorm();
    if (restart) {
      d_ = -cur.g;  // d_0 = -r_0 (seed 003)
    } else {
      d_ = -cur.g + (rr / rr_prev_) * d_;  // N&W eq. 5.24d, the O(n) form of seed eq. 14
    }
    eval.hessian_vector(cur.x, d_, ad_);
    const S dad = d_.dot(ad_);
    if (!(dad > 0)) {
      return {Status::NumericalError, 0,
              "linear-cg: d'Ad = " + std::to_string(static_cast<double>(dad)) +
                  " <= 0: the objective is not a convex quadratic (use cg, newton-cg or lbfgs)"};
    }
    const S alpha = rr / dad;     // seed 003 eq. 16 with p'r = r'r
    next.x = cur.x + alpha * d_;  // eq. 15
    next.f = eval.value_gradient(next.x, next.g);
    next.exact = true;
    rr_prev_ = rr;
    ++k_;
    return {Status::Running, static_cast<double>(alpha), {}};
  }

  // Checkpoints: the direction, the previous r'r and the iteration count (restarts).
  void archive(StateArchive& a) override {
    a.field("d", d_);
    a.scalar("rr_prev", rr_prev_);
    a.scalar("k", k_);
  }

 private:
  LinearCgParams p_;
  Vec<S> d_, ad_;
  S rr_prev_ = S(1);
  Index k_ = 0;
};

}  // namespace

template <class S>
LinearCgMethod<S>::LinearCgMethod(LinearCgParams p) : p_(std::move(p)) {
  p_.validate();
}

template <class S>
std::unique_ptr<MethodState<S>> LinearCgMethod<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  if (eval.hessian_vector_provider() == nullptr) {
    throw std::invalid_argument(
        "linear-cg needs Hessian-vector products, but the objective provides none; wrap it in "
        "FiniteDifference (optim/finite_difference.hpp)");
  }
  return std::make_unique<LinearCgState<S>>(p_, eval.dim());
}

template class LinearCgMethod<float>;
template class LinearCgMethod<double>;

}  // namespace optim
