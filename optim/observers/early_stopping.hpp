#pragma once
// Early stopping: stop with StoppedByObserver once f has not improved on the best value seen by
// more than min_delta for `patience` consecutive records. An improvement means
//   f_k < f_best - min_delta,
// which resets the count and becomes the new f_best (Keras/PyTorch-Lightning style, absolute
// delta). For minibatch runs f is the batch estimate of the record.
#include "optim/observer.hpp"

namespace optim {

struct EarlyStoppingOptions {
  Index patience = 10;    // records without improvement before stopping (>= 1)
  double min_delta = 0;   // improvement threshold (>= 0, finite)
  void validate() const;  // throws std::invalid_argument naming the field
};

template <class S>
class EarlyStopping final : public Observer<S> {
 public:
  bool uses_step_norm() const override { return false; }
  explicit EarlyStopping(EarlyStoppingOptions opts = {});

  void on_start(const IterationRecord<S>& first) override;
  Status on_iteration(const IterationRecord<S>& rec) override;

  double best_f() const { return best_; }
  Index best_k() const { return best_k_; }
  Index waiting() const { return wait_; }

 private:
  EarlyStoppingOptions opts_;
  double best_ = 0;
  Index best_k_ = 0;
  Index wait_ = 0;
};

extern template class EarlyStopping<float>;
extern template class EarlyStopping<double>;

}  // namespace optim
