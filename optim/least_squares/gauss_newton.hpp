#pragma once
// Gauss-Newton with a line search. The Hessian of f = 1/2 ||r||^2 is J'J + sum_i r_i H_i (seed
// 003, eq. 12); Gauss-Newton drops the second term (seed 003, eq. 13: the Gauss-Newton matrix J'J,
// positive semidefinite but not necessarily invertible) and steps along
//     d = argmin_d ||r + J d||   (i.e. J'J d = -J'r when J has full column rank),
// then a line search picks x + alpha d (alpha0 = 1, the full Gauss-Newton step). The step is
// solved by Householder QR of J with column pivoting (accurate: works with J, not J'J), or by
// LDLT of J'J (cheaper for m >> n, squares the condition number). A rank-deficient J makes the
// Gauss-Newton step undefined: the run ends with Status::NumericalError saying so (use lm, whose
// damping J'J + lambda D'D is always positive definite).
#include <memory>
#include <string>

#include "optim/line_search/line_search.hpp"
#include "optim/line_search/line_search_settings.hpp"
#include "optim/method.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

enum class GaussNewtonSolver { Qr, Ldlt };

struct GaussNewtonParams {
  GaussNewtonSolver solver = GaussNewtonSolver::Qr;
  // Rank threshold: J is rank deficient when its smallest QR pivot (or LDLT pivot of J'J) is
  // <= rank_tol times the largest one (for LDLT the ratio is of squares, compared with
  // rank_tol^2). 0: n * machine epsilon.
  double rank_tol = 0;
  // Stop (ConvergedFChange) when the predicted reduction 1/2 ||J d||^2 <= prediction_tol * f: the
  // model cannot decrease f beyond rounding. 0: machine epsilon of the scalar. (prediction_tol:
  // named apart from the driver's ftol.)
  double prediction_tol = 0;
  LineSearchSettings line_search{.kind = LineSearchKind::Armijo};
  void validate() const;
};
const settings::FieldTable<GaussNewtonParams>& gauss_newton_fields();

template <class S>
class GaussNewton final : public Method<S> {
 public:
  // The line search is cloned per run. Throws std::invalid_argument when it is null.
  GaussNewton(std::shared_ptr<const LineSearch<S>> line_search, GaussNewtonParams p = {});
  // The line search of p.line_search (Armijo by default).
  explicit GaussNewton(GaussNewtonParams p);
  std::string name() const override { return "gauss-newton"; }
  // Throws std::invalid_argument when the objective is not a LeastSquaresObjective.
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;

 private:
  std::shared_ptr<const LineSearch<S>> line_search_;
  GaussNewtonParams p_;
};

}  // namespace optim
