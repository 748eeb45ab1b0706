#pragma once
// Armijo backtracking with quadratic/cubic interpolation (Nocedal & Wright, Numerical
// Optimization, 2nd ed., section 3.5, eqs. 3.4 and 3.57-3.59). Trial points are probed for the
// value alone (Objective::evaluate with a null gradient); the gradient is computed once, at the
// accepted point. This is the search Newton and Gauss-Newton use: their first trial step 1 is
// accepted near a solution, so the search usually costs one value and one gradient.
#include "optim/line_search/line_search.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct ArmijoParams {
  double c1 = 1e-4;          // sufficient-decrease constant, 0 < c1 < 1 (N&W eq. 3.4)
  double shrink_lo = 0.1;    // safeguard: the next trial lies in [shrink_lo, shrink_hi] * alpha
  double shrink_hi = 0.5;    //   (N&W p. 58), 0 < shrink_lo <= shrink_hi < 1
  long max_evals = 50;       // trial values before giving up, >= 1
  double alpha_min = 1e-20;  // give up once the step falls below this, > 0
  // Throws std::invalid_argument naming the field, value and allowed range.
  void validate() const;
};
const settings::FieldTable<ArmijoParams>& armijo_fields();

template <class S>
class ArmijoLineSearch final : public LineSearch<S> {
 public:
  explicit ArmijoLineSearch(ArmijoParams p = {});
  std::string name() const override { return "armijo"; }
  std::unique_ptr<LineSearch<S>> clone() const override;
  void resize(Index /*n*/) override {}
  LineSearchResult<S> search_with_slope(Evaluator<S>& eval, const Iterate<S>& cur, const Vec<S>& d,
                                        S slope, S alpha0, Iterate<S>& out) override;
  const ArmijoParams& params() const { return p_; }

 private:
  ArmijoParams p_;
};

// The minimiser of the quadratic through phi(0), phi'(0) and phi(a) (N&W eq. 3.57); exposed for
// tests. Returns a non-finite value when the quadratic has no minimum.
double armijo_quadratic_step(double phi0, double dphi0, double a, double phi_a);
// The minimiser of the cubic through phi(0), phi'(0), phi(a0), phi(a1) (N&W eq. 3.58).
double armijo_cubic_step(double phi0, double dphi0, double a0, double phi_a0, double a1,
                         double phi_a1);

}  // namespace optim
