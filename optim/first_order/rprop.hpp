#pragma once
// RProp, resilient propagation (seed 004 sec. 5.1): per-weight step sizes Delta_i that grow by
// eta+ while the sign of dE/dw_i is unchanged and shrink by eta- when it flips, bounded by
// [step_min, step_max]; only the sign of the gradient moves the weight, w_i <- w_i - sign(g_i)
// Delta_i. Variants (Igel & Huesken 2000, "Improving the Rprop learning algorithm"; notation g =
// dE/dw):
//   rprop+   Riedmiller & Braun 1993, with weight backtracking: on a sign flip the previous step
//            is undone (seed 004: "we revert to the previous step and proceed with a smaller
//            step size") and g_prev is set to 0 so that the next step does not adapt again.
//   rprop-   no backtracking: on a flip only Delta shrinks; the step is taken with the new Delta.
//   irprop+  Igel & Huesken: like rprop+, but the previous step is undone only if the error went
//            up (E_t > E_{t-1}); on a flip g_i is treated as 0 for this step.
//   irprop-  Igel & Huesken: no backtracking; on a flip Delta shrinks and g_i is treated as 0 (no
//            move, no sign memory). This is what torch.optim.Rprop does (default here).
// The initial step Delta_0 is the (scheduled) learning rate of the first update, as in torch;
// later rates do not scale the steps (RProp adapts its own).
#include "optim/first_order/update_rule.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

enum class RpropVariant { RpropMinus, RpropPlus, IRpropPlus, IRpropMinus };

// "rprop-", "rprop+", "irprop+", "irprop-"; parse throws std::invalid_argument for others.
const char* to_string(RpropVariant v);
RpropVariant parse_rprop_variant(const std::string& text);

struct RpropParams {
  double lr = 0.01;        // initial step Delta_0 (torch's lr), in [step_min, step_max]
  double eta_minus = 0.5;  // shrink factor in (0, 1) (Riedmiller & Braun)
  double eta_plus = 1.2;   // growth factor > 1
  double step_min = 1e-6;  // lower bound on Delta, > 0
  double step_max = 50.0;  // upper bound on Delta, >= step_min
  RpropVariant variant = RpropVariant::IRpropMinus;
  void validate() const;
};

// The one description of every field: name, range, help (validate() checks it).
const settings::FieldTable<RpropParams>& rprop_fields();

template <class S>
class Rprop final : public UpdateRule<S> {
 public:
  explicit Rprop(RpropParams p = {});
  std::string name() const override { return "rprop"; }
  double lr() const override { return p_.lr; }
  std::unique_ptr<RuleState<S>> start(Index n) const override;
  const RpropParams& params() const { return p_; }

 private:
  RpropParams p_;
};

}  // namespace optim
