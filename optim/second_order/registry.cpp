// Registry entries of the second-order family: Newton (with its safeguards), Newton-CG,
// trust-region Newton, nonlinear and linear conjugate gradient, dense BFGS, SR1, DFP, L-BFGS and
// L-BFGS-B, each described by its settings' field table (line search included:
// line_search_settings.hpp).
#include <memory>

#include "optim/second_order/bfgs.hpp"
#include "optim/second_order/dfp.hpp"
#include "optim/second_order/diag_newton.hpp"
#include "optim/second_order/lbfgs.hpp"
#include "optim/second_order/lbfgsb.hpp"
#include "optim/second_order/linear_cg_method.hpp"
#include "optim/second_order/newton.hpp"
#include "optim/second_order/newton_cg.hpp"
#include "optim/second_order/nonlinear_cg.hpp"
#include "optim/second_order/sr1.hpp"
#include "optim/second_order/trust_region.hpp"
#include "optim/settings/method_entry.hpp"

namespace optim {
namespace {

template <template <class> class M, class P>
MethodInfo entry(std::string name, std::string summary, const settings::FieldTable<P>& table) {
  return settings::method_entry(
      std::move(name), "second-order", std::move(summary), table, P{},
      []<class S>(const P& p) -> std::unique_ptr<Method<S>> { return std::make_unique<M<S>>(p); });
}

}  // namespace

void add_second_order_methods(std::vector<MethodInfo>& out) {
  out.push_back(entry<Newton>(
      "newton",
      "Newton w <- w - rho H^-1 g (seed 003 eq. 10) with a Hessian safeguard and line search",
      newton_fields()));
  out.push_back(entry<DiagNewton>(
      "diag-newton",
      "diagonal Newton w <- w - eta g / (diag(G) + damping) with the Gauss-Newton diagonal (seed "
      "003; Becker & LeCun 1988); networks, full batch",
      diag_newton_fields()));
  out.push_back(entry<NewtonCg>(
      "newton-cg",
      "truncated Newton: CG on H p = -g with Hessian-vector products only, in a Steihaug-Toint "
      "trust region (N&W Alg. 7.2) or with a line search (Alg. 7.1)",
      newton_cg_fields()));
  out.push_back(entry<TrustRegionNewton>(
      "trust-region",
      "Newton in a trust region (N&W Alg. 4.1): exact subproblem (More-Sorensen, hard case "
      "included) for small n, or dogleg",
      trust_region_method_fields()));
  out.push_back(entry<NonlinearCg>(
      "cg", "nonlinear conjugate gradient d = -g + beta d (N&W 5.2) with restarts and strong Wolfe",
      cg_fields()));
  out.push_back(entry<LinearCgMethod>(
      "linear-cg",
      "linear CG on a convex quadratic (seed 003 eqs. 14-16, N&W Alg. 5.2), one CG iteration per "
      "step with Hessian-vector products",
      linear_cg_fields()));
  out.push_back(entry<Bfgs>("bfgs", "dense BFGS on the inverse Hessian (N&W eq. 6.17), for small n",
                            bfgs_fields()));
  out.push_back(entry<Sr1>(
      "sr1",
      "symmetric rank-one quasi-Newton B += v v'/v's, v = y - Bs, skip rule (N&W 6.24, 6.26), "
      "in a trust region with the exact subproblem; small n",
      sr1_fields()));
  out.push_back(entry<Dfp>(
      "dfp", "Davidon-Fletcher-Powell inverse update H += ss'/y's - Hyy'H/y'Hy, line search",
      dfp_fields()));
  out.push_back(entry<Lbfgs>(
      "lbfgs", "limited-memory BFGS, two-loop recursion (N&W Alg. 7.4), gamma = s'y/y'y",
      lbfgs_fields()));
  out.push_back(entry<Lbfgsb>(
      "lbfgsb",
      "L-BFGS-B on a box: Cauchy point, subspace step, feasible line search (BLNZ 1995, MN 2011)",
      lbfgsb_fields()));
}

}  // namespace optim
