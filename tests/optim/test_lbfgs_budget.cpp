// The L-BFGS pair ring is sized by min(m, iteration budget) (optim/second_order/lbfgs.cpp): a run
// of at most N iterations stores at most N pairs, so a huge `m` with a small budget allocates
// only what the run can use, and the iterates are bit-identical to those of any large enough
// ring. Checkpoints carry the pairs, not the capacity: a run resumed under another budget (larger
// or smaller) continues exactly.
#include <gtest/gtest.h>

#include <filesystem>

#include "checkpoint_test_support.hpp"
#include "optim/driver.hpp"
#include "optim/observers/trace_recorder.hpp"
#include "optim/registry.hpp"
#include "problems/registry.hpp"

namespace optim {
namespace {

using testing::bit_identical;
using testing::checkpoint_temp_file;

StopOptions budget(Index max_iter) {
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = max_iter;
  return stop;
}

// m = 10^9 pairs of a 1000-dimensional problem would be 16 TB; with --max-iter 10 the ring holds
// 10 pairs, and the run is the one that m = 10 gives.
TEST(LbfgsBudget, AHugeMemoryWithASmallBudgetAllocatesOnlyWhatTheRunCanUse) {
  auto problem = problems::make_problem<double>("rosenbrock", 1000);
  auto huge = make_method<double>("lbfgs", {{"m", "1000000000"}});
  auto ten = make_method<double>("lbfgs", {{"m", "10"}});
  Result<double> a, b;
  ASSERT_NO_THROW(a = minimize<double>(*problem.objective, problem.x0, *huge, budget(10)));
  b = minimize<double>(*problem.objective, problem.x0, *ten, budget(10));
  EXPECT_EQ(a.iterations, 10);
  EXPECT_TRUE(bit_identical(a.x, b.x));
  EXPECT_EQ(a.evals.f, b.evals.f);
}

// The ring's capacity follows the budget, not m: a run of budget n (a ring of min(7, n) pairs)
// is bit for bit the first n iterations of a run of budget 40 (a ring of 7).
TEST(LbfgsBudget, IteratesDoNotDependOnTheRingCapacity) {
  auto problem = problems::make_problem<double>("rosenbrock", 10);
  auto method = make_method<double>("lbfgs", {{"m", "7"}});
  TraceRecorder<double> trace(/*record_x=*/true);
  Observer<double>* observers[] = {&trace};
  minimize<double>(*problem.objective, problem.x0, *method, budget(40), observers);
  ASSERT_EQ(trace.rows().size(), 41u);  // not converged before 40
  for (const Index n : {1, 3, 6, 7, 8, 25}) {
    SCOPED_TRACE(n);
    const auto a = minimize<double>(*problem.objective, problem.x0, *method, budget(n));
    ASSERT_EQ(a.iterations, n);
    const Vec<double> x_n = Eigen::Map<const Vec<double>>(trace.xs().data() + 10 * n, 10);
    EXPECT_TRUE(bit_identical(a.x, x_n));
  }
}

// Saved under a budget of 12 (ring of 12 pairs of m = 50), resumed with 40 iterations: the
// ring grows and the run equals the uninterrupted 40-iteration run. Saved at 30 pairs and
// resumed with a budget of 5 (it ends at once and saves again: the ring keeps all 30 pairs),
// then resumed with 40: still the uninterrupted run.
TEST(LbfgsBudget, CheckpointsResumeUnderALargerOrSmallerBudget) {
  auto problem = problems::make_problem<double>("rosenbrock", 10);
  auto method = make_method<double>("lbfgs", {{"m", "50"}});
  const auto full = minimize<double>(*problem.objective, problem.x0, *method, budget(40));
  ASSERT_EQ(full.iterations, 40) << full.message;

  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("lbfgs_budget", "grow");
  const auto first = minimize<double>(*problem.objective, problem.x0, *method, budget(12), {}, ck);
  ASSERT_EQ(first.iterations, 12);
  ck.resume = true;
  const auto grown = minimize<double>(*problem.objective, problem.x0, *method, budget(40), {}, ck);
  EXPECT_TRUE(bit_identical(grown.x, full.x));
  EXPECT_EQ(grown.evals.f, full.evals.f);
  std::filesystem::remove(ck.path);

  ck.resume = false;
  ASSERT_EQ(
      minimize<double>(*problem.objective, problem.x0, *method, budget(30), {}, ck).iterations, 30);
  ck.resume = true;
  const auto small = minimize<double>(*problem.objective, problem.x0, *method, budget(5), {}, ck);
  EXPECT_EQ(small.status, Status::MaxIterations);
  EXPECT_EQ(small.iterations, 30);
  const auto again = minimize<double>(*problem.objective, problem.x0, *method, budget(40), {}, ck);
  EXPECT_TRUE(bit_identical(again.x, full.x));
  EXPECT_EQ(again.evals.f, full.evals.f);
  std::filesystem::remove(ck.path);
}

}  // namespace
}  // namespace optim
