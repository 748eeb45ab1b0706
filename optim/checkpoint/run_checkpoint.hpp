#pragma once
// Checkpointing of a driver run (optim/driver.hpp): every `every` accepted iterations, and when
// the run ends at rest (after an accepted iteration: stopped, converged or out of budget), the
// run's state (optim/run_state.hpp: iteration count, current and best iterate, start gradient
// norm, the last step norm and previous f, evaluation counts, elapsed time), the method's state
// and the observers' state are saved into one checkpoint file (optim/checkpoint/checkpointer.hpp).
// With `resume`, a run whose file exists restarts from it and continues bit for bit as the saved
// run would have (the same floating-point operations in the same order).
#include <string>
#include <vector>

#include "optim/types.hpp"

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

// The iteration a checkpoint file was saved at (for messages such as "resuming at 120").
Index checkpoint_iteration(const std::string& path);

}  // namespace optim
