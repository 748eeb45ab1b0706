#pragma once
// --checkpoint FILE --checkpoint-every N --resume, shared by `optim minimize` (N in iterations)
// and `optim train` (N in epochs).
#include <CLI/CLI.hpp>
#include <string>

#include "optim/checkpoint/run_checkpoint.hpp"

namespace optim::cli {

struct CheckpointFlags {
  std::string path;
  long every = 0;
  bool resume = false;
};

void add_checkpoint_flags(CLI::App& app, CheckpointFlags& flags, const std::string& unit);

// The options for the driver, checked (--checkpoint-every / --resume need --checkpoint).
// `signature` describes the run so that a checkpoint of another run is refused.
CheckpointOptions checkpoint_options(const CheckpointFlags& flags, const std::string& signature);

// "resuming from iteration 120 of FILE" / "no checkpoint FILE yet: starting afresh" on stderr
// when --resume was given; returns the iteration resumed from (0 when starting afresh).
Index announce_resume(const CheckpointFlags& flags, const std::string& unit);

}  // namespace optim::cli
