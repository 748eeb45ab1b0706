#pragma once
// Nesterov accelerated gradient (NAG): the gradient is taken at the look-ahead point W_t + alpha
// v_t
//   v_{t+1} = alpha v_t - eta grad J(W_t + alpha v_t),   W_{t+1} = W_t + v_{t+1}
// seed 000 sec. 3.3 (Proposition 3.9), seed 002 "Nesterov Accelerated Gradient", seed 003 eqs.
// (21)-(22). torch.optim.SGD(nesterov=True) stores the look-ahead point instead: its iterate w_t
// equals our W_t + alpha v_t (see docs/first_order.md).
#include "optim/first_order/momentum_schedule.hpp"
#include "optim/first_order/update_rule.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct NesterovParams {
  double lr = 0.01;             // eta > 0
  double momentum = 0.9;        // alpha in [0, 1); with a schedule, the largest mu_k
  MomentumSchedule schedule{};  // mu_k (momentum_schedule.hpp); constant by default
  void validate() const;
};

// The one description of every field: name, range, help (validate() checks it).
const settings::FieldTable<NesterovParams>& nesterov_fields();

template <class S>
class Nesterov final : public UpdateRule<S> {
 public:
  explicit Nesterov(NesterovParams p = {});
  std::string name() const override { return "nesterov"; }
  double lr() const override { return p_.lr; }
  std::unique_ptr<RuleState<S>> start(Index n) const override;
  const NesterovParams& params() const { return p_; }

 private:
  NesterovParams p_;
};

}  // namespace optim
