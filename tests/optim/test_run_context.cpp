// optim/run_context.hpp: a ContextScope makes its context current for its thread and for the
// worker threads it starts, scopes nest and restore, a 1-thread scope starts no thread and
// allocates nothing, and two threads with scopes of different contexts see only their own.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "optim/minimize.hpp"
#include "optim/parallel/thread_pool.hpp"
#include "optim/parallel/worker_team.hpp"
#include "optim/run_context.hpp"
#include "optim/second_order/lbfgs.hpp"
#include "support/alloc_counter.hpp"

namespace optim {
namespace {

// A backend other than the default when the build has two, so that a mix-up is visible.
GemmBackend other_backend() {
  return default_gemm_backend() == GemmBackend::Blas ? GemmBackend::Eigen : GemmBackend::Blas;
}
GemmBackend second_backend() {
  return blas_available() ? other_backend() : GemmBackend::Eigen;
}

TEST(RunContext, WithoutAScopeOneThreadAndTheDefaultBackend) {
  EXPECT_EQ(current_context().threads, 1);
  EXPECT_EQ(current_context().gemm, default_gemm_backend());
  EXPECT_EQ(current_context(), RunContext{});
  const std::thread::id me = std::this_thread::get_id();
  std::atomic<int> elsewhere{0};
  parallel_chunks(16, [&](Index) {
    if (std::this_thread::get_id() != me) elsewhere.fetch_add(1);
  });
  EXPECT_EQ(elsewhere.load(), 0);
}

TEST(RunContext, ScopesNestAndRestoreThePreviousContext) {
  const RunContext outer{.threads = 2, .gemm = GemmBackend::Eigen};
  const RunContext inner{.threads = 3, .gemm = second_backend()};
  {
    const ContextScope a(outer);
    EXPECT_EQ(current_context(), outer);
    {
      const ContextScope b(inner);
      EXPECT_EQ(current_context(), inner);
      {
        const ContextScope c({});
        EXPECT_EQ(current_context(), RunContext{});
      }
      EXPECT_EQ(current_context(), inner);
    }
    EXPECT_EQ(current_context(), outer);
  }
  EXPECT_EQ(current_context(), RunContext{});
}

TEST(RunContext, ThreadsStartOnlyForScopesOfSeveralThreads) {
  const long before = detail::worker_threads_started();
  {
    const ContextScope one({.threads = 1});
    std::atomic<int> n{0};
    parallel_chunks(64, [&](Index) { n.fetch_add(1); });
    EXPECT_EQ(n.load(), 64);
  }
  EXPECT_EQ(detail::worker_threads_started(), before) << "a 1-thread scope started a thread";
  {
    const ContextScope three({.threads = 3});
    EXPECT_EQ(detail::worker_threads_started(), before + 2);
    // A scope of the same context inside (a run inside a run) shares the workers.
    const ContextScope same({.threads = 3});
    EXPECT_EQ(detail::worker_threads_started(), before + 2);
  }
}

TEST(RunContext, AOneThreadScopeAllocatesNothing) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  long count = -1;
  std::atomic<long> sum{0};
  {
    testing::AllocationCounter c;
    {
      const ContextScope one({.threads = 1, .gemm = second_backend()});
      parallel_chunks(8, [&](Index i) { sum.fetch_add(i); });
    }
    count = c.count();
  }
  EXPECT_EQ(count, 0);
  EXPECT_EQ(sum.load(), 28);
}

// What the chunks of one pass saw: the context current on the thread that ran each chunk, and the
// threads that ran them. Each chunk sleeps a little, so that the workers get some.
struct PassSeen {
  int wrong_context = 0;
  std::set<std::thread::id> threads;
};
PassSeen run_pass(Index chunks, const RunContext& want, bool sleep) {
  std::mutex m;
  PassSeen seen;
  parallel_chunks(chunks, [&](Index) {
    const bool ok = current_context() == want;
    if (sleep) std::this_thread::sleep_for(std::chrono::microseconds(300));
    const std::lock_guard<std::mutex> lock(m);
    seen.threads.insert(std::this_thread::get_id());
    if (!ok) ++seen.wrong_context;
  });
  return seen;
}

TEST(RunContext, WorkersSeeTheContextOfTheirScope) {
  const RunContext ctx{.threads = 3, .gemm = second_backend()};
  const ContextScope scope(ctx);
  const PassSeen seen = run_pass(64, ctx, /*sleep=*/true);
  EXPECT_EQ(seen.wrong_context, 0);
  EXPECT_LE(seen.threads.size(), 3u);
  EXPECT_GE(seen.threads.size(), 2u) << "no worker ran a chunk of 64 x 300 us";
}

TEST(RunContext, AScopeOpenedInsideAPassStartsNoThreadsAndRestores) {
  const RunContext outer{.threads = 2, .gemm = GemmBackend::Eigen};
  const RunContext inner{.threads = 4, .gemm = second_backend()};
  const ContextScope scope(outer);
  const long before = detail::worker_threads_started();
  std::atomic<int> wrong{0};
  parallel_chunks(16, [&](Index) {
    {
      const ContextScope nested(inner);
      if (current_context() != inner) wrong.fetch_add(1);
      std::atomic<int> n{0};
      parallel_chunks(4, [&](Index) { n.fetch_add(1); });  // inline
      if (n.load() != 4) wrong.fetch_add(1);
    }
    if (current_context() != outer) wrong.fetch_add(1);
  });
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(detail::worker_threads_started(), before);
}

// Two threads of one process, each in its own scope (1 thread with one backend, 3 threads with
// the other), run passes at the same time: every chunk of either sees its own thread's context,
// and a 1-thread pass never leaves its thread. With one process-wide setting, one of the two
// would read the other's.
TEST(RunContext, ConcurrentScopesOfDifferentContextsDoNotMix) {
  const RunContext a{.threads = 1, .gemm = default_gemm_backend()};
  const RunContext b{.threads = 3, .gemm = second_backend()};
  std::latch start(2);
  std::atomic<int> wrong_a{0}, wrong_b{0}, a_left_its_thread{0}, b_too_many_threads{0};
  std::thread ta([&] {
    const ContextScope scope(a);
    start.arrive_and_wait();
    for (int pass = 0; pass < 2000; ++pass) {
      const PassSeen s = run_pass(16, a, /*sleep=*/false);
      wrong_a += s.wrong_context;
      if (s.threads.size() != 1 || *s.threads.begin() != std::this_thread::get_id())
        ++a_left_its_thread;
    }
  });
  std::thread tb([&] {
    const ContextScope scope(b);
    start.arrive_and_wait();
    for (int pass = 0; pass < 2000; ++pass) {
      const PassSeen s = run_pass(16, b, /*sleep=*/false);
      wrong_b += s.wrong_context;
      if (s.threads.size() > 3) ++b_too_many_threads;
    }
  });
  ta.join();
  tb.join();
  EXPECT_EQ(wrong_a.load(), 0);
  EXPECT_EQ(wrong_b.load(), 0);
  EXPECT_EQ(a_left_its_thread.load(), 0);
  EXPECT_EQ(b_too_many_threads.load(), 0);
  EXPECT_EQ(current_context(), RunContext{});  // this thread never had a scope
}

// A run given no context runs in the caller's current one (minimize's default argument), and an
// explicit context replaces it for the run only.
TEST(RunContext, MinimizeInheritsTheCurrentContextUnlessGivenOne) {
  RunContext seen;
  auto bowl = [&seen](const Vec<double>& x, Vec<double>* g) {
    seen = current_context();
    if (g) *g = 2 * x;
    return x.squaredNorm();
  };
  const RunContext outer{.threads = 2, .gemm = GemmBackend::Eigen};
  const ContextScope scope(outer);
  const Lbfgs<double> method;
  optim::minimize(bowl, Vec<double>::Ones(3), method);
  EXPECT_EQ(seen, outer);
  const RunContext own{.threads = 3, .gemm = second_backend()};
  optim::minimize(bowl, Vec<double>::Ones(3), method, {}, {}, {}, own);
  EXPECT_EQ(seen, own);
  EXPECT_EQ(current_context(), outer);
}

TEST(RunContext, BadContextsAreRejected) {
  EXPECT_THROW(RunContext{.threads = 0}.validate(), std::invalid_argument);
  if (!blas_available()) {
    try {
      RunContext{.gemm = GemmBackend::Blas}.validate();
      FAIL() << "gemm blas accepted in a build without OpenBLAS";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("blas"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(to_string(parse_gemm_backend("eigen")), "eigen");
  EXPECT_EQ(to_string(parse_gemm_backend("blas")), "blas");
  EXPECT_THROW(parse_gemm_backend("mkl"), std::invalid_argument);
}

}  // namespace
}  // namespace optim
