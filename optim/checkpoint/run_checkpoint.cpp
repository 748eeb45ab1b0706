#include "optim/checkpoint/run_checkpoint.hpp"

#include <stdexcept>

#include "optim/checkpoint/checkpoint_file.hpp"
#include "optim/params.hpp"

namespace optim {

void CheckpointOptions::validate() const {
  require_at_least("checkpoint_every", static_cast<double>(every), 0.0);
  if (path.empty() && (every > 0 || resume))
    throw std::invalid_argument("checkpoint_every / resume need a checkpoint path");
}

Index checkpoint_iteration(const std::string& path) {
  StateReader r = read_checkpoint_file(path);
  return static_cast<Index>(r.get_int("run.k"));
}

}  // namespace optim
