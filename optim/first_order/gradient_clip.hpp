#pragma once
// Gradient clipping as a wrapper around ANY first-order update rule (the same shape as
// DecoupledDecay): the gradient the loop hands to the rule is transformed first, then the rule
// takes its own step from the transformed gradient.
//   by global norm (Pascanu, Mikolov & Bengio 2013, "On the difficulty of training recurrent
//   neural networks", Algorithm 2):  g <- g min(1, C / ||g||_2)
//   by value (element-wise):          g_i <- clamp(g_i, -C, C)
// With both set, the norm clip comes first and the value clip is applied to its result (Keras'
// order: clipnorm, then clipvalue). Where a clip does not bind (||g||_2 <= C, every |g_i| <= C)
// the rule receives the gradient itself, so the run is bit for bit the unclipped one.
//
// What is clipped is the gradient of the objective the loop minimises (for a network, the loss
// plus its coupled L2 penalty, which is part of that objective). Decoupled weight decay
// (DecoupledDecay, wrapped around this) shrinks the weights after and apart from the clip, as
// torch applies AdamW's decay in step() after clip_grad_norm_ has clipped the loss gradient.
//
//   optim::GradientClip<float> clipped(optim::Adam<float>({.lr = 1e-3}), {.clip_norm = 1.0});
//
// Minibatch and online runs clip each batch's gradient (torch.nn.utils.clip_grad_norm_ called
// between backward() and step()). The clipped copy lives in a buffer sized once at start().
#include <concepts>
#include <memory>
#include <utility>

#include "optim/first_order/update_rule.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct GradientClipParams {
  double clip_norm = 0.0;   // C > 0 and finite: g <- g min(1, C / ||g||_2); 0: off
  double clip_value = 0.0;  // C > 0 and finite: g_i <- clamp(g_i, -C, C); 0: off
  bool active() const { return clip_norm > 0 || clip_value > 0; }
  void validate() const;
};

// The one description of the fields (the first-order registry embeds it in every method's table).
const settings::FieldTable<GradientClipParams>& gradient_clip_fields();

// The factor min(1, C / ||g||_2) of the norm clip (1 when the clip does not bind or ||g||_2 is not
// finite: a non-finite gradient is left for the driver to report, not hidden by a scaling).
// ||g||_2 is accumulated in double over fixed chunks summed in order, so the factor does not
// depend on the thread count.
template <class S>
double clip_norm_factor(const Vec<S>& g, double c);

template <class S>
class GradientClip final : public UpdateRule<S> {
 public:
  GradientClip(std::shared_ptr<const UpdateRule<S>> rule, GradientClipParams p);
  template <std::derived_from<UpdateRule<S>> R>
  GradientClip(R rule, GradientClipParams p)
      : GradientClip(std::make_shared<const R>(std::move(rule)), p) {}

  std::string name() const override { return rule_->name(); }
  double lr() const override { return rule_->lr(); }
  std::unique_ptr<RuleState<S>> start(Index n) const override;
  const UpdateRule<S>& rule() const { return *rule_; }
  const GradientClipParams& params() const { return p_; }

 private:
  std::shared_ptr<const UpdateRule<S>> rule_;
  GradientClipParams p_;
};

}  // namespace optim
