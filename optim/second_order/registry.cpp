// Registry entries of the second-order family: Newton (with its safeguards), nonlinear conjugate
// gradient, dense BFGS and L-BFGS. Each entry reads its hyperparameters from a ParamSet and
// builds the method for float and double.
#include "optim/registry.hpp"

#include <memory>

#include "optim/second_order/bfgs.hpp"
#include "optim/second_order/lbfgs.hpp"
#include "optim/second_order/newton.hpp"
#include "optim/second_order/nonlinear_cg.hpp"

namespace optim {
namespace {

template <template <class> class M, class P>
MethodInfo entry(std::string name, std::string summary, std::vector<HyperParam> params,
                 P (*read)(const ParamSet&)) {
  MethodInfo info;
  info.name = std::move(name);
  info.family = "second-order";
  info.summary = std::move(summary);
  info.params = std::move(params);
  info.make_float = [read](const ParamSet& p) -> std::unique_ptr<Method<float>> {
    return std::make_unique<M<float>>(read(p));
  };
  info.make_double = [read](const ParamSet& p) -> std::unique_ptr<Method<double>> {
    return std::make_unique<M<double>>(read(p));
  };
  return info;
}

NewtonParams read_newton(const ParamSet& p) {
  NewtonParams n;
  n.modification = parse_hessian_modification(p.get_string("modification", "identity_shift"));
  n.line_search = p.get_string("line_search", n.line_search);
  n.c1 = p.get_double("c1", n.c1);
  n.shift_beta = p.get_double("shift_beta", n.shift_beta);
  n.eigen_delta = p.get_double("eigen_delta", n.eigen_delta);
  n.singular_tol = p.get_double("singular_tol", n.singular_tol);
  n.max_shifts = p.get_int("max_shifts", n.max_shifts);
  return n;
}

NonlinearCgParams read_cg(const ParamSet& p) {
  NonlinearCgParams c;
  c.variant = parse_cg_variant(p.get_string("variant", "polak_ribiere"));
  c.restart_every = p.get_int("restart_every", c.restart_every);
  c.powell_nu = p.get_double("powell_nu", c.powell_nu);
  c.line_search = p.get_string("line_search", c.line_search);
  c.c1 = p.get_double("c1", c.c1);
  c.c2 = p.get_double("c2", c.c2);
  return c;
}

BfgsParams read_bfgs(const ParamSet& p) {
  BfgsParams b;
  b.line_search = p.get_string("line_search", b.line_search);
  b.c1 = p.get_double("c1", b.c1);
  b.c2 = p.get_double("c2", b.c2);
  b.curvature_eps = p.get_double("curvature_eps", b.curvature_eps);
  return b;
}

LbfgsParams read_lbfgs(const ParamSet& p) {
  LbfgsParams l;
  l.m = p.get_int("m", l.m);
  l.line_search = p.get_string("line_search", l.line_search);
  l.c1 = p.get_double("c1", l.c1);
  l.c2 = p.get_double("c2", l.c2);
  l.curvature_eps = p.get_double("curvature_eps", l.curvature_eps);
  return l;
}

const HyperParam kQuasiLs{"line_search", "more_thuente",
                          "more_thuente (strong Wolfe) | armijo | exact"};
const HyperParam kC1{"c1", "1e-4", "sufficient-decrease constant, 0 < c1 < c2"};

}  // namespace

void add_second_order_methods(std::vector<MethodInfo>& out) {
  out.push_back(entry<Newton>(
      "newton",
      "Newton w <- w - rho H^-1 g (seed 003 eq. 10) with a Hessian safeguard and line search",
      {{"modification", "identity_shift",
        "none | identity_shift (N&W Alg. 3.3) | eigen (lambda -> max(lambda, delta)) | "
        "saddle_free (lambda -> max(|lambda|, delta), Dauphin et al. 2014)"},
       {"line_search", "more_thuente",
        "more_thuente (strong Wolfe) | armijo | exact | none (full step)"},
       {"c1", "1e-4", "sufficient-decrease constant, in (0, 1)"},
       {"shift_beta", "1e-3", "identity-shift beta of N&W Alg. 3.3, > 0"},
       {"eigen_delta", "1e-8", "relative eigenvalue floor delta, > 0"},
       {"singular_tol", "1e-12", "plain Newton: |lambda|min <= tol |lambda|max is singular, > 0"},
       {"max_shifts", "100", "identity-shift doublings before giving up, >= 1"}},
      &read_newton));
  out.push_back(entry<NonlinearCg>(
      "cg", "nonlinear conjugate gradient d = -g + beta d (N&W 5.2) with restarts and strong Wolfe",
      {{"variant", "polak_ribiere",
        "fletcher_reeves (fr) | polak_ribiere (pr+, clipped at 0) | hestenes_stiefel (hs) | "
        "dai_yuan (dy)"},
       {"restart_every", "0", "restart along -g every this many iterations, 0 = n, >= 0"},
       {"powell_nu", "0.1", "Powell restart when |g'g_prev| >= nu g'g (N&W 5.52), in (0, 1]"},
       kQuasiLs,
       kC1,
       {"c2", "0.1", "curvature constant (strong Wolfe), c1 < c2 < 1"}},
      &read_cg));
  out.push_back(
      entry<Bfgs>("bfgs", "dense BFGS on the inverse Hessian (N&W eq. 6.17), for small n",
                  {kQuasiLs,
                   kC1,
                   {"c2", "0.9", "curvature constant (strong Wolfe), c1 < c2 < 1"},
                   {"curvature_eps", "1e-10", "skip the update when s'y <= eps |s||y|, >= 0"}},
                  &read_bfgs));
  out.push_back(entry<Lbfgs>(
      "lbfgs", "limited-memory BFGS, two-loop recursion (N&W Alg. 7.4), gamma = s'y/y'y",
      {{"m", "10", "number of stored pairs, >= 1"},
       kQuasiLs,
       kC1,
       {"c2", "0.9", "curvature constant (strong Wolfe), c1 < c2 < 1"},
       {"curvature_eps", "1e-10", "skip pairs with s'y <= eps |s||y|, >= 0"}},
      &read_lbfgs));
}

}  // namespace optim
