#include "optim/root_finding/root_finding.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace optim {

const settings::FieldTable<RootFindingParams>& root_finding_fields() {
  using namespace settings;
  using P = RootFindingParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        real("residual_tol", &P::residual_tol, "stop at a root: ||r(x)||_2 <= residual_tol",
             Range::finite_at_least(0)),
        real("c1", &P::c1, "sufficient decrease of 1/2||r||^2: phi(a) <= (1 - 2 c1 a) phi(0)",
             Range::open_unit()),
        integer("backtracks", &P::backtracks, "halvings of the step before the search gives up",
                Range::closed(1, 200)),
        real("rank_tol", &P::rank_tol,
             "singular when the smallest/largest QR pivot <= rank_tol, 0: n * machine epsilon",
             Range::unit_interval()),
    };
    return t;
  }();
  return table;
}

void RootFindingParams::validate() const {
  root_finding_fields().validate(*this);
}

namespace root_finding {

template <class S>
LeastSquaresObjective<S>& square_system(Evaluator<S>& eval, const std::string& method) {
  auto* lsq = eval.least_squares();
  if (lsq == nullptr) {
    throw std::invalid_argument(method +
                                " needs a system of equations (residuals and Jacobian); this "
                                "objective only provides a value and gradient");
  }
  const Index m = lsq->num_residuals(), n = eval.dim();
  if (m != n) {
    throw std::invalid_argument(method + " solves square systems r(x) = 0: this one has " +
                                std::to_string(m) + " equations in " + std::to_string(n) +
                                " unknowns (for m > n minimise 1/2||r||^2 with lm or "
                                "gauss-newton)");
  }
  return *lsq;
}

std::string converged_message(double norm, double tol) {
  std::ostringstream os;
  os.precision(6);
  os << "residual norm ||r|| = " << norm << " <= residual_tol " << tol << " (a root)";
  return os.str();
}

std::string singular_message(const std::string& method, const std::string& what, Index rank,
                             Index n, double ratio, double tol) {
  std::ostringstream os;
  os.precision(6);
  os << method << ": " << what << " is singular (numerical rank " << rank << " < n = " << n
     << ", smallest/largest QR pivot " << ratio << " <= " << tol
     << "); the Newton step is undefined here";
  return os.str();
}

template <class S>
S backtrack(Evaluator<S>& eval, const Vec<S>& x, const Vec<S>& d, S phi0,
            const RootFindingParams& p, Vec<S>& xt, Vec<S>& rt, S& phit) {
  const S c1 = static_cast<S>(p.c1);
  S alpha = 1;
  for (int i = 0; i < p.backtracks; ++i, alpha *= S(0.5)) {
    xt = x + alpha * d;
    eval.residuals(xt, rt, nullptr);
    phit = S(0.5) * rt.squaredNorm();
    if (std::isfinite(static_cast<double>(phit)) && phit <= (S(1) - S(2) * c1 * alpha) * phi0) {
      return alpha;
    }
  }
  return S(0);
}

template LeastSquaresObjective<float>& square_system(Evaluator<float>&, const std::string&);
template LeastSquaresObjective<double>& square_system(Evaluator<double>&, const std::string&);
template float backtrack(Evaluator<float>&, const Vec<float>&, const Vec<float>&, float,
                         const RootFindingParams&, Vec<float>&, Vec<float>&, float&);
template double backtrack(Evaluator<double>&, const Vec<double>&, const Vec<double>&, double,
                          const RootFindingParams&, Vec<double>&, Vec<double>&, double&);

}  // namespace root_finding
}  // namespace optim
