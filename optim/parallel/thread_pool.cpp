#include "optim/parallel/thread_pool.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace optim {
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

thread_local bool t_inside_job = false;  // a body that calls parallel_chunks runs it inline

// The pool. A job is published through one 64-bit ticket: job generation (32 bits), chunk count
// (16 bits) and the next unclaimed chunk (16 bits). A thread claims chunk i of job g by a
// compare-and-swap of the whole ticket, so a claim succeeds only while job g is current and
// i < its count; only after a successful claim does the thread read the job's function, which
// the caller cannot replace before `remaining_` (chunks not yet finished) reaches zero. A worker
// that wakes late therefore never runs a chunk of a finished job.
class Pool {
 public:
  static Pool& instance() {
    static Pool pool;
    return pool;
  }

  ~Pool() { resize(1); }

  int threads() const { return threads_.load(std::memory_order_relaxed); }

  // Not from inside a parallel pass (the pass holds job_mutex_). job_mutex_ keeps a resize out
  // of a running job and away from another resize.
  void resize(int n) {
    std::lock_guard<std::mutex> job(job_mutex_);
    if (n == threads_.load()) return;
    stop_workers();
    threads_ = n;
    stop_.store(false);
    // A worker compares against the wake-up value of its creation, not of its first run: a stop
    // or a job published before the thread runs must still wake it.
    const std::uint32_t seen = wake_.load();
    for (int i = 1; i < n; ++i) workers_.emplace_back([this, seen] { work_loop(seen); });
  }

  void run(Index chunks, detail::ChunkFn fn, void* ctx) {
    if (chunks <= 0) return;
    if (threads_.load(std::memory_order_relaxed) <= 1 || chunks == 1 || t_inside_job ||
        chunks > kMaxChunks) {
      for (Index c = 0; c < chunks; ++c) fn(ctx, c);
      return;
    }
    // One job at a time: a second caller thread (not the pattern of this library, but allowed)
    // waits here rather than corrupting the ticket.
    std::lock_guard<std::mutex> lock(job_mutex_);
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

 private:
  static constexpr Index kMaxChunks = 0xFFFF;

  static std::uint64_t make_ticket(std::uint32_t gen, Index chunks, Index next) {
    return (std::uint64_t(gen) << 32) | (std::uint64_t(chunks) << 16) | std::uint64_t(next);
  }

  // Claims and runs chunks of job `gen` until none is left (or the job is no longer current).
  void work(std::uint32_t gen) {
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

  void work_loop(std::uint32_t seen) {
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

  void stop_workers() {
    if (workers_.empty()) return;
    stop_.store(true, std::memory_order_seq_cst);
    wake_.fetch_add(1, std::memory_order_seq_cst);  // a generation no job uses: wakes everyone
    {
      std::lock_guard<std::mutex> sleep(sleep_mutex_);
      wake_cv_.notify_all();
    }
    for (auto& w : workers_) w.join();
    workers_.clear();
    generation_ = wake_.load();  // keep job generations ahead of the wake-up value
  }

  std::mutex job_mutex_;  // run() and resize()
  std::mutex sleep_mutex_;
  std::condition_variable wake_cv_;
  std::atomic<int> threads_{1};  // read without the lock by run() and threads()
  std::vector<std::thread> workers_;
  std::atomic<std::uint64_t> ticket_{0};
  std::atomic<std::uint32_t> wake_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<Index> remaining_{0};
  std::atomic<bool> stop_{false};
  std::uint32_t generation_ = 0;
  detail::ChunkFn fn_ = nullptr;
  void* ctx_ = nullptr;
};

}  // namespace

int set_threads(int n) {
  if (n < 1) throw std::invalid_argument("threads = " + std::to_string(n) + " must be >= 1");
  Pool::instance().resize(n);
  return n;
}

int threads() {
  return Pool::instance().threads();
}

Chunking chunking(Index n, Index grain) {
  constexpr Index kMaxChunks = 64;
  Chunking c;
  if (n <= 0) return c;
  grain = std::max<Index>(grain, 1);
  c.size = std::max(grain, (n + kMaxChunks - 1) / kMaxChunks);
  c.chunks = (n + c.size - 1) / c.size;
  return c;
}

namespace detail {
void run_chunks(Index chunks, ChunkFn fn, void* ctx) {
  Pool::instance().run(chunks, fn, ctx);
}
}  // namespace detail

}  // namespace optim
