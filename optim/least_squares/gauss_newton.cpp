#include "optim/least_squares/gauss_newton.hpp"

#include <Eigen/Cholesky>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "optim/least_squares/qr_solver.hpp"
#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<GaussNewtonParams>& gauss_newton_fields() {
  using namespace settings;
  using P = GaussNewtonParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        choice("solver", &P::solver,
               {{"qr", GaussNewtonSolver::Qr}, {"ldlt", GaussNewtonSolver::Ldlt}},
               "qr: pivoted Householder QR of J; ldlt: of J'J"),
        real("rank_tol", &P::rank_tol, "rank threshold on the pivot ratio, 0: n * machine epsilon",
             Range::unit_interval()),
        real("prediction_tol", &P::prediction_tol,
             "stop when 1/2||J d||^2 <= prediction_tol * f, 0: machine epsilon",
             Range::unit_interval()),
    };
    t.embed(&P::line_search, line_search_fields(false));
    t.rules.push_back([](const P& p, const std::string&) {
      if (p.line_search.kind == LineSearchKind::None) {
        throw std::invalid_argument("invalid line_search 'none': gauss-newton needs a line search");
      }
    });
    return t;
  }();
  return table;
}

void GaussNewtonParams::validate() const {
  gauss_newton_fields().validate(*this);
}

namespace {

std::string rank_message(const char* how, long rank, long n, double ratio, double tol) {
  std::ostringstream os;
  os << "gauss-newton: the Jacobian is rank deficient (" << how << ": numerical rank " << rank
     << " < n = " << n << ", smallest/largest pivot " << ratio << " <= " << tol
     << "); the Gauss-Newton step is undefined, use lm";
  return os.str();
}

template <class S>
class GaussNewtonState final : public MethodState<S> {
 public:
  GaussNewtonState(const GaussNewtonParams& p, std::unique_ptr<LineSearch<S>> ls, Index m, Index n)
      : p_(p),
        ls_(std::move(ls)),
        r_(m),
        neg_r_(m),
        j_(m, n),
        jtj_(n, n),
        ldlt_(n),
        d_(n),
        rhs_(n),
        jd_(m) {
    qr_.resize(m, n);
    ls_->resize(n);
    constexpr S eps = std::numeric_limits<S>::epsilon();
    rank_tol_ = p.rank_tol > 0 ? static_cast<S>(p.rank_tol) : S(n) * eps;
    prediction_tol_ = p.prediction_tol > 0 ? static_cast<S>(p.prediction_tol) : eps;
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    const Index n = cur.x.size();
    eval.residuals(cur.x, r_, &j_);
    if (p_.solver == GaussNewtonSolver::Qr) {
      // d = argmin ||J d + r|| by pivoted QR (J P = Q R).
      const Index rank = qr_.factor(j_, rank_tol_);
      if (rank < n) {
        return {Status::NumericalError, 0,
                rank_message("QR", rank, n, qr_.pivot_ratio(), rank_tol_)};
      }
      neg_r_ = -r_;
      qr_.solve(neg_r_, d_);
    } else {
      // Normal equations J'J d = -J'r (seed 003, eq. 13) by LDLT; cur.g = J'r.
      jtj_.noalias() = j_.transpose() * j_;
      ldlt_.compute(jtj_);
      const auto dd = ldlt_.vectorD().cwiseAbs();
      const S ratio = dd.maxCoeff() > 0 ? dd.minCoeff() / dd.maxCoeff() : S(0);
      if (ldlt_.info() != Eigen::Success || !(ratio > rank_tol_ * rank_tol_)) {
        Index rank = 0;
        for (Index i = 0; i < n; ++i) rank += dd[i] > rank_tol_ * rank_tol_ * dd.maxCoeff();
        return {Status::NumericalError, 0,
                rank_message("LDLT of J'J", rank, n, ratio, rank_tol_ * rank_tol_)};
      }
      rhs_ = -cur.g;
      d_ = ldlt_.solve(rhs_);
    }
    if (!d_.allFinite()) {
      return {Status::NumericalError, 0, "gauss-newton: the step is not finite"};
    }
    // Predicted reduction of the linear model: 1/2||r||^2 - 1/2||r + J d||^2 = 1/2||J d||^2.
    jd_.noalias() = j_ * d_;
    const S pred = S(0.5) * jd_.squaredNorm();
    if (pred <= prediction_tol_ * cur.f) {
      return {
          Status::ConvergedFChange, 0,
          "gauss-newton: predicted reduction 1/2||J d||^2 <= prediction_tol * f (rounding level)"};
    }
    const LineSearchResult<S> ls = ls_->search(eval, cur, d_, S(1), next);
    if (!ls.ok) {
      return {Status::LineSearchFailed, 0, "gauss-newton: line search failed: " + ls.message};
    }
    next.exact = true;
    return {Status::Running, static_cast<double>(ls.alpha), {}};
  }

  // Checkpoints: nothing carries from one step to the next. Every step evaluates r and J at
  // the current iterate (which the driver saves) and solves from scratch; the line searches keep
  // nothing between searches. So a freshly started state continues the saved run exactly.
  void archive(StateArchive& /*a*/) override {}  // each step starts from the current point

 private:
  GaussNewtonParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
  Vec<S> r_, neg_r_;
  Mat<S> j_, jtj_;
  Eigen::LDLT<Mat<S>> ldlt_;
  Vec<S> d_, rhs_, jd_;
  QrSolver<S> qr_;
  S rank_tol_ = 0;
  S prediction_tol_ = 0;
};

}  // namespace

namespace {
// Validated first, so that a bad line-search setting is named as the user gave it.
template <class S>
std::shared_ptr<const LineSearch<S>> validated_line_search(const GaussNewtonParams& p) {
  p.validate();
  return make_line_search<S>(p.line_search);
}
}  // namespace

template <class S>
GaussNewton<S>::GaussNewton(GaussNewtonParams p) : GaussNewton(validated_line_search<S>(p), p) {}

template <class S>
GaussNewton<S>::GaussNewton(std::shared_ptr<const LineSearch<S>> line_search, GaussNewtonParams p)
    : line_search_(std::move(line_search)), p_(p) {
  if (!line_search_) throw std::invalid_argument("gauss-newton needs a line search");
  p_.validate();
}

template <class S>
std::unique_ptr<MethodState<S>> GaussNewton<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  auto* lsq = eval.least_squares();
  if (lsq == nullptr) {
    throw std::invalid_argument(
        "gauss-newton needs a least-squares objective (residuals and Jacobian); this objective "
        "only provides a value and gradient");
  }
  const Index m = lsq->num_residuals(), n = eval.dim();
  if (m <= 0) throw std::invalid_argument("gauss-newton: the objective has no residuals");
  return std::make_unique<GaussNewtonState<S>>(p_, line_search_->clone(), m, n);
}

template class GaussNewton<float>;
template class GaussNewton<double>;

}  // namespace optim
