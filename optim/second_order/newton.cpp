#include "optim/second_order/newton.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "optim/line_search/factory.hpp"
#include "optim/params.hpp"
#include "optim/second_order/two_metric.hpp"

namespace optim {

std::string_view to_string(HessianModification m) {
  switch (m) {
    case HessianModification::None:
      return "none";
    case HessianModification::IdentityShift:
      return "identity_shift";
    case HessianModification::Eigen:
      return "eigen";
    case HessianModification::SaddleFree:
      return "saddle_free";
  }
  return "unknown";
}

HessianModification parse_hessian_modification(const std::string& s) {
  if (s == "none") return HessianModification::None;
  if (s == "identity_shift") return HessianModification::IdentityShift;
  if (s == "eigen") return HessianModification::Eigen;
  if (s == "saddle_free") return HessianModification::SaddleFree;
  throw std::invalid_argument("invalid newton modification '" + s +
                              "': must be none, identity_shift, eigen or saddle_free");
}

const settings::FieldTable<NewtonParams>& newton_fields() {
  using namespace settings;
  using P = NewtonParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "newton";
    t.fields = {
        choice("modification", &P::modification,
               {{"identity_shift", HessianModification::IdentityShift},
                {"none", HessianModification::None},
                {"eigen", HessianModification::Eigen},
                {"saddle_free", HessianModification::SaddleFree}},
               "Hessian safeguard: identity_shift (N&W Alg. 3.3), eigen (lambda -> max(lambda, "
               "delta)), saddle_free (lambda -> max(|lambda|, delta), Dauphin et al. 2014)"),
    };
    t.embed(&P::line_search, line_search_fields(true));
    t.fields.push_back(real("shift_beta", &P::shift_beta, "identity-shift beta of N&W Alg. 3.3",
                            Range::positive()));
    t.fields.push_back(
        real("eigen_delta", &P::eigen_delta, "relative eigenvalue floor delta", Range::positive()));
    t.fields.push_back(real("singular_tol", &P::singular_tol,
                            "plain Newton: |lambda|min <= tol |lambda|max is singular",
                            Range::positive()));
    t.fields.push_back(integer("max_shifts", &P::max_shifts,
                               "identity-shift doublings before giving up", Range::at_least(1)));
    t.fields.push_back(real("active_eps", &P::active_eps,
                            "on a box: variables within min(eps, |P(x - g) - x|) of a bound that "
                            "g points out of are held (Bertsekas 1982); absolute, keep it below "
                            "any free solution coordinate's distance to its bound",
                            Range::positive()));
    return t;
  }();
  return table;
}

void NewtonParams::validate() const {
  newton_fields().validate(*this);
}

namespace {

std::string num(double v) {
  std::ostringstream os;
  os.precision(4);
  os << v;
  return os.str();
}

template <class S>
class NewtonState final : public MethodState<S> {
 public:
  NewtonState(const NewtonParams& p, std::unique_ptr<LineSearch<S>> ls, Index n,
              const Bounds<S>* box)
      : p_(p),
        ls_(std::move(ls)),
        box_(box),
        two_metric_(box ? n : 0, p.active_eps),
        h_(n, n),
        hs_(n, n),
        llt_(n),
        es_(n),
        d_(n),
        t_(n),
        lam_(n) {
    if (ls_) ls_->resize(n);
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    eval.hessian(cur.x, h_);
    if (!h_.allFinite()) return {Status::NumericalError, 0, "newton: Hessian is not finite"};
    // The Cholesky and eigen solvers read only the lower triangle, so an asymmetric Hessian
    // (a provider bug, or finite-difference noise) would silently lose its upper half. Use the
    // symmetric part (H + H^T)/2 instead, as critical_point.cpp does; in place, no allocation.
    for (Index j = 0; j < h_.cols(); ++j) {
      for (Index i = j + 1; i < h_.rows(); ++i) {
        const S a = (h_(i, j) + h_(j, i)) / S(2);
        h_(i, j) = a;
        h_(j, i) = a;
      }
    }
    if (box_) restrict_to_free(cur);
    StepReport rep;
    if (p_.modification == HessianModification::IdentityShift) {
      rep = shifted_direction(cur.g);
    } else {
      rep = eigen_direction(cur.g);
    }
    if (rep.status != Status::Running) return rep;

    if (box_) {  // Bertsekas' projected arc search x(a) = P(x + a d)
      const auto res = two_metric_.search(eval, *box_, cur, d_, next);
      if (!res.ok) return {Status::LineSearchFailed, 0, "newton: " + res.message};
      return {Status::Running, static_cast<double>(res.alpha), {}};
    }
    if (!ls_) {  // full Newton step, rho = 1 (seed 003 eq. 10)
      next.x = cur.x + d_;
      next.f = eval.value_gradient(next.x, next.g);
      next.exact = true;
      return {Status::Running, 1.0, {}};
    }
    const auto res = ls_->search(eval, cur, d_, S(1), next);
    if (!res.ok) {
      std::string msg = "newton: " + res.message;
      if (p_.modification == HessianModification::None && !(cur.g.dot(d_) < 0)) {
        msg +=
            "; the Hessian is indefinite here (plain Newton heads for a saddle or maximum): "
            "use modification=identity_shift, eigen or saddle_free";
      }
      return {Status::LineSearchFailed, 0, msg};
    }
    return {Status::Running, static_cast<double>(res.alpha), {}};
  }

  // Checkpoints: nothing carries from one step to the next. Each step evaluates the Hessian at
  // the current iterate (which the driver saves), modifies and factors it from scratch (the
  // shift tau of Algorithm 3.3 restarts from min a_ii every step), and the line searches keep
  // nothing between searches. So a freshly started state continues the saved run exactly.
  // On a box the epsilon-active set too is classified afresh at the current iterate.
  void archive(StateArchive& /*a*/) override {}  // each step starts from the current point

 private:
  // Bertsekas' two-metric scaling (optim/second_order/two_metric.hpp): the Hessian restricted to
  // the free variables (its rows and columns of the epsilon-active ones cleared), with a positive
  // diagonal on the active ones, H_ii where it is positive, else 1. The block-diagonal matrix
  // then goes through the same safeguard as an unbounded step: its Cholesky factor and eigen
  // decomposition are those of the free block and of the diagonal, so the free part of d is the
  // modified reduced Newton step -(H_FF)^-1 g_F, and d_i = -g_i / H_ii on the active ones. The
  // full n x n storage serves every active set, without allocation.
  void restrict_to_free(const Iterate<S>& cur) {
    if (two_metric_.classify(*box_, cur.x, cur.g) == 0) return;
    for (Index i = 0; i < h_.rows(); ++i) {
      if (!two_metric_.active(i)) continue;
      const S hii = h_(i, i);
      h_.row(i).setZero();
      h_.col(i).setZero();
      h_(i, i) = hii > 0 && std::isfinite(static_cast<double>(hii)) ? hii : S(1);
    }
  }

  // N&W Algorithm 3.3: tau_0 = 0 if min a_ii > 0 else beta - min a_ii; factor H + tau I and
  // double tau (at least beta) until the Cholesky factorisation succeeds.
  StepReport shifted_direction(const Vec<S>& g) {
    const double min_diag = h_.diagonal().minCoeff();
    double tau = min_diag > 0 ? 0.0 : p_.shift_beta - min_diag;
    for (long k = 0; k < p_.max_shifts; ++k) {
      hs_ = h_;
      hs_.diagonal().array() += static_cast<S>(tau);
      llt_.compute(hs_);
      if (llt_.info() == Eigen::Success) {
        d_ = -g;
        llt_.solveInPlace(d_);
        if (d_.allFinite()) return {};
      }
      tau = std::max(2.0 * tau, p_.shift_beta);
    }
    return {Status::NumericalError, 0,
            "newton: no identity shift made the Hessian positive definite after " +
                std::to_string(p_.max_shifts) + " doublings (tau = " + num(tau) + ")"};
  }

  // d = -V diag(1/mu) V' g with mu the (modified) eigenvalues of H = V diag(lambda) V'.
  // Eigen's tridiagonalisation may use an O(n) internal workspace; the O(n^2) storage is ours.
  StepReport eigen_direction(const Vec<S>& g) {
    es_.compute(h_, Eigen::ComputeEigenvectors);
    if (es_.info() != Eigen::Success) {
      return {Status::NumericalError, 0, "newton: eigendecomposition of the Hessian failed"};
    }
    lam_ = es_.eigenvalues();
    const double lmax = lam_.cwiseAbs().maxCoeff();
    switch (p_.modification) {
      case HessianModification::None: {
        const double lmin = lam_.cwiseAbs().minCoeff();
        if (!(lmin > p_.singular_tol * lmax)) {
          return {Status::NumericalError, 0,
                  "newton: the Hessian is singular (smallest |eigenvalue| " + num(lmin) +
                      ", largest " + num(lmax) +
                      "): plain Newton has no step; use modification=identity_shift, eigen or "
                      "saddle_free"};
        }
        break;
      }
      case HessianModification::Eigen: {
        const S delta = static_cast<S>(p_.eigen_delta * std::max(1.0, lmax));
        lam_ = lam_.cwiseMax(delta);
        break;
      }
      case HessianModification::SaddleFree: {
        const S delta = static_cast<S>(p_.eigen_delta * std::max(1.0, lmax));
        lam_ = lam_.cwiseAbs().cwiseMax(delta);
        break;
      }
      case HessianModification::IdentityShift:
        break;  // handled by shifted_direction
    }
    t_.noalias() = es_.eigenvectors().transpose() * g;
    t_.array() /= lam_.array();
    d_.noalias() = es_.eigenvectors() * t_;
    d_ = -d_;  // negating the product expression itself would allocate a temporary
    if (!d_.allFinite()) return {Status::NumericalError, 0, "newton: direction is not finite"};
    return {};
  }

  NewtonParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
  const Bounds<S>* box_;  // the run's box, null without one
  TwoMetricProjection<S> two_metric_;
  Mat<S> h_, hs_;
  Eigen::LLT<Mat<S>> llt_;
  Eigen::SelfAdjointEigenSolver<Mat<S>> es_;
  Vec<S> d_, t_, lam_;
};

}  // namespace

template <class S>
Newton<S>::Newton(NewtonParams p) : p_(std::move(p)) {
  p_.validate();
  ls_ = make_line_search<S>(p_.line_search);  // null for LineSearchKind::None: full steps
}

template <class S>
Newton<S>::Newton(NewtonParams p, std::unique_ptr<LineSearch<S>> line_search)
    : p_(std::move(p)), ls_(std::move(line_search)) {
  p_.validate();
  if (!ls_) throw std::invalid_argument("newton: the line search object is null");
}

template <class S>
std::unique_ptr<MethodState<S>> Newton<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  if (eval.hessian_provider() == nullptr) {
    throw std::invalid_argument(
        "newton needs the Hessian, but the objective does not provide one (it does not implement "
        "HessianProvider); wrap it in the finite-difference adapter FiniteDifference "
        "(optim/finite_difference.hpp), or use a quasi-Newton method such as bfgs or lbfgs");
  }
  return std::make_unique<NewtonState<S>>(p_, ls_ ? ls_->clone() : nullptr, eval.dim(),
                                          eval.bounds());
}

template class Newton<float>;
template class Newton<double>;

}  // namespace optim
