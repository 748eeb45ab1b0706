#pragma once
// Adam (Kingma & Ba 2014) with bias correction, and its AMSGrad option.
//   G_{t+1} = beta1 G_t + (1 - beta1) g_t            (first moment)
//   A_{t+1} = beta2 A_t + (1 - beta2) g_t^2          (second moment)
//   G_hat = G_{t+1} / (1 - beta1^t),  A_hat = A_{t+1} / (1 - beta2^t)     (t = 1, 2, ...)
//   W_{t+1} = W_t - eta G_hat / (sqrt(A_hat) + eps)                       (default)
// seed 002 "Adam", seed 003 eq. (33), seed 004 sec. 6.4.3 and torch.optim.Adam put eps outside the
// root; seed 000 Proposition 3.12 and seed 001 Algorithm 8.7 put it inside,
// W_{t+1} = W_t - eta G_hat / sqrt(A_hat + eps): choose that with eps_inside = true.
// bias_correction = false drops the two divisions (seed 002's "idea 1", RMSProp on a smoothed
// gradient): G and A then start biased toward 0, by the factors 1 - beta1^t and 1 - beta2^t.
// AdamW is Adam wrapped in DecoupledDecay (decoupled_decay.hpp): W <- W (1 - eta lambda), then
// the Adam step; Adam's state fuses that shrinkage into its own pass (update_with_decay).
// AMSGrad (Reddi, Kale & Kumar 2018): A_max <- max(A_max, A_{t+1}) and A_hat = A_max / (1 -
// beta2^t) (torch.optim.Adam(amsgrad=True)'s form: the running maximum of the raw moment,
// bias-corrected).
#include "optim/first_order/update_rule.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct AdamParams {
  double lr = 1e-3;             // eta > 0 (Kingma & Ba's default; seed 003)
  double beta1 = 0.9;           // in [0, 1)
  double beta2 = 0.999;         // in [0, 1)
  double eps = 1e-8;            // > 0
  bool eps_inside = false;      // sqrt(A_hat + eps) instead of sqrt(A_hat) + eps
  bool amsgrad = false;         // keep the running maximum of the second moment
  bool bias_correction = true;  // divide G by 1 - beta1^t and A by 1 - beta2^t
  void validate() const;
};

// The one description of every field: name, range, help (validate() checks it).
const settings::FieldTable<AdamParams>& adam_fields();

template <class S>
class Adam final : public UpdateRule<S> {
 public:
  explicit Adam(AdamParams p = {});
  std::string name() const override { return "adam"; }
  double lr() const override { return p_.lr; }
  std::unique_ptr<RuleState<S>> start(Index n) const override;
  const AdamParams& params() const { return p_; }

 private:
  AdamParams p_;
};

}  // namespace optim
