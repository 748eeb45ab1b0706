#pragma once
// Clean stop on Ctrl-C (SIGINT): while an InterruptScope is alive, the first SIGINT only sets a
// flag (a volatile std::sig_atomic_t, the one thing a handler may portably write), and an
// InterruptObserver ends the run with Status::StoppedByObserver at the end of the current step,
// so the driver writes its final checkpoint and the caller its trace and summary. The handler is
// installed with SA_RESETHAND: a second Ctrl-C kills the process as usual.
#include "optim/observer.hpp"

namespace optim {

class InterruptScope {
 public:
  InterruptScope();   // clears the flag and installs the handler
  ~InterruptScope();  // restores the previous handler
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  static bool interrupted();  // a SIGINT arrived since the scope began
};

template <class S>
class InterruptObserver final : public Observer<S> {
 public:
  bool uses_step_norm() const override { return false; }
  Status on_iteration(const IterationRecord<S>&) override {
    return InterruptScope::interrupted() ? Status::StoppedByObserver : Status::Running;
  }
};

}  // namespace optim
