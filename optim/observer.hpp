#pragma once
// Observers see one record per accepted iteration and may stop the run by returning a Status
// other than Running (DESIGN.md: trace recorder, printer, progress bar, early stopping,
// divergence guard, callbacks).
#include <functional>

#include "optim/result.hpp"
#include "optim/status.hpp"
#include "optim/types.hpp"

namespace optim {

class StateArchive;  // optim/checkpoint/state_archive.hpp

template <class S>
struct IterationRecord {
  Index k = 0;           // iteration number (0 = the start point)
  double f = 0;          // objective (a minibatch estimate when !exact)
  double grad_norm = 0;  // in the run's chosen norm
  double step_norm = 0;  // ||x_k - x_{k-1}||_2 (NaN when no observer uses it, see below)
  double lr = 0;         // learning rate / step length used for this step
  EvalCounts evals;
  double time_s = 0;
  bool exact = true;          // f and gradient are full-objective values
  const Vec<S>* x = nullptr;  // current point (valid during the call only)
  // Passes over the data, as the method's loop defines them (Method::epoch_shape): `epoch` counts
  // the epochs completed by this record's update and `epoch_end` says that this update completed
  // one. A full-batch method makes one pass per update (every record ends an epoch); the first-
  // order loop with batch B on N samples ends one every floor(N/B) updates (it drops the ragged
  // tail). The start record has epoch_end = false.
  Index epoch = 0;
  bool epoch_end = false;
};

template <class S>
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_start(const IterationRecord<S>& /*first*/) {}
  // Return Status::Running to continue, anything else to stop with that status.
  virtual Status on_iteration(const IterationRecord<S>& rec) = 0;
  virtual void on_finish(const Result<S>& /*result*/) {}
  // Whether on_iteration reads rec.step_norm: it costs one more pass over x per iteration (3-4% of
  // a network's training step), so the driver forms it only when an observer (or xtol) needs it.
  virtual bool uses_step_norm() const { return true; }
  // Checkpoints: an observer whose decisions depend on history (a baseline, a best value, a
  // patience counter, recorded rows) lists it (StateArchive) so that a resumed run behaves as an
  // uninterrupted one; it is loaded after on_start() saw the resumed record. Stateless observers
  // keep the no-op.
  virtual void archive(StateArchive& /*a*/) {}
};

// Adapts a plain function: return true to continue, false to stop (StoppedByObserver).
template <class S>
class CallbackObserver : public Observer<S> {
 public:
  explicit CallbackObserver(std::function<bool(const IterationRecord<S>&)> fn)
      : fn_(std::move(fn)) {}
  Status on_iteration(const IterationRecord<S>& rec) override {
    return fn_(rec) ? Status::Running : Status::StoppedByObserver;
  }

 private:
  std::function<bool(const IterationRecord<S>&)> fn_;
};

}  // namespace optim
