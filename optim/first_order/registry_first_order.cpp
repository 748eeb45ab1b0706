// Registry entries of the first-order family: every update rule x every schedule x batch mode.
// Names: gd, momentum, nesterov, adagrad, rmsprop, adam, adamw, amsgrad, rprop, quickprop. Each
// entry is the rule's field table plus the decoupled decay's, the loop's and the schedule's
// (first_order_fields): every rule takes weight_decay (> 0 wraps it in DecoupledDecay) and
// clip_norm / clip_value (> 0 wraps it in GradientClip, inside the decay: the decay shrinks the
// weights whatever the gradient, the clip changes only the gradient the rule sees), and adamw /
// amsgrad are adam with other defaults.
#include <memory>

#include "optim/first_order/adagrad.hpp"
#include "optim/first_order/adam.hpp"
#include "optim/first_order/decoupled_decay.hpp"
#include "optim/first_order/first_order.hpp"
#include "optim/first_order/gradient_clip.hpp"
#include "optim/first_order/gradient_descent.hpp"
#include "optim/first_order/momentum.hpp"
#include "optim/first_order/nesterov.hpp"
#include "optim/first_order/quickprop.hpp"
#include "optim/first_order/rmsprop.hpp"
#include "optim/first_order/rprop.hpp"
#include "optim/settings/method_entry.hpp"

namespace optim {
namespace {

template <template <class> class Rule, class P>
MethodInfo entry(std::string name, std::string summary, const settings::FieldTable<P>& rule,
                 FirstOrderSettings<P> defaults = {}) {
  return settings::method_entry(
      name, "first-order", std::move(summary), first_order_fields(rule), defaults,
      [name]<class S>(const FirstOrderSettings<P>& s) -> std::unique_ptr<Method<S>> {
        s.decay.validate();  // also when no wrapper is built: weight_decay = -1 is refused
        s.clip.validate();
        std::shared_ptr<const UpdateRule<S>> r = std::make_shared<Rule<S>>(s.rule);
        // No clip set: the rule as it is (no wrapper, no extra pass per step).
        if (s.clip.active()) r = std::make_shared<GradientClip<S>>(r, s.clip);
        // lambda = 0 leaves the rule as it is (no wrapper, no extra work per step).
        if (s.decay.weight_decay > 0) r = std::make_shared<DecoupledDecay<S>>(r, s.decay);
        return std::make_unique<FirstOrder<S>>(r, make_schedule(s.schedule), s.batch, name);
      });
}

}  // namespace

void add_first_order_methods(std::vector<MethodInfo>& out) {
  out.push_back(entry<GradientDescent>("gd", "gradient descent w <- w - eta g (seed 003 eq. 1)",
                                       gradient_descent_fields()));
  out.push_back(entry<Momentum>(
      "momentum", "momentum v <- a v - eta g; w <- w + v (seed 000 sec. 3.3)", momentum_fields()));
  out.push_back(entry<Nesterov>(
      "nesterov", "Nesterov: gradient at the look-ahead point w + a v (seed 000 Prop. 3.9)",
      nesterov_fields()));
  out.push_back(entry<Adagrad>("adagrad",
                               "AdaGrad A <- A + g^2; w <- w - eta g/(sqrt(A) + eps) (seed 002)",
                               adagrad_fields()));
  out.push_back(entry<Rmsprop>(
      "rmsprop", "RMSProp A <- b A + (1-b) g^2; w <- w - eta g/(sqrt(A) + eps) (seed 002)",
      rmsprop_fields()));
  out.push_back(
      entry<Adam>("adam", "Adam with bias correction (Kingma & Ba 2014; seed 002)", adam_fields()));
  out.push_back(entry<Adam>(
      "adamw",
      "AdamW: decoupled weight decay w <- w(1 - eta lambda), then Adam (Loshchilov-Hutter)",
      adam_fields(), {.decay = {.weight_decay = 0.01}}));  // torch.optim.AdamW's default
  out.push_back(entry<Adam>(
      "amsgrad", "AMSGrad: Adam with the running maximum of the second moment (Reddi et al. 2018)",
      adam_fields(), {.rule = {.amsgrad = true}}));
  out.push_back(entry<Rprop>(
      "rprop", "RProp: sign-based per-weight steps (seed 004 sec. 5.1; Igel & Huesken 2000)",
      rprop_fields()));
  out.push_back(entry<Quickprop>(
      "quickprop", "QuickProp parabola step g/(g_prev - g) dw_prev (Fahlman 1988; seed 004 5.2)",
      quickprop_fields()));
}

}  // namespace optim
