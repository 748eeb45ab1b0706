#pragma once
// The worker threads of one ContextScope (optim/run_context.hpp) and how they share the chunks of
// a parallel pass (optim/parallel/thread_pool.hpp). Internal to the library: users open a scope.
//
// Why threads of our own rather than OpenMP: chunks are claimed dynamically, so a thread the OS
// has descheduled on a busy machine only delays the chunk it holds instead of stalling a static
// schedule at every barrier; and an idle worker spins for a bounded time (kSpinMicroseconds)
// before it sleeps, instead of libgomp's default of ~300 000 spin iterations per barrier that
// starve the other thread on a loaded machine (measured: 20x more CPU for 2 threads than for 1).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "optim/parallel/thread_pool.hpp"
#include "optim/run_context.hpp"
#include "optim/types.hpp"

namespace optim::detail {

// How long an idle worker spins for the next job before it sleeps, in microseconds: long
// enough to bridge the serial gaps between the parallel passes of one training step, short
// enough to cost little on a loaded machine.
inline constexpr int kSpinMicroseconds = 100;

// Whether this thread is running a chunk (a pass called from a chunk runs inline).
bool inside_parallel_pass();

// Worker threads started by all teams of the process so far (for the tests: a 1-thread scope
// starts none).
long worker_threads_started();

// Makes `scope` the current scope of a worker thread (defined with the scopes, run_context.cpp).
void enter_scope_as_worker(const ContextScope* scope);

// threads - 1 workers plus the thread that calls run(). A job is published through one 64-bit
// ticket: job generation (32 bits), chunk count (16 bits) and the next unclaimed chunk (16 bits).
// A thread claims chunk i of job g by a compare-and-swap of the whole ticket, so a claim succeeds
// only while job g is current and i < its count; only after a successful claim does the thread
// read the job's function, which the caller cannot replace before `remaining_` (chunks not yet
// finished) reaches zero. A worker that wakes late therefore never runs a chunk of a finished job.
//
// One caller thread: the scope's. Other threads reach the team only from inside a chunk, where
// inside_parallel_pass() makes their passes run inline, so jobs never overlap and need no lock.
class WorkerTeam {
 public:
  // Starts threads - 1 workers (threads >= 2); each enters `scope` before its first job.
  WorkerTeam(int threads, const ContextScope* scope);
  ~WorkerTeam();
  WorkerTeam(const WorkerTeam&) = delete;
  WorkerTeam& operator=(const WorkerTeam&) = delete;

  int threads() const { return threads_; }

  // body(ctx, c) for c in [0, chunks), shared among the team; returns when all are done. Inline
  // on the calling thread when called from a chunk, for one chunk, or beyond the ticket's range.
  void run(Index chunks, ChunkFn fn, void* ctx);

 private:
  static constexpr Index kMaxChunks = 0xFFFF;

  void work(std::uint32_t gen);
  void work_loop(std::uint32_t seen);
  void stop_workers();

  const int threads_;
  std::mutex sleep_mutex_;
  std::condition_variable wake_cv_;
  std::vector<std::thread> workers_;
  std::atomic<std::uint64_t> ticket_{0};
  std::atomic<std::uint32_t> wake_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<Index> remaining_{0};
  std::atomic<bool> stop_{false};
  std::uint32_t generation_ = 0;
  ChunkFn fn_ = nullptr;
  void* ctx_ = nullptr;
};

}  // namespace optim::detail
