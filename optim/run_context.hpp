#pragma once
// The machine resources of one run: how many threads its data-parallel passes use
// (optim/parallel/thread_pool.hpp) and which kernel computes the network's matrix products
// (nn/gemm.hpp). A value passed to a run (minimize's last argument, nn::TrainOptions::context),
// not a process-wide switch, so that two runs in one process (a Python session, a server, two MPI
// ranks on a node) do not change each other's settings.
//
// A run makes its context current for the calling thread with a ContextScope; the parallel
// passes and gemm read the current context. Without a scope a thread runs on 1 thread with the
// default backend. Results do not depend on the thread count; they do depend on the backend
// (Eigen's and OpenBLAS's kernels sum in different orders).
#include <memory>
#include <string>

namespace optim {

class Communicator;  // optim/distributed/communicator.hpp

enum class GemmBackend { Eigen, Blas };

// Whether this build links OpenBLAS for the network's products (CMake option OPTIM_BLAS).
bool blas_available();
// Blas when available, else Eigen.
GemmBackend default_gemm_backend();
GemmBackend parse_gemm_backend(const std::string& name);  // "eigen" | "blas"
std::string to_string(GemmBackend b);

struct RunContext {
  int threads = 1;  // total threads of the parallel passes, the calling thread included
  GemmBackend gemm = default_gemm_backend();
  // The processes of a data-parallel run (optim/distributed/): null for one process. The driver
  // writes checkpoints on rank 0 only; the network trainer splits its batches over the ranks.
  std::shared_ptr<Communicator> comm = nullptr;
  // std::invalid_argument for threads < 1 or a backend this build lacks.
  void validate() const;
  bool operator==(const RunContext&) const = default;
};

class ContextScope;
namespace detail {
class WorkerTeam;
WorkerTeam* current_team();  // optim/parallel/worker_team.hpp
}  // namespace detail

// Makes `context` current for the calling thread until the scope ends, then restores the
// previous one (scopes nest). With threads > 1 the scope starts threads - 1 worker threads of its
// own, which run the chunks of the passes called on this thread and see this context while they
// do (so a gemm inside a chunk uses this scope's backend); they stop when the scope ends. A
// 1-thread scope starts nothing and allocates nothing; a scope whose context equals the enclosing
// one's shares that scope's workers; a scope opened inside a parallel pass starts no workers
// (nested passes run inline). Throws what RunContext::validate throws. A scope belongs to the
// thread that opened it and must end on that thread, innermost first (as a local variable does).
class ContextScope {
 public:
  explicit ContextScope(const RunContext& context);
  ~ContextScope();
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

  const RunContext& context() const { return context_; }

 private:
  friend detail::WorkerTeam* detail::current_team();
  RunContext context_;
  const ContextScope* previous_ = nullptr;
  detail::WorkerTeam* team_ = nullptr;  // owned_, an enclosing scope's team, or none
  std::unique_ptr<detail::WorkerTeam> owned_;
};

// The context of the innermost scope open on this thread (for a worker thread, of the scope that
// started it); RunContext{} when there is none.
const RunContext& current_context();

}  // namespace optim
