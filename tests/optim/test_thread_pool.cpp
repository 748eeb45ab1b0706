// optim/parallel/thread_pool: every chunk runs exactly once, the partition depends on the shape
// only, nested calls run inline, many scopes of different sizes under load work, and an update
// rule gives the same bits on 1, 2 and 3 threads (the property that makes training independent of
// --threads). The threads are those of a ContextScope (optim/run_context.hpp).
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <vector>

#include "optim/optim.hpp"
#include "optim/parallel/thread_pool.hpp"
#include "optim/run_context.hpp"

namespace optim {
namespace {

TEST(ThreadPool, EveryChunkRunsExactlyOnce) {
  for (int t : {1, 2, 3, 4}) {
    const ContextScope scope({.threads = t});
    EXPECT_EQ(current_context().threads, t);
    for (Index chunks : {0, 1, 2, 7, 64, 1000}) {
      std::vector<std::atomic<int>> hits(static_cast<size_t>(chunks));
      parallel_chunks(chunks, [&](Index c) { hits[size_t(c)].fetch_add(1); });
      for (Index c = 0; c < chunks; ++c)
        EXPECT_EQ(hits[size_t(c)].load(), 1) << t << " threads, chunk " << c << " of " << chunks;
    }
  }
}

TEST(ThreadPool, RangesDependOnTheShapeOnly) {
  // chunking(): at least `grain` per chunk, at most 64 chunks, covering [0, n) exactly.
  for (Index n : {0, 1, 100, 32768, 100003, 10000000}) {
    const Chunking c = chunking(n, 1000);
    if (n == 0) continue;
    EXPECT_LE(c.chunks, 64);
    EXPECT_GE(c.size, std::min<Index>(1000, n));
    EXPECT_GE(c.chunks * c.size, n);
    EXPECT_LT((c.chunks - 1) * c.size, n);
  }
  // The ranges handed to the body are the same on any number of threads.
  auto ranges = [](int t) {
    const ContextScope scope({.threads = t});
    std::vector<std::atomic<Index>> ends(64);
    parallel_range(100003, 1000, [&](Index b, Index e) { ends[size_t(b / 1563)].store(e); });
    std::vector<Index> out;
    for (auto& e : ends) out.push_back(e.load());
    return out;
  };
  const auto one = ranges(1);
  EXPECT_EQ(one, ranges(2));
  EXPECT_EQ(one, ranges(3));
  EXPECT_EQ(one.back(), 100003);  // chunk size ceil(100003 / 64) = 1563
}

TEST(ThreadPool, NestedCallsRunInlineAndFinish) {
  const ContextScope scope({.threads = 2});
  std::atomic<int> inner{0};
  parallel_chunks(8, [&](Index) { parallel_chunks(5, [&](Index) { inner.fetch_add(1); }); });
  EXPECT_EQ(inner.load(), 40);
}

// Many small jobs in scopes of 1 to 4 threads, one after the other: catches lost wake-ups (a
// worker that sleeps through a job or a stop) as a hang and lost or repeated chunks as a wrong
// sum.
TEST(ThreadPool, ManyJobsAcrossScopes) {
  std::mt19937 rng(20261126);
  std::uniform_int_distribution<int> chunks(1, 40), t(1, 4);
  for (int round = 0; round < 50; ++round) {
    const ContextScope scope({.threads = t(rng)});
    for (int job = 0; job < 100; ++job) {
      const Index n = chunks(rng);
      std::atomic<long> sum{0};
      parallel_chunks(n, [&](Index c) { sum.fetch_add(c + 1); });
      ASSERT_EQ(sum.load(), n * (n + 1) / 2) << "seed 20261126, round " << round << " job " << job;
    }
  }
}

TEST(ThreadPool, BadThreadCountIsRejected) {
  try {
    const ContextScope scope({.threads = 0});
    FAIL() << "a scope of 0 threads was opened";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("threads = 0"), std::string::npos) << e.what();
  }
  EXPECT_THROW(RunContext{.threads = -3}.validate(), std::invalid_argument);
  EXPECT_EQ(current_context().threads, 1);  // the failed scope left nothing behind
}

// Every first-order rule over a vector long enough to be split (3 chunks of 2^15 and a tail):
// 1, 2 and 3 threads give the same bits, and the rule moved x.
TEST(ThreadPool, UpdateRulesGiveTheSameBitsOnAnyThreadCount) {
  const Index n = 3 * kElementwiseGrain + 17;
  std::mt19937_64 rng(7);
  std::normal_distribution<float> normal;
  Vec<float> x0(n), g1(n), g2(n);
  for (Index i = 0; i < n; ++i) x0[i] = normal(rng), g1[i] = normal(rng), g2[i] = normal(rng);
  for (const char* name :
       {"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "rprop", "quickprop"}) {
    auto run = [&](int t) {
      const ContextScope scope({.threads = t});
      auto method = make_method<float>(name, {{"lr", "0.01"}});
      const auto* fo = dynamic_cast<const FirstOrder<float>*>(method.get());
      EXPECT_NE(fo, nullptr) << name;
      auto state = fo->rule().start(n);
      Vec<float> x = x0;
      for (int k = 0; k < 4; ++k) {
        state->gradient_point(x);
        state->update(x, k % 2 == 0 ? g1 : g2, 1.0f, 0.01f);
      }
      return x;
    };
    const Vec<float> one = run(1);
    EXPECT_GT((one - x0).cwiseAbs().maxCoeff(), 0.0f) << name;
    for (int t : {2, 3}) {
      const Vec<float> many = run(t);
      EXPECT_EQ(0, (one.array() != many.array()).count()) << name << ", " << t << " threads";
    }
  }
}

}  // namespace
}  // namespace optim
