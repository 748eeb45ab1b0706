#pragma once
// The first-order family as one loop (DESIGN.md): gradient (full batch, minibatch or online) ->
// scheduled learning rate -> update rule. The same loop serves deterministic training (full
// batch), minibatch and online (batch of one) on a SeparableObjective, reshuffling the sample
// order every epoch with a fixed seed.
#include <cstdint>
#include <memory>

#include "optim/first_order/decoupled_decay.hpp"
#include "optim/first_order/gradient_clip.hpp"
#include "optim/first_order/proximal_l1.hpp"
#include "optim/first_order/schedule.hpp"
#include "optim/first_order/update_rule.hpp"
#include "optim/method.hpp"

namespace optim {

struct BatchOptions {
  Index batch_size = 0;  // 0: full batch (deterministic). 1: online. Otherwise minibatch.
  bool shuffle = true;   // reshuffle the sample order at every epoch
  std::uint64_t seed = 42;
  void validate() const;
};
const settings::FieldTable<BatchOptions>& batch_fields();

// A first-order method's whole configuration: the update rule's parameters P, the decoupled
// weight decay and the gradient clipping around it (any rule: AdamW, SGDW), the minibatch loop's
// and the learning-rate schedule's. One flat table (the five embedded) describes it.
template <class P>
struct FirstOrderSettings {
  P rule{};
  DecoupledDecayParams decay{};
  GradientClipParams clip{};
  BatchOptions batch{};
  ScheduleSettings schedule{};
};

template <class P>
settings::FieldTable<FirstOrderSettings<P>> first_order_fields(
    const settings::FieldTable<P>& rule) {
  settings::FieldTable<FirstOrderSettings<P>> t;
  t.embed(&FirstOrderSettings<P>::rule, rule);
  t.embed(&FirstOrderSettings<P>::decay, decoupled_decay_fields());
  t.embed(&FirstOrderSettings<P>::clip, gradient_clip_fields());
  t.embed(&FirstOrderSettings<P>::batch, batch_fields());
  t.embed(&FirstOrderSettings<P>::schedule, schedule_fields());
  return t;
}

template <class S>
class FirstOrder final : public Method<S> {
 public:
  FirstOrder(std::shared_ptr<const UpdateRule<S>> rule,
             std::shared_ptr<const Schedule> schedule = std::make_shared<ConstantSchedule>(),
             BatchOptions batch = {}, std::string name = {});

  // The name given (the registry's: "amsgrad" is Adam with amsgrad = true), else the rule's.
  std::string name() const override { return name_.empty() ? rule_->name() : name_; }
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;
  // Minibatch / online runs evaluate their start point on the first batch (see first_order.cpp).
  bool evaluates_start() const override { return batch_.batch_size > 0; }
  // On a box every update is projected onto it (first_order.cpp), in every batch mode.
  bool accepts_bounds() const override { return true; }
  Index batch_size() const override { return batch_.batch_size; }
  // The loop's batching rule (first_order.cpp, next_batch): an epoch is floor(N / B) batches of
  // B = min(batch_size, N) samples, the ragged tail N mod B is dropped and the order reshuffled.
  EpochShape epoch_shape(Index samples) const override;

  const UpdateRule<S>& rule() const { return *rule_; }
  const BatchOptions& batch() const { return batch_; }
  // The shared pieces, to build the same method around a wrapped rule (nn's proximal L1).
  const std::shared_ptr<const UpdateRule<S>>& shared_rule() const { return rule_; }
  const std::shared_ptr<const Schedule>& shared_schedule() const { return schedule_; }

 private:
  std::shared_ptr<const UpdateRule<S>> rule_;
  std::shared_ptr<const Schedule> schedule_;
  BatchOptions batch_;
  std::string name_;
};

}  // namespace optim
