#pragma once
// AdaGrad (Duchi, Hazan & Singer 2011): per-weight rates from the sum of squared gradients
//   A_{t+1} = A_t + g_t^2,   W_{t+1} = W_t - eta g_t / (sqrt(A_{t+1}) + eps)      (default)
// seed 002 "Adagrad", seed 001 Algorithm 8.4 and torch.optim.Adagrad put eps outside the root;
// seed 000 Definition 3.7 puts it inside, W_{t+1} = W_t - eta g_t / sqrt(A_{t+1} + eps):
// choose that form with eps_inside = true.
#include "optim/first_order/update_rule.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct AdagradParams {
  double lr = 0.01;                  // eta > 0
  double eps = 1e-10;                // > 0 (torch's default)
  bool eps_inside = false;           // sqrt(A + eps) instead of sqrt(A) + eps
  double initial_accumulator = 0.0;  // A_0 >= 0
  void validate() const;
};

// The one description of every field: name, range, help (validate() checks it).
const settings::FieldTable<AdagradParams>& adagrad_fields();

template <class S>
class Adagrad final : public UpdateRule<S> {
 public:
  explicit Adagrad(AdagradParams p = {});
  std::string name() const override { return "adagrad"; }
  double lr() const override { return p_.lr; }
  std::unique_ptr<RuleState<S>> start(Index n) const override;
  const AdagradParams& params() const { return p_; }

 private:
  AdagradParams p_;
};

}  // namespace optim
