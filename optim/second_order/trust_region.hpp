#pragma once
// Trust-region Newton (Nocedal & Wright chapter 4): the model m(p) = g'p + 1/2 p'Hp with the
// Hessian itself, minimised over |p| <= Delta each iteration, the radius following Algorithm 4.1
// (trust_region_loop.hpp). The subproblem:
//   exact   the global minimiser, indefinite H and the hard case included (Moré & Sorensen 1983;
//           N&W Algorithm 4.3 through H's eigendecomposition, trust_subproblem.hpp), O(n^3) per
//           iteration: for small n;
//   dogleg  Powell's dogleg path (N&W section 4.1, dogleg.hpp) on H, or on H + tau I (N&W
//           Algorithm 3.3) where H is not positive definite; Cholesky factorisations only.
// Beside Newton's line-search safeguards (newton.hpp), this is the other way to make Newton
// globally convergent: negative curvature is used, not shifted away. An objective without a
// Hessian gets one from differences of its gradient (the driver).
#include <memory>
#include <string>

#include "optim/method.hpp"
#include "optim/second_order/trust_region_loop.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

enum class TrustSubproblemKind { Exact, Dogleg };

struct TrustRegionParams {
  TrustSubproblemKind subproblem = TrustSubproblemKind::Exact;
  TrustRegionSettings trust{};
  void validate() const;
};
const settings::FieldTable<TrustRegionParams>& trust_region_method_fields();

template <class S>
class TrustRegionNewton final : public Method<S> {
 public:
  explicit TrustRegionNewton(TrustRegionParams p = {});
  std::string name() const override { return "trust-region"; }
  bool needs_hessian() const override { return true; }
  // Throws std::invalid_argument when the objective has no Hessian (outside the driver).
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;

 private:
  TrustRegionParams p_;
};

}  // namespace optim
