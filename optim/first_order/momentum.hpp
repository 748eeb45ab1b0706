#pragma once
// Gradient descent with momentum (heavy ball):
//   v_{t+1} = alpha v_t - eta grad J(W_t),   W_{t+1} = W_t + v_{t+1}
// seed 000 sec. 3.3 (Proposition 3.8), seed 001 "SGD with Momentum", seed 002 "Speeding up
// Learning via Momentum", seed 004 sec. 5.3. torch.optim.SGD(momentum=mu) keeps b = -v / eta and
// gives the same iterates for a constant learning rate.
#include "optim/first_order/momentum_schedule.hpp"
#include "optim/first_order/update_rule.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct MomentumParams {
  double lr = 0.01;             // eta > 0
  double momentum = 0.9;        // alpha in [0, 1); with a schedule, the largest mu_k
  MomentumSchedule schedule{};  // mu_k (momentum_schedule.hpp); constant by default
  void validate() const;
};

// The one description of every field: name, range, help (validate() checks it).
const settings::FieldTable<MomentumParams>& momentum_fields();

// The fused velocity step v <- alpha v - eta g; W <- W + v over x, v, g (one pass, on the
// library's threads). Shared by Momentum and Nesterov (which takes g at its look-ahead point).
template <class S>
void velocity_step(Vec<S>& x, Vec<S>& v, const Vec<S>& g, S alpha, S lr);

template <class S>
class Momentum final : public UpdateRule<S> {
 public:
  explicit Momentum(MomentumParams p = {});
  std::string name() const override { return "momentum"; }
  double lr() const override { return p_.lr; }
  std::unique_ptr<RuleState<S>> start(Index n) const override;
  const MomentumParams& params() const { return p_; }

 private:
  MomentumParams p_;
};

}  // namespace optim
