#pragma once
// L-BFGS-B: limited-memory BFGS on a box l <= x <= u (Byrd, Lu, Nocedal & Zhu, "A limited memory
// algorithm for bound constrained optimization", SIAM J. Sci. Comput. 16(5), 1995; with the
// subspace correction of Morales & Nocedal, "Remark on Algorithm 778", ACM TOMS 38(1), 2011).
// Each iteration, from x_k with the compact L-BFGS matrix B (optim/second_order/compact_lbfgs.hpp):
//  1. the generalized Cauchy point x^c: the first minimiser of the quadratic model along the
//     projected steepest-descent path (optim/second_order/cauchy_point.hpp); the variables on a
//     bound at x^c are held fixed;
//  2. subspace minimisation (the direct primal method, BLNZ section 5.1): the model's minimiser
//     over the free variables from x^c, x^ = x^c - B_Z^-1 r^c with r^c the model gradient at x^c
//     on the free variables, by Sherman-Morrison-Woodbury;
//  3. Morales-Nocedal: the projection P(x^) of that point onto the box, kept when P(x^) - x_k is
//     a descent direction, else the original backtracking x^c + a (x^ - x^c) with the largest
//     a <= 1 that stays in the box;
//  4. a Moré-Thuente line search along d = xbar - x_k with the largest step limited to the
//     largest feasible step along d (it is >= 1, as xbar is in the box), every trial in the box;
//     its default constants are the L-BFGS-B code's: c1 = 1e-3, c2 = 0.9, xtol = 0.1;
//  5. the pair (s, y) is stored unless s'y <= eps y'y.
// Without a box (or with every bound infinite) the Cauchy step is skipped once pairs exist, as in
// the L-BFGS-B code, and step 2 is the full quasi-Newton step -B^-1 g: L-BFGS in compact form.
// With a box, when the Cauchy point would fix no variable (none held at x_k, the model's
// minimiser along -g before the first breakpoint), steps 1-2 give that same point x_k - B^-1 g,
// which is then kept without forming x^c whenever it lies in the box: a box that constrains
// nothing costs one read-only pass over it per iteration.
// On a line-search failure, or when no descent direction results, the memory is cleared and the
// iteration retried once (steepest descent projected) before the run ends with
// Status::LineSearchFailed. Everything is sized in start(); step() does not allocate. By name the
// settings are m, curvature_eps and lbfgs's More-Thuente keys (c1, c2, mt_*).
#include <memory>
#include <string>

#include "optim/line_search/line_search_settings.hpp"
#include "optim/method.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

// The search L-BFGS-B 3.0 uses (subroutine lnsrlb): Moré-Thuente with ftol = 1e-3, gtol = 0.9,
// xtol = 0.1.
LineSearchSettings lbfgsb_line_search();

struct LbfgsbParams {
  long m = 10;                                            // memory (pairs), >= 1
  LineSearchSettings line_search = lbfgsb_line_search();  // its More-Thuente settings are used
  double curvature_eps = 2.2e-16;  // skip pairs with s'y <= eps y'y (at least the scalar's eps)
  void validate() const;
};
const settings::FieldTable<LbfgsbParams>& lbfgsb_fields();

template <class S>
class Lbfgsb final : public Method<S> {
 public:
  explicit Lbfgsb(LbfgsbParams p = {});
  std::string name() const override { return "lbfgsb"; }
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;
  bool accepts_bounds() const override { return true; }
  const LbfgsbParams& params() const { return p_; }

 private:
  LbfgsbParams p_;
};

}  // namespace optim
