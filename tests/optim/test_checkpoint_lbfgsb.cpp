// Checkpoints of L-BFGS-B runs, on a box and without one: a run stopped at iteration s (a crash
// just after the periodic checkpoint, or a clean stop by the iteration budget) and resumed ends
// bit for bit where the uninterrupted run ends, with the same status, iterations, evaluation
// counts and active set. The compact memory's rings and inner products are the state; D, L and
// the Cholesky factor are recomputed from them by the arithmetic of an update.
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <stdexcept>

#include "checkpoint_test_support.hpp"
#include "optim/bounds/bounds.hpp"
#include "optim/checkpoint/run_checkpoint.hpp"
#include "optim/driver.hpp"
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
    SCOPED_TRACE("crash after the checkpoint at iteration " + std::to_string(s));
    std::filesystem::remove(ck.path);
    ck.every = s;
    ck.resume = false;
    CrashAt<S> crash(s + 1);
    Observer<S>* crashing[] = {&crash};
    EXPECT_THROW(minimize<S>(*problem.objective, problem.x0, *method, box, stop, crashing, ck),
                 std::runtime_error);
    ASSERT_EQ(checkpoint_iteration(ck.path), s);
    ck.resume = true;
    expect_same_run(minimize<S>(*problem.objective, problem.x0, *method, box, stop, {}, ck), full);

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
