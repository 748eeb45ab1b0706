#pragma once
// An update rule stepped by the caller's own loop (the optax / torch.optim shape):
//
//   optim::Stepper step(optim::Adam<double>({.lr = 1e-3}), n);   // state for n parameters
//   for (...) { g = grad(x); step(x, g); }                       // x moves in place
//
// It does exactly what the first-order loop (first_order.cpp) does per full-batch update:
// lr_k = schedule.rate(k, eta_0), then rule_state.update(x, g, f, lr_k); a stateful schedule
// (reduce-on-plateau) observes the objective of each new iterate before the next rate is asked
// for. So stepping by hand from the same start with the same gradients gives bit for bit the
// iterates minimize() gives with that rule on a full-batch objective. The state is sized once at
// construction: step() does not allocate. The rule's loops run on the threads of the caller's
// current run context: open an optim::ContextScope around the loop for more than one
// (optim/run_context.hpp).
#include <cmath>
#include <concepts>
#include <limits>
#include <memory>
#include <utility>

#include "optim/first_order/schedule.hpp"
#include "optim/first_order/update_rule.hpp"

namespace optim {

template <class S>
class Stepper {
 public:
  // Keeps a copy of `rule` (Adam<S>, Momentum<S>, ...), a clone of `schedule`, and a fresh rule
  // state for n parameters.
  template <std::derived_from<UpdateRule<S>> R>
  Stepper(R rule, Index n, const Schedule& schedule = ConstantSchedule())
      : Stepper(std::make_shared<const R>(std::move(rule)), n, schedule) {}
  Stepper(std::shared_ptr<const UpdateRule<S>> rule, Index n,
          const Schedule& schedule = ConstantSchedule())
      : rule_(std::move(rule)),
        state_(rule_->start(n)),
        schedule_(schedule.clone()),
        eta0_(rule_->lr()) {}

  // Where the next gradient must be taken: x itself, except for look-ahead rules (Nesterov takes
  // it at x + momentum * velocity). Valid until the next step().
  const Vec<S>& gradient_point(const Vec<S>& x) {
    const Vec<S>* at = state_->gradient_point(x);
    return at != nullptr ? *at : x;
  }

  // One update of x in place from the gradient g taken at gradient_point(x). f is the objective
  // at x: rules that use it (Rprop's backtracking variants) and reduce-on-plateau schedules need
  // it; leave it out otherwise.
  void step(Vec<S>& x, const Vec<S>& g, S f = std::numeric_limits<S>::quiet_NaN()) {
    // The loop observes f(x_k) after update k-1 and before rate(k): the same order here.
    if (k_ > 0 && !std::isnan(static_cast<double>(f))) schedule_->observe(static_cast<double>(f));
    lr_ = static_cast<S>(schedule_->rate(k_, eta0_));
    state_->update(x, g, f, lr_);
    ++k_;
  }
  void operator()(Vec<S>& x, const Vec<S>& g, S f = std::numeric_limits<S>::quiet_NaN()) {
    step(x, g, f);
  }

  Index steps() const { return k_; }  // updates made so far
  S lr() const { return lr_; }        // learning rate of the last update
  // The base rate eta_0 the schedule scales (the rule's lr until set): the next update uses
  // schedule.rate(k, eta_0) with this value, as torch's param_groups[g]["lr"] set between steps.
  void set_base_lr(double eta0) { eta0_ = eta0; }
  const UpdateRule<S>& rule() const { return *rule_; }
  // The rule's state, e.g. for checkpoints (RuleState::archive).
  RuleState<S>& state() { return *state_; }

 private:
  std::shared_ptr<const UpdateRule<S>> rule_;
  std::unique_ptr<RuleState<S>> state_;
  std::unique_ptr<Schedule> schedule_;
  double eta0_;
  Index k_ = 0;
  S lr_ = S(0);
};

namespace detail {
template <class S>
S rule_scalar(const UpdateRule<S>&);  // declared only: names S for the deduction guide
}  // namespace detail

// optim::Stepper step(optim::Adam<float>({...}), n) is a Stepper<float>.
template <class R>
Stepper(R, Index) -> Stepper<decltype(detail::rule_scalar(std::declval<const R&>()))>;
template <class R>
Stepper(R, Index, const Schedule&)
    -> Stepper<decltype(detail::rule_scalar(std::declval<const R&>()))>;

}  // namespace optim
