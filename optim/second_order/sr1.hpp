#pragma once
// The symmetric-rank-one quasi-Newton method in a trust region (seed 003's quasi-Newton family;
// N&W section 6.2, Algorithm 6.2). B approximates the Hessian itself; after every trial step s
// (accepted or not) with y = g(x + s) - g(x) and v = y - B s,
//   B <- B + v v' / (v's)                                                      (N&W eq. 6.24)
// which satisfies the secant equation B s = y, unless the denominator is unsafe:
//   the update is skipped when |s'v| < r |s| |v|, r = 1e-8                     (N&W eq. 6.26).
// SR1 does not keep B positive definite (its strength: it can model negative curvature), so the
// step comes from the exact trust-region subproblem (trust_subproblem.hpp, indefinite B and the
// hard case included), O(n^3) per trial: for small n. B_0 = I (N&W Algorithm 6.2; rescaling it
// to (y'y / s'y) I before the first update, the inverse of BFGS's eq. 6.20, lost NIST Gauss3,
// Lanczos1 and Roszman1 and won nothing on the method table). The radius follows N&W
// Algorithm 4.1 (trust_region_loop.hpp) rather than Algorithm 6.2's variant (which keeps Delta
// for rho > 3/4 unless |s| > 0.8 Delta): one radius rule for every trust-region method here.
#include <memory>
#include <string>

#include "optim/method.hpp"
#include "optim/second_order/trust_region_loop.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

// N&W eqs. 6.24 and 6.26 on B in place with the pair (s, y); v is scratch of length n. Returns
// false (B unchanged) when the update is skipped.
template <class S>
bool sr1_update(Mat<S>& b, const Vec<S>& s, const Vec<S>& y, S r, Vec<S>& v);

struct Sr1Params {
  TrustRegionSettings trust{};
  double skip_r = 1e-8;  // skip unless |s'(y - Bs)| >= r |s| |y - Bs|, in (0, 1)
  void validate() const;
};
const settings::FieldTable<Sr1Params>& sr1_fields();

template <class S>
class Sr1 final : public Method<S> {
 public:
  explicit Sr1(Sr1Params p = {});
  std::string name() const override { return "sr1"; }
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;

 private:
  Sr1Params p_;
};

}  // namespace optim
