#pragma once
// RMSProp (Hinton, lecture 6): a running mean of squared gradients instead of AdaGrad's sum
//   A_{t+1} = beta A_t + (1 - beta) g_t^2,   W_{t+1} = W_t - eta g_t / (sqrt(A_{t+1}) + eps)
// seed 002 "RMSprop" and torch.optim.RMSprop (its `alpha` is our beta) put eps outside the root
// (default); seed 000 Proposition 3.11, seed 001 Algorithm 8.5 and seed 004 sec. 6.4.2 put it
// inside, W_{t+1} = W_t - eta g_t / sqrt(A_{t+1} + eps): choose that with eps_inside = true.
//
// The two variants of torch.optim.RMSprop (Graves 2013, "Generating sequences with recurrent
// neural networks", eqs. 38-41, for both):
//   centered:  G_{t+1} = beta G_t + (1 - beta) g_t and the denominator uses A_{t+1} - G_{t+1}^2,
//              the running variance of g instead of its raw second moment;
//   momentum:  B_{t+1} = mu B_t + g_t / denom, W_{t+1} = W_t - eta B_{t+1} (heavy ball on the
//              rescaled gradient; seed 002 remarks that momentum "does not help much" with
//              RMSProp, which `optim study`-style comparisons can now check).
// With momentum = 0 and centered = false the update is the plain one, bit for bit.
#include "optim/first_order/update_rule.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct RmspropParams {
  double lr = 0.01;         // eta > 0
  double beta = 0.99;       // smoothing in [0, 1) (torch's alpha, seed 001's rho)
  double eps = 1e-8;        // > 0
  bool eps_inside = false;  // sqrt(A + eps) instead of sqrt(A) + eps
  double momentum = 0;      // mu in [0, 1): heavy ball on the rescaled gradient (0: off)
  bool centered = false;    // divide by the running standard deviation of g
  void validate() const;
};

// The one description of every field: name, range, help (validate() checks it).
const settings::FieldTable<RmspropParams>& rmsprop_fields();

template <class S>
class Rmsprop final : public UpdateRule<S> {
 public:
  explicit Rmsprop(RmspropParams p = {});
  std::string name() const override { return "rmsprop"; }
  double lr() const override { return p_.lr; }
  std::unique_ptr<RuleState<S>> start(Index n) const override;
  const RmspropParams& params() const { return p_; }

 private:
  RmspropParams p_;
};

}  // namespace optim
