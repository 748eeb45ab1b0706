// Registry entries of the second-order family: Newton (with its safeguards), nonlinear conjugate
// gradient, dense BFGS and L-BFGS. Each entry reads its hyperparameters from a ParamSet and
// builds the method for float and double.
#include "optim/registry.hpp"

#include <memory>

#include "optim/second_order/newton.hpp"

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

}  // namespace

void add_second_order_methods(std::vector<MethodInfo>& out) {
  out.push_back(entry<Newton>(
      "newton",
      "Newton w <- w - rho H^-1 g (seed 003 eq. 10) with a Hessian safeguard and line search",
      {{"modification", "identity_shift",
        "none | identity_shift (N&W Alg. 3.3) | eigen (lambda -> max(lambda, delta)) | "
        "saddle_free (lambda -> max(|lambda|, delta), Dauphin et al. 2014)"},
       {"line_search", "armijo", "armijo | more_thuente | exact | none (full step)"},
       {"c1", "1e-4", "sufficient-decrease constant, in (0, 1)"},
       {"shift_beta", "1e-3", "identity-shift beta of N&W Alg. 3.3, > 0"},
       {"eigen_delta", "1e-8", "relative eigenvalue floor delta, > 0"},
       {"singular_tol", "1e-12", "plain Newton: |lambda|min <= tol |lambda|max is singular, > 0"},
       {"max_shifts", "100", "identity-shift doublings before giving up, >= 1"}},
      &read_newton));
}

}  // namespace optim
