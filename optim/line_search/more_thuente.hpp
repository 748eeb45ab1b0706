#pragma once
// Strong Wolfe line search of Moré and Thuente, "Line search algorithms with guaranteed
// sufficient decrease", ACM TOMS 20(3), 1994 (the algorithm of MINPACK-2's dcsrch/dcstep). It
// keeps an interval of uncertainty [stx, sty], extrapolates until the minimiser is bracketed,
// then shrinks the interval with safeguarded cubic/quadratic interpolation until the strong
// Wolfe conditions (Nocedal & Wright eqs. 3.7a, 3.7b) hold:
//   phi(a) <= phi(0) + c1 a phi'(0)     and     |phi'(a)| <= c2 |phi'(0)|.
// Every trial needs the directional derivative, so each probe evaluates value and gradient.
#include "optim/bounds/bounds.hpp"
#include "optim/line_search/line_search.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct MoreThuenteParams {
  double c1 = 1e-4;     // sufficient decrease (the paper's ftol), 0 < c1 < c2
  double c2 = 0.9;      // curvature (the paper's gtol), c1 < c2 < 1; use 0.1 for conjugate gradient
  double xtol = 1e-12;  // relative width of the interval of uncertainty at which to stop, > 0
  double alpha_min = 1e-20;  // step bounds, 0 < alpha_min < alpha_max
  double alpha_max = 1e20;
  long max_evals = 20;    // trials before giving up, >= 1
  void validate() const;  // throws std::invalid_argument naming field, value, range
};
const settings::FieldTable<MoreThuenteParams>& more_thuente_fields();

template <class S>
class MoreThuenteLineSearch final : public LineSearch<S> {
 public:
  explicit MoreThuenteLineSearch(MoreThuenteParams p = {});
  std::string name() const override { return "more_thuente"; }
  std::unique_ptr<LineSearch<S>> clone() const override;
  void resize(Index /*n*/) override {}
  LineSearchResult<S> search_with_slope(Evaluator<S>& eval, const Iterate<S>& cur, const Vec<S>& d,
                                        S dphi0, S alpha0, Iterate<S>& out) override;
  // The same search with its largest step lowered to min(params().alpha_max, alpha_max) for this
  // call, and, with a box, every trial point projected onto it: a bound-constrained method passes
  // the largest feasible step along d, so the projection only removes the rounding of x + a d
  // that could put a coordinate one ulp outside a bound it reaches. With `at_one`, the trial of
  // step 1 is that point exactly (the caller built d = *at_one - x, and x + 1 d may round off
  // the bounds *at_one lies on).
  LineSearchResult<S> search_limited(Evaluator<S>& eval, const Iterate<S>& cur, const Vec<S>& d,
                                     S dphi0, S alpha0, double alpha_max, const Bounds<S>* box,
                                     Iterate<S>& out, const Vec<S>* at_one = nullptr);
  const MoreThuenteParams& params() const { return p_; }

 private:
  MoreThuenteParams p_;
};

// One safeguarded step of the interval update (the paper's section 4, MINPACK-2 dcstep): given
// the best point (stx, fx, dx), the other end (sty, fy, dy) and the trial (stp, fp, dp), it
// updates the interval and returns the next trial step. Exposed for tests.
struct MtInterval {
  double stx, fx, dx;
  double sty, fy, dy;
  bool bracketed = false;
};
double more_thuente_step(MtInterval& iv, double stp, double fp, double dp, double stpmin,
                         double stpmax);

}  // namespace optim
