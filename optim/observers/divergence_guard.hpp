#pragma once
// Divergence guard: ends a run with Status::Diverged when
//   f_k is not finite,  or  f_k > f_0 + factor * max(1, |f_0|),  or  |g_k| is not finite,
// where f_0 is the value at the start point (default factor 1e6: six orders of magnitude above
// the start's scale is never progress on a minimisation). The driver already refuses
// non-finite candidates (Status::NonFinite); this guard catches the finite blow-up first, e.g.
// a learning rate above the 2/lambda_max stability limit, before it overflows.
#include <string>

#include "optim/observer.hpp"

namespace optim {

struct DivergenceGuardOptions {
  double factor = 1e6;    // > 0, finite
  void validate() const;  // throws std::invalid_argument naming the field
};

template <class S>
class DivergenceGuard final : public Observer<S> {
 public:
  bool uses_step_norm() const override { return false; }
  explicit DivergenceGuard(DivergenceGuardOptions opts = {});

  void on_start(const IterationRecord<S>& first) override;
  Status on_iteration(const IterationRecord<S>& rec) override;
  // The threshold comes from the original start point, not the resumed one.
  void archive(StateArchive& a) override;

  double threshold() const { return threshold_; }
  // Why the guard fired (empty while it has not).
  const std::string& reason() const { return reason_; }

 private:
  DivergenceGuardOptions opts_;
  double threshold_ = 0;
  std::string reason_;
};

extern template class DivergenceGuard<float>;
extern template class DivergenceGuard<double>;

}  // namespace optim
