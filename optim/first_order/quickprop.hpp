#pragma once
// QuickProp (Fahlman 1988, "An empirical study of learning speed in back-propagation networks",
// CMU-CS-88-162; named in seed 004 sec. 5.2). Each weight is treated as an independent parabola
// fitted through the current and previous slopes g = dE/dw_i, and jumps to its minimum:
//   dw_t = g_t / (g_{t-1} - g_t) * dw_{t-1}                                  (parabola step)
// with Fahlman's safeguards:
//   * maximum growth factor mu (1.75): when the slope did not shrink enough to make the jump at
//     most mu times the previous step (same direction, g_t beyond mu/(1+mu) g_{t-1}), or the
//     parabola opens downward, the step is mu dw_{t-1}; the parabola step is capped at |mu
//     dw_{t-1}|;
//   * gradient term: while the slope still points the same way as the previous step
//     (g_t dw_{t-1} < 0), -eta g_t is added to the step (Fahlman's "epsilon" term);
//   * gradient-descent fallback: where dw_{t-1} = 0 (the first step, or a stalled weight) or the
//     parabola is degenerate (g_{t-1} = g_t), the step is plain gradient descent dw_t = -eta g_t.
#include "optim/first_order/update_rule.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct QuickpropParams {
  double lr = 0.01;           // eta of the gradient term and of the fallback, > 0
  double mu = 1.75;           // maximum growth factor, > 0 (Fahlman's recommended 1.75)
  bool gradient_term = true;  // add -eta g while the slope keeps its direction
  void validate() const;
};

// The one description of every field: name, range, help (validate() checks it).
const settings::FieldTable<QuickpropParams>& quickprop_fields();

template <class S>
class Quickprop final : public UpdateRule<S> {
 public:
  explicit Quickprop(QuickpropParams p = {});
  std::string name() const override { return "quickprop"; }
  double lr() const override { return p_.lr; }
  std::unique_ptr<RuleState<S>> start(Index n) const override;
  const QuickpropParams& params() const { return p_; }

 private:
  QuickpropParams p_;
};

}  // namespace optim
