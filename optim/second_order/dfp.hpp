#pragma once
// The Davidon-Fletcher-Powell method (Davidon 1959, Fletcher & Powell 1963; seed 003's
// quasi-Newton family; N&W eq. 6.15 in its inverse form): d = -H g, a line search, and after
// each step with s = x_{k+1} - x_k, y = g_{k+1} - g_k,
//   H <- H - (H y)(H y)' / (y'H y) + s s' / (y's),
// which satisfies the secant equation H y = s. H_0 = (y's / y'y) I before the first update (N&W
// eq. 6.20, as bfgs does), and a pair with y's <= eps |s| |y| is skipped. Its line search is
// tighter than bfgs's by default (c2 = 0.1, see DfpParams). DFP is BFGS's dual
// (the same formula with H and B, s and y exchanged); it is known to correct bad curvature
// estimates far less effectively than BFGS (N&W section 6.1), which the MGH table shows.
#include <memory>
#include <string>

#include "optim/line_search/line_search.hpp"
#include "optim/line_search/line_search_settings.hpp"
#include "optim/method.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

// The DFP update of H in place (H symmetric n x n), with hy scratch of length n.
template <class S>
void dfp_inverse_update(Mat<S>& h, const Vec<S>& s, const Vec<S>& y, Vec<S>& hy);

struct DfpParams {
  // Strong Wolfe with c2 = 0.1: with BFGS's c2 = 0.9, DFP did not solve Wood, extended
  // Rosenbrock or the helical valley in 1000 iterations (f = 3e-4, 2e-7, 7e-7); with 0.1 it
  // solves them in 34, 24 and 24. DFP's updates are far more sensitive to inexact line
  // searches than BFGS's (N&W section 6.1; Powell 1986).
  LineSearchSettings line_search{.more_thuente = {.c2 = 0.1}};
  double curvature_eps = 1e-10;  // skip the update when y's <= eps |s| |y|, >= 0
  void validate() const;
};
const settings::FieldTable<DfpParams>& dfp_fields();

template <class S>
class Dfp final : public Method<S> {
 public:
  explicit Dfp(DfpParams p = {});
  std::string name() const override { return "dfp"; }
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;

 private:
  DfpParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
};

}  // namespace optim
