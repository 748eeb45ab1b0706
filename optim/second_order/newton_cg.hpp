#pragma once
// Newton-CG, the truncated (Hessian-free) Newton method (Nocedal & Wright chapter 7; seed 002's
// "Hessian-free 2nd-order methods"; Martens, "Deep learning via Hessian-free optimization",
// ICML 2010). The Newton equation B p = -g is solved inexactly by conjugate gradient
// (truncated_cg.hpp) using Hessian-vector products only, never a matrix, up to the forcing
// tolerance |r| <= eta_k |g| with eta_k = min(0.5, sqrt(|g|)) (N&W eq. 7.3 and Algorithm 7.1:
// superlinear convergence, since eta_k -> 0 with |g|). Two globalizations:
//   trust_region  Steihaug-Toint CG inside |p| <= Delta (N&W Algorithm 7.2): negative curvature
//                 or the boundary stops CG on the boundary; the step is accepted when
//                 rho = actual / predicted reduction >= eta, and Delta follows N&W Algorithm 4.1
//                 (trust_radius.hpp). Rejected trials shrink Delta and solve again within the
//                 same iteration, at most max_trials times.
//   line_search   N&W Algorithm 7.1: CG stops at negative curvature (returning the last iterate,
//                 or -g at the first direction), then a line search from the trial step 1.
// An objective without Hessian-vector products gets them from central differences of its
// gradient (the driver; two gradients per product). An objective whose only second-order
// capability is the dense Hessian forms it at every product: give it a hessian_vector of its
// own where H v is cheaper (the analytic Rosenbrock does).
#include <memory>
#include <string>

#include "optim/line_search/line_search.hpp"
#include "optim/line_search/line_search_settings.hpp"
#include "optim/method.hpp"
#include "optim/second_order/trust_region_loop.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

enum class Globalization { TrustRegion, LineSearch };

struct NewtonCgParams {
  Globalization globalization = Globalization::TrustRegion;
  LineSearchSettings line_search{};  // line_search globalization only; strong Wolfe by default
  TrustRegionSettings trust{};       // trust_region globalization only
  long max_cg = 0;                   // CG directions per Newton step (0: n), >= 0
  void validate() const;
};
const settings::FieldTable<NewtonCgParams>& newton_cg_fields();

template <class S>
class NewtonCg final : public Method<S> {
 public:
  explicit NewtonCg(NewtonCgParams p = {});
  std::string name() const override { return "newton-cg"; }
  bool needs_hessian_vector() const override { return true; }
  // Throws std::invalid_argument when the objective has no Hessian-vector product (outside a
  // run of the driver, which supplies one).
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;
  const NewtonCgParams& params() const { return p_; }

 private:
  NewtonCgParams p_;
  std::unique_ptr<LineSearch<S>> ls_;  // prototype, cloned per run
};

}  // namespace optim
