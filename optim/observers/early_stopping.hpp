#pragma once
// Early stopping: stop with Status::EarlyStopped (a success, exit 0) once the watched value has
// not improved on the best value seen by more than min_delta for `patience` consecutive records.
// An improvement means
//   v_k < v_best - min_delta,
// which resets the count and becomes the new v_best (Keras/PyTorch-Lightning style, absolute
// delta). As an observer it watches f (for minibatch runs the batch estimate of the record) from
// the start point on; fed through record() it watches any value another observer computes, e.g.
// the validation loss of each epoch (nn/trainer.cpp), starting from v_best = +inf. With
// restore_best it keeps a copy of the best point, which the caller returns instead of the last.
#include "optim/observer.hpp"

namespace optim {

struct EarlyStoppingOptions {
  Index patience = 10;        // records without improvement before stopping (>= 1)
  double min_delta = 0;       // improvement threshold (>= 0, finite)
  bool restore_best = false;  // keep the point of the best value (best_x())
  void validate() const;      // throws std::invalid_argument naming the field
};

template <class S>
class EarlyStopping final : public Observer<S> {
 public:
  bool uses_step_norm() const override { return false; }
  explicit EarlyStopping(EarlyStoppingOptions opts = {});

  void on_start(const IterationRecord<S>& first) override;
  Status on_iteration(const IterationRecord<S>& rec) override;

  // One watched value v at record k (point x, copied on improvement when restore_best): returns
  // Status::EarlyStopped once `patience` values in a row failed to improve, else Running.
  Status record(Index k, double v, const Vec<S>& x);
  void reset();  // v_best = +inf, nothing waited, no best point

  double best_f() const { return best_; }
  Index best_k() const { return best_k_; }
  Index waiting() const { return wait_; }
  const Vec<S>& best_x() const { return best_x_; }  // empty unless restore_best

  // The best value, its record, the patience count and (restore_best) the best point.
  void archive(StateArchive& a) override;

 private:
  EarlyStoppingOptions opts_;
  double best_ = 0;
  Index best_k_ = 0;
  Index wait_ = 0;
  Vec<S> best_x_;
};

extern template class EarlyStopping<float>;
extern template class EarlyStopping<double>;

}  // namespace optim
