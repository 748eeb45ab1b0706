#pragma once
// Exact line minimisation rho* = argmin_rho e(w + rho d) (seed 003 eq. 3, with d = -grad e for
// steepest descent). The minimiser is first bracketed (a < b < c with phi(b) below both ends) by
// halving or expanding the trial step, then located with Brent's method from Boost.Math
// (boost::math::tools::brent_find_minima). For studies of step-size regimes and for quadratics,
// where it reproduces the optimal step of the Taylor model (seed 004 section 4.4); every probe is
// value-only and the gradient is computed once at the minimiser.
#include "optim/line_search/line_search.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct ExactParams {
  long max_bracket = 60;  // halvings / expansions while bracketing, >= 1
  long max_brent = 100;   // Brent iterations, >= 1
  int bits = 0;           // Brent precision in bits; 0: half the scalar's mantissa (the best
                          // achievable for a minimum, Brent 1973 ch. 5), else 1..digits
  double expand = 1.618033988749895;  // growth factor while expanding (golden ratio), > 1
  void validate() const;
};
const settings::FieldTable<ExactParams>& exact_fields();

template <class S>
class ExactLineSearch final : public LineSearch<S> {
 public:
  explicit ExactLineSearch(ExactParams p = {});
  std::string name() const override { return "exact"; }
  std::unique_ptr<LineSearch<S>> clone() const override;
  void resize(Index /*n*/) override {}
  LineSearchResult<S> search_with_slope(Evaluator<S>& eval, const Iterate<S>& cur, const Vec<S>& d,
                                        S slope, S alpha0, Iterate<S>& out) override;

 private:
  ExactParams p_;
};

}  // namespace optim
