#pragma once
// The ranks this `optim` process was started with (`mpirun -np K optim train ...`), set once by
// main (cli/main.cpp) before any subcommand runs; null when it was not started by a launcher.
// `optim train` puts it in its run context (RunContext::comm); no library code reads it.
#include <memory>

#include "optim/distributed/communicator.hpp"

namespace optim::cli {

std::shared_ptr<Communicator>& launch_communicator();

}  // namespace optim::cli
