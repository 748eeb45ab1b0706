#pragma once
// Decoupled weight decay (Loshchilov & Hutter 2019, "Decoupled weight decay regularization") as a
// wrapper around ANY first-order update rule: each update first shrinks the weights,
//   W <- W (1 - eta_k lambda),
// then takes the rule's own step with the same scheduled rate eta_k (torch.optim.AdamW's order).
// Unlike an L2 penalty lambda/2 ||W||^2 in the loss, the shrinkage does not pass through the
// rule's preconditioner (Adam's 1 / (sqrt(A_hat) + eps)), which is the paper's point. With Adam
// this is AdamW, with gradient descent or momentum SGDW (the paper's names; name() appends "w").
//
//   optim::DecoupledDecay<float> adamw(optim::Adam<float>({.lr = 1e-3}), {.weight_decay = 0.01});
//
// The wrapper asks the rule's state for update_with_decay() (update_rule.hpp): Adam fuses the
// shrinkage into its one pass over memory, other rules scale W in a pass of its own first.
#include <concepts>
#include <memory>
#include <utility>

#include "optim/first_order/update_rule.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct DecoupledDecayParams {
  double weight_decay = 0.0;  // lambda >= 0 (0: the rule unchanged)
  void validate() const;
};

// The one description of the field (the first-order registry embeds it in every method's table).
const settings::FieldTable<DecoupledDecayParams>& decoupled_decay_fields();

template <class S>
class DecoupledDecay final : public UpdateRule<S> {
 public:
  DecoupledDecay(std::shared_ptr<const UpdateRule<S>> rule, DecoupledDecayParams p);
  template <std::derived_from<UpdateRule<S>> R>
  DecoupledDecay(R rule, DecoupledDecayParams p)
      : DecoupledDecay(std::make_shared<const R>(std::move(rule)), p) {}

  std::string name() const override { return rule_->name() + "w"; }  // adam -> adamw, gd -> gdw
  double lr() const override { return rule_->lr(); }
  std::unique_ptr<RuleState<S>> start(Index n) const override;
  const UpdateRule<S>& rule() const { return *rule_; }
  const DecoupledDecayParams& params() const { return p_; }

 private:
  std::shared_ptr<const UpdateRule<S>> rule_;
  DecoupledDecayParams p_;
};

}  // namespace optim
