#pragma once
// MPI for a program that runs with or without a launcher (the `optim` command): MPI is started
// only when the process was launched by mpirun / mpiexec / srun, so an ordinary run neither pays
// for MPI's start-up nor depends on its run-time environment (OpenMPI's singleton start, without
// mpirun, also works, but starts a helper daemon and probes the network for nothing).
#include <memory>

#include "optim/distributed/communicator.hpp"

namespace optim {

// Whether this build has MPI (CMake option OPTIM_MPI).
bool mpi_available();
// Whether a launcher started this process: the rank variables OpenMPI (OMPI_COMM_WORLD_SIZE),
// PMIx (PMIX_RANK), MPICH/Hydra and Slurm (PMI_SIZE) put in each rank's environment.
bool launched_by_mpi();

// MPI from construction to destruction (MPI_Init_thread with MPI_THREAD_FUNNELED: only the
// thread that owns the run calls MPI; the worker threads of the thread pool never do). At most
// one per process. std::runtime_error when the build has no MPI or MPI fails to start.
class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  // The ranks of the launch (a duplicate of MPI_COMM_WORLD, so that the run's gathers never
  // match messages of other code on the world communicator).
  std::shared_ptr<Communicator> world() const { return world_; }
  // Stops every rank of the launch with this exit code (MPI_Abort): the way one rank's error
  // stops the others, which would otherwise wait forever in the next gather.
  [[noreturn]] void abort(int code) const;

 private:
  std::shared_ptr<Communicator> world_;
};

}  // namespace optim
