#include "optim/root_finding/broyden.hpp"

#include <limits>

#include "optim/least_squares/qr_solver.hpp"

namespace optim {

template <class S>
bool broyden_update(Mat<S>& b, const Vec<S>& s, const Vec<S>& y, Vec<S>& bs) {
  const S ss = s.squaredNorm();
  if (!(ss > S(0))) return false;
  bs.noalias() = b * s;
  bs = (y - bs) / ss;
  b.noalias() += bs * s.transpose();
  return true;
}

namespace {

template <class S>
class BroydenState final : public MethodState<S> {
 public:
  BroydenState(const RootFindingParams& p, Index n)
      : p_(p), x_(n), r_(n), neg_r_(n), d_(n), xt_(n), rt_(n), s_(n), y_(n), bs_(n), b_(n, n) {
    qr_.resize(n, n);
    rank_tol_ =
        p.rank_tol > 0 ? static_cast<S>(p.rank_tol) : S(n) * std::numeric_limits<S>::epsilon();
  }

  // B = J(x), r = r(x): a fresh start of the approximation at x.
  void restart_at(Evaluator<S>& eval, const Vec<S>& x) {
    x_ = x;
    eval.residuals(x_, r_, &b_);
    fresh_ = true;
  }
  void fill(Iterate<S>& it, bool exact) const {
    it.f = S(0.5) * r_.squaredNorm();
    it.g.noalias() = b_.transpose() * r_;  // J'r when B is the Jacobian, the model's otherwise
    it.exact = exact;
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    const Index n = cur.x.size();
    if (x_ != cur.x) restart_at(eval, cur.x);  // not the point this state left off at
    const S rnorm = r_.norm();
    if (rnorm <= static_cast<S>(p_.residual_tol)) {
      return {Status::ConvergedResidual, 0, root_finding::converged_message(rnorm, p_.residual_tol),
              true};
    }
    const S phi0 = S(0.5) * r_.squaredNorm();
    for (;;) {
      const Index rank = qr_.factor(b_, rank_tol_);
      S alpha = 0, phit = 0;
      if (rank == n) {
        neg_r_ = -r_;
        qr_.solve(neg_r_, d_);  // B d = -r
        if (d_.allFinite()) {
          alpha = root_finding::backtrack<S>(eval, x_, d_, phi0, p_, xt_, rt_, phit);
        }
      }
      if (alpha > S(0)) {
        s_ = xt_ - x_;
        y_ = rt_ - r_;
        broyden_update<S>(b_, s_, y_, bs_);
        x_ = xt_;
        r_ = rt_;
        fresh_ = false;
        ++updates_;
        next.x = x_;
        fill(next, false);
        return {Status::Running, static_cast<double>(alpha), {}};
      }
      if (fresh_) {  // the Jacobian itself failed: nothing left to restart with
        if (rank < n) {
          return {Status::NumericalError, 0,
                  root_finding::singular_message("broyden", "the Jacobian", rank, n,
                                                 qr_.pivot_ratio(), rank_tol_),
                  true};
        }
        return {Status::LineSearchFailed, 0,
                "broyden: no decrease of 1/2||r||^2 along the Newton step of the fresh Jacobian "
                "in " +
                    std::to_string(p_.backtracks) + " halvings",
                true};
      }
      restart_at(eval, x_);  // B singular or no decrease along -B^{-1} r: B = J(x), try again
      ++restarts_;
    }
  }

  // Checkpoints: the point, r there, B and whether B is the Jacobian itself.
  void archive(StateArchive& a) override {
    a.field("x", x_);
    a.field("r", r_);
    a.field("b", b_);
    a.scalar("fresh", fresh_);
    a.scalar("updates", updates_);
    a.scalar("restarts", restarts_);
  }

 private:
  RootFindingParams p_;
  Vec<S> x_, r_, neg_r_, d_, xt_, rt_, s_, y_, bs_;
  Mat<S> b_;
  QrSolver<S> qr_;
  S rank_tol_ = 0;
  bool fresh_ = true;
  Index updates_ = 0, restarts_ = 0;
};

}  // namespace

template <class S>
Broyden<S>::Broyden(RootFindingParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<MethodState<S>> Broyden<S>::start(Evaluator<S>& eval, Iterate<S>& x0) const {
  root_finding::square_system(eval, "broyden");
  auto state = std::make_unique<BroydenState<S>>(p_, eval.dim());
  state->restart_at(eval, x0.x);
  state->fill(x0, true);
  return state;
}

template bool broyden_update(Mat<float>&, const Vec<float>&, const Vec<float>&, Vec<float>&);
template bool broyden_update(Mat<double>&, const Vec<double>&, const Vec<double>&, Vec<double>&);
template class Broyden<float>;
template class Broyden<double>;

}  // namespace optim
