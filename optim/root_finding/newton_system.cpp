#include "optim/root_finding/newton_system.hpp"

#include <limits>

#include "optim/least_squares/qr_solver.hpp"

namespace optim {
namespace {

template <class S>
class NewtonSystemState final : public MethodState<S> {
 public:
  NewtonSystemState(const RootFindingParams& p, Index n)
      : p_(p), x_(n), r_(n), neg_r_(n), d_(n), xt_(n), rt_(n), j_(n, n) {
    qr_.resize(n, n);
    rank_tol_ =
        p.rank_tol > 0 ? static_cast<S>(p.rank_tol) : S(n) * std::numeric_limits<S>::epsilon();
  }

  // r and J at x, kept as the state's point.
  void evaluate_at(Evaluator<S>& eval, const Vec<S>& x) {
    x_ = x;
    eval.residuals(x_, r_, &j_);
  }
  void fill(Iterate<S>& it) const {
    it.f = S(0.5) * r_.squaredNorm();
    it.g.noalias() = j_.transpose() * r_;
    it.exact = true;
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    const Index n = cur.x.size();
    if (x_ != cur.x) evaluate_at(eval, cur.x);  // not the point this state left off at
    const S rnorm = r_.norm();
    if (rnorm <= static_cast<S>(p_.residual_tol)) {
      return {Status::ConvergedResidual, 0, root_finding::converged_message(rnorm, p_.residual_tol),
              true};
    }
    const Index rank = qr_.factor(j_, rank_tol_);
    if (rank < n) {
      return {Status::NumericalError, 0,
              root_finding::singular_message("newton-system", "the Jacobian", rank, n,
                                             qr_.pivot_ratio(), rank_tol_),
              true};
    }
    neg_r_ = -r_;
    qr_.solve(neg_r_, d_);  // J d = -r
    if (!d_.allFinite()) {
      return {Status::NumericalError, 0, "newton-system: the Newton step is not finite", true};
    }
    S phit = 0;
    const S alpha =
        root_finding::backtrack<S>(eval, cur.x, d_, S(0.5) * r_.squaredNorm(), p_, xt_, rt_, phit);
    if (alpha == S(0)) {
      return {Status::LineSearchFailed, 0,
              "newton-system: no decrease of 1/2||r||^2 along the Newton step in " +
                  std::to_string(p_.backtracks) + " halvings",
              true};
    }
    // The Jacobian at the accepted point, which the next step uses (r comes with it).
    evaluate_at(eval, xt_);
    next.x = x_;
    fill(next);
    return {Status::Running, static_cast<double>(alpha), {}};
  }

  // Checkpoints: the point this state evaluated last, with r and J there, so that a resumed run
  // spends no evaluation the saved run would not have.
  void archive(StateArchive& a) override {
    a.field("x", x_);
    a.field("r", r_);
    a.field("j", j_);
  }

 private:
  RootFindingParams p_;
  Vec<S> x_, r_, neg_r_, d_, xt_, rt_;
  Mat<S> j_;
  QrSolver<S> qr_;
  S rank_tol_ = 0;
};

}  // namespace

template <class S>
NewtonSystem<S>::NewtonSystem(RootFindingParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<MethodState<S>> NewtonSystem<S>::start(Evaluator<S>& eval, Iterate<S>& x0) const {
  root_finding::square_system(eval, "newton-system");
  auto state = std::make_unique<NewtonSystemState<S>>(p_, eval.dim());
  state->evaluate_at(eval, x0.x);
  state->fill(x0);
  return state;
}

template class NewtonSystem<float>;
template class NewtonSystem<double>;

}  // namespace optim
