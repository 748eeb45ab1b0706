// Registry entries of the first-order family: every update rule x every schedule x batch mode,
// for float and double. Names: gd, momentum, nesterov, adagrad, rmsprop, adam, adamw, amsgrad,
// rprop (variant=rprop-|rprop+|irprop+|irprop-), quickprop.
#include <memory>

#include "optim/first_order/adagrad.hpp"
#include "optim/first_order/adam.hpp"
#include "optim/first_order/first_order.hpp"
#include "optim/first_order/gradient_descent.hpp"
#include "optim/first_order/momentum.hpp"
#include "optim/first_order/nesterov.hpp"
#include "optim/first_order/quickprop.hpp"
#include "optim/first_order/rmsprop.hpp"
#include "optim/first_order/rprop.hpp"
#include "optim/registry.hpp"

namespace optim {
namespace {

std::vector<HyperParam> with_loop_params(std::vector<HyperParam> own) {
  own.push_back({"batch_size", "0", "samples per update: 0 full batch, 1 online, else minibatch"});
  own.push_back({"shuffle", "true", "reshuffle the sample order every epoch"});
  own.push_back({"seed", "42", "seed of the shuffling"});
  for (auto& p : schedule_params()) own.push_back(std::move(p));
  return own;
}

BatchOptions batch_options(const ParamSet& p) {
  BatchOptions b;
  b.batch_size = p.get_int("batch_size", 0);
  b.shuffle = p.get_bool("shuffle", true);
  b.seed = static_cast<std::uint64_t>(p.get_int("seed", 42));
  return b;
}

// Builds a FirstOrder method for both scalars from a function (ParamSet -> rule parameters).
template <template <class> class Rule, class Params>
MethodInfo first_order_entry(std::string name, std::string summary, std::vector<HyperParam> own,
                             Params (*read)(const ParamSet&)) {
  MethodInfo info;
  info.name = std::move(name);
  info.family = "first-order";
  info.summary = std::move(summary);
  info.params = with_loop_params(std::move(own));
  info.make_float = [read](const ParamSet& p) -> std::unique_ptr<Method<float>> {
    return std::make_unique<FirstOrder<float>>(std::make_shared<Rule<float>>(read(p)),
                                               make_schedule(p), batch_options(p));
  };
  info.make_double = [read](const ParamSet& p) -> std::unique_ptr<Method<double>> {
    return std::make_unique<FirstOrder<double>>(std::make_shared<Rule<double>>(read(p)),
                                                make_schedule(p), batch_options(p));
  };
  return info;
}

GradientDescentParams read_gd(const ParamSet& p) {
  GradientDescentParams g;
  g.lr = p.get_double("lr", g.lr);
  return g;
}

MomentumParams read_momentum(const ParamSet& p) {
  MomentumParams m;
  m.lr = p.get_double("lr", m.lr);
  m.momentum = p.get_double("momentum", m.momentum);
  return m;
}

NesterovParams read_nesterov(const ParamSet& p) {
  NesterovParams m;
  m.lr = p.get_double("lr", m.lr);
  m.momentum = p.get_double("momentum", m.momentum);
  return m;
}

AdagradParams read_adagrad(const ParamSet& p) {
  AdagradParams a;
  a.lr = p.get_double("lr", a.lr);
  a.eps = p.get_double("eps", a.eps);
  a.eps_inside = p.get_bool("eps_inside", a.eps_inside);
  a.initial_accumulator = p.get_double("initial_accumulator", a.initial_accumulator);
  return a;
}

RmspropParams read_rmsprop(const ParamSet& p) {
  RmspropParams r;
  r.lr = p.get_double("lr", r.lr);
  r.beta = p.get_double("beta", r.beta);
  r.eps = p.get_double("eps", r.eps);
  r.eps_inside = p.get_bool("eps_inside", r.eps_inside);
  return r;
}

AdamParams read_adam_common(const ParamSet& p, AdamParams a) {
  a.lr = p.get_double("lr", a.lr);
  a.beta1 = p.get_double("beta1", a.beta1);
  a.beta2 = p.get_double("beta2", a.beta2);
  a.eps = p.get_double("eps", a.eps);
  a.eps_inside = p.get_bool("eps_inside", a.eps_inside);
  a.weight_decay = p.get_double("weight_decay", a.weight_decay);
  return a;
}
AdamParams read_adam(const ParamSet& p) {
  return read_adam_common(p, AdamParams{});
}
AdamParams read_adamw(const ParamSet& p) {
  AdamParams a;
  a.weight_decay = 0.01;  // torch.optim.AdamW's default
  return read_adam_common(p, a);
}
AdamParams read_amsgrad(const ParamSet& p) {
  AdamParams a;
  a.amsgrad = true;
  return read_adam_common(p, a);
}

RpropParams read_rprop(const ParamSet& p) {
  RpropParams r;
  r.lr = p.get_double("lr", r.lr);
  r.eta_minus = p.get_double("eta_minus", r.eta_minus);
  r.eta_plus = p.get_double("eta_plus", r.eta_plus);
  r.step_min = p.get_double("step_min", r.step_min);
  r.step_max = p.get_double("step_max", r.step_max);
  r.variant = parse_rprop_variant(p.get_string("variant", to_string(r.variant)));
  return r;
}

QuickpropParams read_quickprop(const ParamSet& p) {
  QuickpropParams q;
  q.lr = p.get_double("lr", q.lr);
  q.mu = p.get_double("mu", q.mu);
  q.gradient_term = p.get_bool("gradient_term", q.gradient_term);
  return q;
}

std::vector<HyperParam> adam_params(const std::string& wd_default) {
  return {{"lr", "0.001", "learning rate eta > 0"},
          {"beta1", "0.9", "first-moment decay in [0, 1)"},
          {"beta2", "0.999", "second-moment decay in [0, 1)"},
          {"eps", "1e-8", "denominator guard > 0"},
          {"eps_inside", "false", "sqrt(A_hat + eps) (seeds 000/001) instead of sqrt(A_hat) + eps"},
          {"weight_decay", wd_default, "decoupled weight decay lambda >= 0 (AdamW)"}};
}

}  // namespace

void add_first_order_methods(std::vector<MethodInfo>& out) {
  out.push_back(
      first_order_entry<GradientDescent>("gd", "gradient descent w <- w - eta g (seed 003 eq. 1)",
                                         {{"lr", "0.01", "learning rate eta > 0"}}, &read_gd));
  out.push_back(first_order_entry<Momentum>(
      "momentum", "momentum v <- a v - eta g; w <- w + v (seed 000 sec. 3.3)",
      {{"lr", "0.01", "learning rate eta > 0"},
       {"momentum", "0.9", "momentum parameter alpha in [0, 1)"}},
      &read_momentum));
  out.push_back(first_order_entry<Nesterov>(
      "nesterov", "Nesterov: gradient at the look-ahead point w + a v (seed 000 Prop. 3.9)",
      {{"lr", "0.01", "learning rate eta > 0"},
       {"momentum", "0.9", "momentum parameter alpha in [0, 1)"}},
      &read_nesterov));
  out.push_back(first_order_entry<Adagrad>(
      "adagrad", "AdaGrad A <- A + g^2; w <- w - eta g/(sqrt(A) + eps) (seed 002)",
      {{"lr", "0.01", "learning rate eta > 0"},
       {"eps", "1e-10", "denominator guard > 0"},
       {"eps_inside", "false", "sqrt(A + eps) (seed 000) instead of sqrt(A) + eps"},
       {"initial_accumulator", "0", "initial A >= 0"}},
      &read_adagrad));
  out.push_back(first_order_entry<Rmsprop>(
      "rmsprop", "RMSProp A <- b A + (1-b) g^2; w <- w - eta g/(sqrt(A) + eps) (seed 002)",
      {{"lr", "0.01", "learning rate eta > 0"},
       {"beta", "0.99", "smoothing beta in [0, 1) (torch's alpha)"},
       {"eps", "1e-8", "denominator guard > 0"},
       {"eps_inside", "false", "sqrt(A + eps) (seed 000) instead of sqrt(A) + eps"}},
      &read_rmsprop));
  out.push_back(first_order_entry<Adam>("adam",
                                        "Adam with bias correction (Kingma & Ba 2014; seed 002)",
                                        adam_params("0"), &read_adam));
  out.push_back(first_order_entry<Adam>(
      "adamw",
      "AdamW: decoupled weight decay w <- w(1 - eta lambda), then Adam (Loshchilov-Hutter)",
      adam_params("0.01"), &read_adamw));
  out.push_back(first_order_entry<Adam>(
      "amsgrad", "AMSGrad: Adam with the running maximum of the second moment (Reddi et al. 2018)",
      adam_params("0"), &read_amsgrad));
  out.push_back(first_order_entry<Rprop>(
      "rprop", "RProp: sign-based per-weight steps (seed 004 sec. 5.1; Igel & Huesken 2000)",
      {{"lr", "0.01", "initial step Delta_0 in [step_min, step_max]"},
       {"variant", "irprop-", "rprop- | rprop+ (backtracking) | irprop+ | irprop- (torch)"},
       {"eta_minus", "0.5", "step shrink factor in (0, 1)"},
       {"eta_plus", "1.2", "step growth factor > 1"},
       {"step_min", "1e-6", "smallest step > 0"},
       {"step_max", "50", "largest step >= step_min"}},
      &read_rprop));
  out.push_back(first_order_entry<Quickprop>(
      "quickprop", "QuickProp parabola step g/(g_prev - g) dw_prev (Fahlman 1988; seed 004 5.2)",
      {{"lr", "0.01", "gradient-term / fallback rate eta > 0"},
       {"mu", "1.75", "maximum growth factor > 0"},
       {"gradient_term", "true", "add -eta g while the slope keeps its sign"}},
      &read_quickprop));
}

}  // namespace optim
