#pragma once
// Root finding for a square system r(x) = 0 of n residuals in n unknowns (seed 003: Newton's
// method and Broyden's "find zeroes"). The methods run on the residual interface of least squares
// (a LeastSquaresObjective whose num_residuals() equals dim()) under the generic driver, which
// sees the merit function f = 1/2 ||r||^2; both globalise their step by backtracking on it
// (Nocedal & Wright 2006, section 11.2, "line search methods" for nonlinear equations; Dennis &
// Schnabel 1983, section 6.5). This header holds what Newton and Broyden share: the settings, the
// residual test and the backtracking search.
#include <string>

#include "optim/evaluator.hpp"
#include "optim/method.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct RootFindingParams {
  // The run ends (status converged_gradient, the message naming the residual test) once
  // ||r(x)||_2 <= residual_tol. The driver's gradient test watches ||J'r||, which is also 0 at a
  // local minimum of ||r|| that is not a root; this test is the one that certifies a root.
  double residual_tol = 1e-10;
  // Sufficient decrease of the merit function phi(alpha) = 1/2 ||r(x + alpha d)||^2 along the
  // step d = -J^{-1} r, whose slope at 0 is r'J d = -||r||^2 = -2 phi(0) (N&W eq. 11.38 with
  // the Newton direction): accept alpha when phi(alpha) <= (1 - 2 c1 alpha) phi(0).
  double c1 = 1e-4;
  // Halvings of alpha (from 1) before the search gives up.
  int backtracks = 40;
  // The Jacobian (or Broyden's matrix) is singular when its smallest pivoted-QR pivot is <=
  // rank_tol times the largest one. 0: n * machine epsilon.
  double rank_tol = 0;
  void validate() const;
};
const settings::FieldTable<RootFindingParams>& root_finding_fields();

namespace root_finding {

// Refuses an objective that is not a square residual system, naming the counts.
template <class S>
LeastSquaresObjective<S>& square_system(Evaluator<S>& eval, const std::string& method);

// "residual norm ||r|| = X <= residual_tol Y": the message of the residual test.
std::string converged_message(double norm, double tol);
// The message of a singular matrix (Jacobian or Broyden's B) of numerical rank `rank` < n.
std::string singular_message(const std::string& method, const std::string& what, Index rank,
                             Index n, double ratio, double tol);

// Backtracking on phi(alpha) = 1/2 ||r(x + alpha d)||^2 from alpha = 1, halving, with the
// sufficient-decrease test above; phi0 = 1/2 ||r(x)||^2. A trial whose residual is not finite
// counts as no decrease. On success xt = x + alpha d, rt = r(xt), phit = phi(alpha) and the
// accepted alpha is returned; on failure 0. Residual evaluations only (no Jacobian), through
// `eval` so that they are counted; allocates nothing.
template <class S>
S backtrack(Evaluator<S>& eval, const Vec<S>& x, const Vec<S>& d, S phi0,
            const RootFindingParams& p, Vec<S>& xt, Vec<S>& rt, S& phit);

}  // namespace root_finding
}  // namespace optim
