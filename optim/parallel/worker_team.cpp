#include "optim/parallel/worker_team.hpp"

#include <chrono>

namespace optim::detail {
namespace {

// A CPU hint that we are spinning (lets the sibling hyper-thread run); nothing elsewhere.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Spins until ready() or until kSpinMicroseconds have passed; true when ready.
template <class Ready>
bool spin_until(Ready ready) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::microseconds(kSpinMicroseconds);
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (ready()) return true;
      cpu_relax();
    }
    if (Clock::now() >= deadline) return ready();
  }
}

std::uint64_t make_ticket(std::uint32_t gen, Index chunks, Index next) {
  return (std::uint64_t(gen) << 32) | (std::uint64_t(chunks) << 16) | std::uint64_t(next);
}

thread_local bool t_inside_job = false;  // a body that calls parallel_chunks runs it inline
std::atomic<long> g_workers_started{0};

}  // namespace

bool inside_parallel_pass() {
  return t_inside_job;
}

long worker_threads_started() {
  return g_workers_started.load();
}

WorkerTeam::WorkerTeam(int threads, const ContextScope* scope) : threads_(threads) {
  workers_.reserve(static_cast<std::size_t>(threads - 1));
  // A worker compares against the wake-up value of its creation (0), not of its first run: a
  // job published before the thread runs must still wake it.
  try {
    for (int i = 1; i < threads; ++i) {
      workers_.emplace_back([this, scope] {
        enter_scope_as_worker(scope);
        work_loop(0);
      });
      g_workers_started.fetch_add(1);
    }
  } catch (...) {  // std::system_error when the OS refuses a thread: join the ones started
    stop_workers();
    throw;
  }
}

WorkerTeam::~WorkerTeam() {
  stop_workers();
}

void WorkerTeam::run(Index chunks, ChunkFn fn, void* ctx) {
  if (chunks <= 0) return;
  if (chunks == 1 || t_inside_job || chunks > kMaxChunks) {
    for (Index c = 0; c < chunks; ++c) fn(ctx, c);
    return;
  }
  fn_ = fn;
  ctx_ = ctx;
  remaining_.store(chunks, std::memory_order_relaxed);
  const std::uint32_t gen = ++generation_;
  ticket_.store(make_ticket(gen, chunks, 0), std::memory_order_release);
  wake_.store(gen, std::memory_order_seq_cst);
  if (sleepers_.load(std::memory_order_seq_cst) > 0) {
    std::lock_guard<std::mutex> sleep(sleep_mutex_);
    wake_cv_.notify_all();
  }
  work(gen);
  // Chunks claimed by workers may still be running: spin, then yield to them (a descheduled
  // worker holding a chunk needs the CPU more than we do).
  auto done = [this] { return remaining_.load(std::memory_order_acquire) == 0; };
  if (!spin_until(done)) {
    while (!done()) std::this_thread::yield();
  }
}

// Claims and runs chunks of job `gen` until none is left (or the job is no longer current).
void WorkerTeam::work(std::uint32_t gen) {
  std::uint64_t t = ticket_.load(std::memory_order_acquire);
  for (;;) {
    const auto tgen = std::uint32_t(t >> 32);
    const Index count = Index((t >> 16) & 0xFFFF), next = Index(t & 0xFFFF);
    if (tgen != gen || next >= count) return;
    if (!ticket_.compare_exchange_weak(t, t + 1, std::memory_order_acq_rel,
                                       std::memory_order_acquire)) {
      continue;  // t now holds the current ticket
    }
    t_inside_job = true;
    fn_(ctx_, next);
    t_inside_job = false;
    remaining_.fetch_sub(1, std::memory_order_release);
    t = ticket_.load(std::memory_order_acquire);
  }
}

void WorkerTeam::work_loop(std::uint32_t seen) {
  for (;;) {
    auto published = [&] { return wake_.load(std::memory_order_acquire) != seen; };
    if (!spin_until(published)) {
      // Sleep on a condition variable, whose wake-up protocol is easy to check: the caller stores
      // the new generation before it reads sleepers_, and we count ourselves before we test the
      // generation, both seq_cst: either it sees us and notifies under the mutex, or we see the
      // new generation and do not sleep.
      std::unique_lock<std::mutex> sleep(sleep_mutex_);
      sleepers_.fetch_add(1, std::memory_order_seq_cst);
      wake_cv_.wait(sleep, [&] { return wake_.load(std::memory_order_seq_cst) != seen; });
      sleepers_.fetch_sub(1, std::memory_order_seq_cst);
    }
    // Read the generation before the stop flag: a stop bumps the generation after setting the
    // flag, so a thread that saw the bumped value also sees the flag (read the other way
    // round, it could take the stop's value for a job and then wait for it forever).
    seen = wake_.load(std::memory_order_seq_cst);
    if (stop_.load(std::memory_order_seq_cst)) return;
    work(seen);
  }
}

void WorkerTeam::stop_workers() {
  if (workers_.empty()) return;
  stop_.store(true, std::memory_order_seq_cst);
  wake_.fetch_add(1, std::memory_order_seq_cst);  // a generation no job uses: wakes everyone
  {
    std::lock_guard<std::mutex> sleep(sleep_mutex_);
    wake_cv_.notify_all();
  }
  for (auto& w : workers_) w.join();
  workers_.clear();
}

}  // namespace optim::detail
