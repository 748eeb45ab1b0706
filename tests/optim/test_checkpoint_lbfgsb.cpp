// Checkpoints of L-BFGS-B runs, on a box and without one: a run stopped at iteration s (a crash
// just after the periodic checkpoint, or a clean stop by the iteration budget) and resumed ends
// bit for bit where the uninterrupted run ends, with the same status, iterations, evaluation
// counts and active set. The compact memory's rings and inner products are the state; D, L and
// the Cholesky factor are recomputed from them by the arithmetic of an update.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include "checkpoint_test_support.hpp"
#include "optim/bounds/bounds.hpp"
#include "optim/checkpoint/run_checkpoint.hpp"
#include "optim/driver.hpp"
#include "optim/function_objective.hpp"
#include "optim/registry.hpp"
#include "problems/registry.hpp"

namespace optim {
namespace {

using testing::bit_identical;
using testing::checkpoint_temp_file;
using testing::CrashAt;

template <class S>
void expect_same_run(const Result<S>& resumed, const Result<S>& full) {
  EXPECT_EQ(resumed.status, full.status) << resumed.message << " vs " << full.message;
  EXPECT_EQ(resumed.message, full.message);
  EXPECT_EQ(resumed.iterations, full.iterations);
  EXPECT_TRUE(bit_identical(resumed.x, full.x));
  EXPECT_EQ(resumed.f, full.f);
  EXPECT_EQ(resumed.evals.f, full.evals.f);
  EXPECT_EQ(resumed.evals.g, full.evals.g);
}

// A run that writes a checkpoint every s iterations and crashes just after the one at s, then
// resumed from it: it ends where the uninterrupted run `full` ends, bit for bit.
template <class S>
void expect_resumes_after_crash(Objective<S>& objective, const Vec<S>& x0, const Method<S>& method,
                                const Bounds<S>& box, const StopOptions& stop, CheckpointOptions ck,
                                Index s, const Result<S>& full) {
  SCOPED_TRACE("crash after the checkpoint at iteration " + std::to_string(s));
  std::filesystem::remove(ck.path);
  ck.every = s;
  ck.resume = false;
  CrashAt<S> crash(s + 1);
  Observer<S>* crashing[] = {&crash};
  EXPECT_THROW(minimize<S>(objective, x0, method, box, stop, crashing, ck), std::runtime_error);
  ASSERT_EQ(checkpoint_iteration(ck.path), s);
  ck.resume = true;
  expect_same_run(minimize<S>(objective, x0, method, box, stop, {}, ck), full);
}

// Extended Rosenbrock (n = 8) on the box x_i <= 0.5 for even i (several bounds active at the
// solution), or without a box; m = 5 so that the ring wraps during the run.
template <class S>
void check_lbfgsb_resumes(bool boxed) {
  SCOPED_TRACE(boxed ? "on a box" : "without a box");
  auto problem = problems::make_problem<S>("rosenbrock", 8);
  auto method = make_method<S>("lbfgsb", ParamSet{{"m", "5"}});
  const S inf = std::numeric_limits<S>::infinity();
  Vec<S> lo = Vec<S>::Constant(8, -inf), hi = Vec<S>::Constant(8, inf);
  for (Index i = 0; i < 8; i += 2) hi[i] = S(0.5);
  const Bounds<S> box = boxed ? Bounds<S>(lo, hi) : Bounds<S>(8, -inf, inf);
  StopOptions stop;
  stop.max_iter = 500;
  const Result<S> full = minimize<S>(*problem.objective, problem.x0, *method, box, stop);
  const Index n_it = full.iterations;
  ASSERT_GE(n_it, 12) << full.message;
  ASSERT_TRUE(is_success(full.status)) << full.message;
  if (boxed) {
    ASSERT_GT(full.active.at_upper.size(), 0u);
  }

  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("lbfgsb", boxed ? "box" : "free");
  ck.signature = boxed ? "rosenbrock 8 box" : "rosenbrock 8";
  for (Index s : {Index(1), Index(6), n_it / 2, n_it - 1}) {
    expect_resumes_after_crash<S>(*problem.objective, problem.x0, *method, box, stop, ck, s, full);

    SCOPED_TRACE("clean stop by max_iter at iteration " + std::to_string(s));
    std::filesystem::remove(ck.path);
    ck.every = 0;
    ck.resume = false;
    StopOptions early = stop;
    early.max_iter = s;
    ASSERT_EQ(minimize<S>(*problem.objective, problem.x0, *method, box, early, {}, ck).iterations,
              s);
    ck.resume = true;
    expect_same_run(minimize<S>(*problem.objective, problem.x0, *method, box, stop, {}, ck), full);
  }
  std::filesystem::remove(ck.path);
}

TEST(CheckpointLbfgsb, ResumesBitIdenticallyOnABoxAndWithout) {
  check_lbfgsb_resumes<double>(true);
  check_lbfgsb_resumes<double>(false);
  check_lbfgsb_resumes<float>(true);
}

// A bounded quadratic whose free set changes over many iterations, so that the reduced sums kept
// over the free set are updated by the rows entering and leaving it: a run resumed from any
// iteration continues from the saved sums (forming them anew would round differently), bit for
// bit.
TEST(CheckpointLbfgsb, ResumesTheSumsKeptOverTheFreeSet) {
  const Index n = 3000;
  auto quadratic = [](const Vec<double>& x, Vec<double>* g) {
    double f = 0;
    for (Index i = 0; i < x.size(); ++i) {
      const double lambda = 1.0 + double(i % 100), d = x[i] - 1.5 * std::cos(double(i));
      f += 0.5 * lambda * d * d;
      if (g != nullptr) (*g)[i] = lambda * d;
    }
    return f;
  };
  FunctionObjective<double, decltype(quadratic)> objective(quadratic, n);
  auto method = make_method<double>("lbfgsb", ParamSet{{"m", "5"}});
  const Bounds<double> box(n, -1.0, 1.0);
  const Vec<double> x0 = Vec<double>::Zero(n);
  StopOptions stop;
  stop.max_iter = 500;
  stop.gtol = 1e-9;
  const Result<double> full = minimize<double>(objective, x0, *method, box, stop);
  ASSERT_TRUE(is_success(full.status)) << full.message;
  ASSERT_GE(full.iterations, 20) << full.message;
  ASSERT_GT(full.active.at_lower.size() + full.active.at_upper.size(), n / 4);
  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("lbfgsb", "free_sums");
  ck.signature = "diagonal quadratic 3000 box";
  for (Index s : {Index(3), Index(8), full.iterations / 2, full.iterations - 2}) {
    expect_resumes_after_crash<double>(objective, x0, *method, box, stop, ck, s, full);
  }
  std::filesystem::remove(ck.path);
}

// The box is one of the run's inputs: a checkpoint written on one box is refused on another,
// naming the box, instead of continuing from a point that may lie outside the new box.
TEST(CheckpointLbfgsb, ACheckpointOfAnotherBoxIsRefused) {
  auto problem = problems::make_problem<double>("rosenbrock", 4);
  auto method = make_method<double>("lbfgsb", {});
  StopOptions stop;
  stop.max_iter = 3;
  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("lbfgsb", "other-box");
  ck.signature = "rosenbrock 4";
  std::filesystem::remove(ck.path);
  minimize<double>(*problem.objective, problem.x0, *method, Bounds<double>(4, -2.0, 0.5), stop, {},
                   ck);
  ck.resume = true;
  stop.max_iter = 100;
  try {
    minimize<double>(*problem.objective, problem.x0, *method, Bounds<double>(4, -2.0, 0.6), stop,
                     {}, ck);
    ADD_FAILURE() << "a checkpoint of another box was resumed";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("box n=4"), std::string::npos) << e.what();
  }
  std::filesystem::remove(ck.path);
}

}  // namespace
}  // namespace optim
