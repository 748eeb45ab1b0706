#pragma once
// Checkpointing of a driver run (optim/driver.hpp): every `every` accepted iterations, and when
// the run ends at rest (after an accepted iteration: stopped, converged or out of budget), the
// driver saves its loop variables (iteration count, current and best iterate, start gradient
// norm, the last step norm and previous f, evaluation counts, elapsed time), the method's state
// and the observers' state into one
// checkpoint file. With `resume`, a run whose file exists restarts from it and continues bit for
// bit as the saved run would have (the same floating-point operations in the same order).
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/method.hpp"
#include "optim/observer.hpp"

namespace optim {

struct CheckpointOptions {
  std::string path;       // empty: no checkpoints
  Index every = 0;        // also save after every `every` accepted iterations (0: at the end only)
  bool resume = false;    // continue from `path` when that file exists
  std::string signature;  // what the run is (problem, method, options); a checkpoint written
                          // under another signature is refused instead of resumed
  // What the run reads, one line per input (optim/checkpoint/input_identity.hpp: a data file's
  // path, size and content hash; a generated set's generator, size and seed). A checkpoint
  // written with other inputs is refused, naming the first input that differs.
  std::vector<std::string> inputs;
  bool active() const { return !path.empty(); }
  void validate() const;  // throws std::invalid_argument naming the field
};

// The driver's loop variables, by reference (what a checkpoint restores besides the method).
template <class S>
struct DriverVars {
  Index& k;
  Iterate<S>& cur;
  Iterate<S>& best;
  bool& best_is_cur;
  S& best_f;
  double& g0;
  EvalCounts& counts;
  double& elapsed;
  // What the stopping tests at the end of iteration k saw besides cur: ||x_k - x_{k-1}|| and
  // f_{k-1} (NaN before the first step).
  // A resumed run repeats those tests at k, so a converged run ends at once the same way.
  double& step_norm;
  double& f_prev;
};

// Throws std::invalid_argument "method 'NAME' does not support checkpoints" when the state
// cannot save itself; called before the first step so a run never fails late.
template <class S>
void check_checkpointable(const std::string& method, const MethodState<S>& state);

template <class S>
void save_run(const CheckpointOptions& opt, const std::string& method, const DriverVars<S>& v,
              const MethodState<S>& state, std::span<Observer<S>* const> observers);

// Restores v and state from opt.path when opt.resume and the file exists, and returns the
// archive (std::nullopt otherwise: the run starts fresh). A file that is damaged, of another
// version, or written by a different run (signature, method, dimension, scalar type) is refused
// with an exception naming the reason.
template <class S>
std::optional<StateReader> resume_run(const CheckpointOptions& opt, const std::string& method,
                                      const DriverVars<S>& v, MethodState<S>& state);
// Then the observers, after their on_start() saw the resumed record (so that loaded history is
// not reset by on_start).
template <class S>
void resume_observers(const CheckpointOptions& opt, StateReader& r,
                      std::span<Observer<S>* const> observers);

// The iteration a checkpoint file was saved at (for messages such as "resuming at 120").
Index checkpoint_iteration(const std::string& path);

}  // namespace optim
