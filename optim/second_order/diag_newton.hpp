#pragma once
// Diagonal Newton with the Gauss-Newton diagonal (seed 003, "Gauss-Newton's cheaper relatives";
// Becker & LeCun 1988, "Improving the convergence of back-propagation learning with second order
// methods": a per-weight Newton step with the diagonal of the Gauss-Newton matrix):
//     d_k = -g_k / (diag G(x_k) + damping),   x_{k+1} = x_k + alpha_k d_k
// elementwise, with G = sum_i J_i' H_i J_i the objective's positive-semidefinite curvature
// (DiagonalCurvatureProvider); `damping` keeps the step finite where a weight has no curvature.
// d is a descent direction (a positive diagonal scaling of -g); alpha_k comes from a line search
// started at lr (Armijo backtracking by default: the diagonal ignores the coupling between
// weights, and the full step alpha = 1 often overshoots), or is lr itself with line_search=none.
// Full batch; the objective must provide the diagonal (a network's loss does).
#include <memory>
#include <string>

#include "optim/line_search/line_search.hpp"
#include "optim/line_search/line_search_settings.hpp"
#include "optim/method.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct DiagNewtonParams {
  double lr = 1.0;        // first trial step (the diagonal Newton step at 1)
  double damping = 1e-3;  // added to every diagonal entry (> 0)
  LineSearchSettings line_search{.kind = LineSearchKind::Armijo};
  void validate() const;
};
const settings::FieldTable<DiagNewtonParams>& diag_newton_fields();

template <class S>
class DiagNewton final : public Method<S> {
 public:
  explicit DiagNewton(DiagNewtonParams p = {});
  std::string name() const override { return "diag-newton"; }
  bool needs_curvature_diagonal() const override { return true; }
  // Throws std::invalid_argument when the objective has no curvature diagonal.
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;

 private:
  DiagNewtonParams p_;
  std::shared_ptr<const LineSearch<S>> line_search_;  // null: fixed steps of lr
};

}  // namespace optim
