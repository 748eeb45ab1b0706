#pragma once
// The checkpoints of one driver run (optim/driver.cpp). The driver owns the run's state
// (RunState, the method's MethodState, the observers); a Checkpointer, built from the
// CheckpointOptions, the method's name and the observers, snapshots them into one checkpoint file
// and restores them from it. The driver calls it at fixed points: resume() before the first
// step, resume_observers() after the observers' on_start(), save_if_due() after each accepted
// iteration and save() when the run ends at rest. Without a checkpoint path every call does
// nothing.
//
// A file holds the run's identity (signature, inputs, method, scalar type, dimension) and the
// RunState under "run.", the method's state under "method." and observer i's under
// "observer<i>."; each part describes its fields once (archive(), state_archive.hpp).
#include <optional>
#include <span>
#include <string>

#include "optim/checkpoint/run_checkpoint.hpp"
#include "optim/checkpoint/state_archive.hpp"
#include "optim/evaluator.hpp"
#include "optim/method.hpp"
#include "optim/observer.hpp"
#include "optim/run_state.hpp"

namespace optim {

template <class S>
class Checkpointer {
 public:
  // Keeps references to opt and observers: both outlive the run.
  Checkpointer(const CheckpointOptions& opt, std::string method,
               std::span<Observer<S>* const> observers);

  bool active() const { return opt_.active(); }

  // Before the first step, with run.cur sized and state freshly started. Refuses a state that
  // cannot be checkpointed (std::invalid_argument "method 'NAME' does not support checkpoints"),
  // so a run never fails late. Then, with opt.resume and an existing file, restores run, state
  // and eval's counts from it and returns true (false: the run starts fresh). A file that is
  // damaged, of another version, or written by a different run (signature, inputs, method,
  // dimension, scalar type) is refused with an exception naming the reason.
  bool resume(RunState<S>& run, MethodState<S>& state, Evaluator<S>& eval);
  // After the observers' on_start() saw the resumed record (so that loaded history is not reset
  // by on_start), restores their state; nothing unless resume() returned true.
  void resume_observers();

  // Saves the whole run as it is after accepted iteration run.k.
  void save(RunState<S>& run, MethodState<S>& state, const Evaluator<S>& eval);
  // The periodic save: every opt.every accepted iterations.
  void save_if_due(RunState<S>& run, MethodState<S>& state, const Evaluator<S>& eval) {
    if (opt_.every > 0 && run.k % opt_.every == 0) save(run, state, eval);
  }

 private:
  // The run's identity: written when saving, compared with this run's when loading.
  void archive_identity(StateArchive& a, Index n) const;
  [[noreturn]] void refuse(const std::exception& e) const;

  const CheckpointOptions& opt_;
  std::string method_;
  std::span<Observer<S>* const> observers_;
  std::optional<StateReader> saved_;  // the resumed file, until the observers are restored
};

extern template class Checkpointer<float>;
extern template class Checkpointer<double>;

}  // namespace optim
