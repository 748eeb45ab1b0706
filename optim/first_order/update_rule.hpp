#pragma once
// Pluggable update rules of the first-order family (ensmallen's idea): one loop (first_order.hpp)
// evaluates a gradient, asks the schedule for the learning rate and lets the rule move x. A rule
// holds immutable hyperparameters; its per-run state (moments, velocity, step sizes) lives in the
// RuleState it starts, sized once so that update() never allocates.
#include <memory>
#include <stdexcept>
#include <string>

#include "optim/bounds/bounds.hpp"
#include "optim/checkpoint/state_archive.hpp"
#include "optim/types.hpp"

namespace optim {

// x <- keep x, on the library's threads (decoupled_decay.cpp).
template <class S>
void scale_in_place(Vec<S>& x, S keep);

template <class S>
class RuleState {
 public:
  virtual ~RuleState() = default;
  // Point at which the next gradient must be taken, or nullptr for x itself (Nesterov's
  // look-ahead point x + a v is the one rule that overrides this).
  virtual const Vec<S>* gradient_point(const Vec<S>& /*x*/) { return nullptr; }
  // Moves x in place given the gradient g (taken at gradient_point), the objective value f at x
  // (exact or a batch estimate) and the scheduled learning rate lr.
  virtual void update(Vec<S>& x, const Vec<S>& g, S f, S lr) = 0;
  // Decoupled weight decay (Loshchilov & Hutter 2019) fused with the step: x <- keep x with
  // keep = 1 - lr lambda, then update(x, g, f, lr) (torch.optim.AdamW's order). This fallback
  // costs one extra pass over x; a rule whose kernel can scale x as it writes it overrides this
  // to stay one pass over memory (Adam does). Called by DecoupledDecay (decoupled_decay.hpp).
  virtual void update_with_decay(Vec<S>& x, const Vec<S>& g, S f, S lr, S keep) {
    scale_in_place(x, keep);
    update(x, g, f, lr);
  }
  // The step of a run on a box: update(x, g, f, lr), then x <- P(x) onto `box` (projected
  // gradient methods, Bertsekas, Nonlinear Programming, 2nd ed., section 2.3). This fallback is a
  // second pass over x; a rule whose kernel can clip x as it writes it overrides this to stay one
  // pass (Adam does), with the same result bit for bit.
  virtual void update_projected(Vec<S>& x, const Vec<S>& g, S f, S lr, const Bounds<S>& box) {
    update(x, g, f, lr);
    box.project(x);
  }
  // Checkpoints (see MethodState::archive): the rule's per-run state, restored into a state
  // freshly started with the same n. A rule that keeps this default cannot be checkpointed.
  virtual void archive(StateArchive& a) { a.unsupported(); }
};

template <class S>
class UpdateRule {
 public:
  virtual ~UpdateRule() = default;
  virtual std::string name() const = 0;
  virtual double lr() const = 0;  // base learning rate eta_0, scheduled by the loop
  virtual std::unique_ptr<RuleState<S>> start(Index n) const = 0;
};

}  // namespace optim
