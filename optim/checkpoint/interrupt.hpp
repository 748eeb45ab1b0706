#pragma once
// Clean stop on SIGINT (Ctrl-C), SIGTERM (batch schedulers, `timeout`, `kill`) and SIGHUP (the
// terminal closed): while an InterruptScope is alive, the first of these signals only records
// its number (a volatile std::sig_atomic_t, the one thing a handler may portably write), and an
// InterruptObserver ends the run with Status::StoppedByObserver at the end of the current step,
// so the driver writes its final checkpoint and the caller its trace and summary. One handler
// serves all three; it is installed with SA_RESETHAND, so a second signal of the same kind kills
// the process as usual. A signal the process inherited as ignored (`nohup` ignores SIGHUP, a
// shell's background job SIGINT) stays ignored: the scope does not override that choice.
#include "optim/observer.hpp"

namespace optim {

class InterruptScope {
 public:
  InterruptScope();   // clears the record and installs the handler
  ~InterruptScope();  // restores the previous handlers
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  static bool interrupted();   // one of the signals arrived since the scope began
  static int signal_number();  // its number (0: none)
  // "SIGINT (Ctrl-C)", "SIGTERM", "SIGHUP" for the signal that arrived ("" when none), for
  // messages such as "interrupted by SIGTERM".
  static const char* signal_name();
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
