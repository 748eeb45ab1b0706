#pragma once
// Dense BFGS on the inverse Hessian approximation H (Nocedal & Wright section 6.1): the search
// direction is d = -H g, and after each step with s = x_{k+1} - x_k, y = g_{k+1} - g_k,
//   H <- (I - rho s y') H (I - rho y s') + rho s s',   rho = 1 / y's     (N&W eq. 6.17),
// which makes H satisfy the secant equation H y = s (seed 003 eq. 17, in inverse form). Before
// the first update H_0 = (y's / y'y) I (N&W eq. 6.20). A pair with y's <= eps |s| |y| is
// skipped (the update would lose positive definiteness). O(n^2) memory and work per step: for
// small n; L-BFGS is the large-n form.
//
// On a box l <= x <= u: Bertsekas' two-metric projection (SIAM J. Control Optim. 20, 1982;
// optim/second_order/two_metric.hpp) with H restricted to the free variables as the metric, and
// the projected Armijo arc search x(a) = P(x + a d) in place of the line_search setting (a
// bent path has no Wolfe conditions). For large n on a box, lbfgsb.
#include <memory>
#include <string>

#include "optim/line_search/line_search.hpp"
#include "optim/line_search/line_search_settings.hpp"
#include "optim/method.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

// Applies N&W eq. 6.17 to H in place (H symmetric n x n), with hy scratch of length n; written
// as H - rho (H y s' + s y' H) + (rho^2 y'Hy + rho) s s' so that no temporary matrix is formed.
template <class S>
void bfgs_inverse_update(Mat<S>& h, const Vec<S>& s, const Vec<S>& y, Vec<S>& hy);

struct BfgsParams {
  LineSearchSettings line_search{};  // strong Wolfe (More-Thuente) by default
  double curvature_eps = 1e-10;      // skip the update when y's <= eps |s| |y|, >= 0
  double active_eps = 1e-8;          // on a box: Bertsekas' active tolerance bound, > 0
  void validate() const;
};
const settings::FieldTable<BfgsParams>& bfgs_fields();

template <class S>
class Bfgs final : public Method<S> {
 public:
  explicit Bfgs(BfgsParams p = {});
  // A line search object of the caller's own (cloned per run) instead of p.line_search.
  Bfgs(BfgsParams p, std::unique_ptr<LineSearch<S>> line_search);
  std::string name() const override { return "bfgs"; }
  bool accepts_bounds() const override { return true; }
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;

 private:
  BfgsParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
};

}  // namespace optim
