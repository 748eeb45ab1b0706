// Resuming a finished run (optim/driver.cpp, end_tests): the final checkpoint is written when a
// run ends at rest, and a resumed run repeats the end-of-iteration tests at the saved iteration.
// A converged run (driver's gtol / gtol_rel / xtol / ftol, or a method's own repeatable test such
// as LM's) therefore ends at once with the same status, message, x, f, iteration and evaluation
// counts; the counts being equal means nothing was evaluated again (the resumed counts start
// from the saved ones). A tighter tolerance continues the run exactly as a fresh run with that
// tolerance goes on from that iteration.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "checkpoint_test_support.hpp"
#include "optim/checkpoint/run_checkpoint.hpp"
#include "optim/driver.hpp"
#include "optim/registry.hpp"
#include "problems/registry.hpp"

namespace optim {
namespace {

using testing::bit_identical;
using testing::checkpoint_temp_file;

void expect_same_end(const Result<double>& resumed, const Result<double>& first) {
  EXPECT_EQ(resumed.status, first.status);
  EXPECT_EQ(resumed.message, first.message);
  EXPECT_EQ(resumed.iterations, first.iterations);
  EXPECT_TRUE(bit_identical(resumed.x, first.x))
      << "resumed " << resumed.x.transpose() << "\nfirst   " << first.x.transpose();
  EXPECT_EQ(resumed.f, first.f);  // exact: the same point
  EXPECT_EQ(resumed.grad_norm, first.grad_norm);
  EXPECT_EQ(resumed.evals.f, first.evals.f);  // equal counts: nothing evaluated on resume
  EXPECT_EQ(resumed.evals.g, first.evals.g);
  EXPECT_EQ(resumed.evals.h, first.evals.h);
}

struct Case {
  std::string problem;
  Index dim;
  std::string method;
  ParamSet params;
  StopOptions stop;
  Status expected;  // how the first run ends (checked, so each test case exercises its path)
};

StopOptions stop_with(double gtol, double gtol_rel, double xtol, double ftol) {
  StopOptions s;
  s.gtol = gtol;
  s.gtol_rel = gtol_rel;
  s.xtol = xtol;
  s.ftol = ftol;
  s.max_iter = 5000;
  return s;
}

TEST(CheckpointFinished, ConvergedRunsResumeToTheSameEndWithoutEvaluating) {
  const std::vector<Case> cases = {
      {"rosenbrock", 10, "lbfgs", {}, stop_with(1e-6, 0, 0, 0), Status::ConvergedGradient},
      {"rosenbrock", 2, "bfgs", {}, stop_with(0, 0, 1e-10, 0), Status::ConvergedStep},
      {"quadratic", 10, "lbfgs", {}, stop_with(0, 0, 0, 1e-12), Status::ConvergedFChange},
      {"quadratic",
       10,
       "adam",
       {{"lr", "0.05"}},
       stop_with(0, 1e-3, 0, 0),
       Status::ConvergedGradient},
      // LM's own tests (reported on the call after the accepted step: a repeatable status).
      {"mgh_kowalik_osborne", 4, "lm", {}, stop_with(0, 0, 0, 0), Status::Running},
      // LM ended by the driver's gradient test.
      {"mgh_kowalik_osborne", 4, "lm", {}, stop_with(1e-3, 0, 0, 0), Status::ConvergedGradient},
  };
  for (const Case& c : cases) {
    std::string what = c.problem + " " + c.method;
    for (const auto& [k, v] : c.params.items()) what += " " + k + "=" + v;
    SCOPED_TRACE(what + " gtol " + std::to_string(c.stop.gtol));
    auto problem = problems::make_problem<double>(c.problem, c.dim);
    auto method = make_method<double>(c.method, c.params);
    CheckpointOptions ck;
    ck.path = checkpoint_temp_file("finished", c.method);
    std::filesystem::remove(ck.path);
    const Result<double> first =
        minimize<double>(*problem.objective, problem.x0, *method, c.stop, {}, ck);
    if (c.expected == Status::Running) {  // the method's own convergence test
      EXPECT_EQ(first.message.rfind(c.method + ":", 0), 0u) << first.message;
    } else {
      EXPECT_EQ(first.status, c.expected) << first.message;
    }
    ASSERT_GT(first.iterations, 3) << first.message;
    ASSERT_TRUE(std::filesystem::exists(ck.path));
    EXPECT_EQ(checkpoint_iteration(ck.path), first.iterations);
    ck.resume = true;
    const Result<double> again =
        minimize<double>(*problem.objective, problem.x0, *method, c.stop, {}, ck);
    expect_same_end(again, first);
    // And once more from the checkpoint that the resumed run rewrote.
    expect_same_end(minimize<double>(*problem.objective, problem.x0, *method, c.stop, {}, ck),
                    first);
    std::filesystem::remove(ck.path);
  }
}

// A tighter tolerance on resume continues the run, bit for bit as a fresh run with that
// tolerance (which passed the same iteration without stopping) goes on.
TEST(CheckpointFinished, ATighterToleranceContinuesLikeAFreshRun) {
  auto problem = problems::make_problem<double>("rosenbrock", 10);
  auto method = make_method<double>("lbfgs");
  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("finished", "tighter");
  std::filesystem::remove(ck.path);
  const StopOptions loose = stop_with(1e-3, 0, 0, 0), tight = stop_with(1e-9, 0, 0, 0);
  const Result<double> first =
      minimize<double>(*problem.objective, problem.x0, *method, loose, {}, ck);
  ASSERT_EQ(first.status, Status::ConvergedGradient) << first.message;
  ck.resume = true;
  const Result<double> resumed =
      minimize<double>(*problem.objective, problem.x0, *method, tight, {}, ck);
  const Result<double> fresh = minimize<double>(*problem.objective, problem.x0, *method, tight);
  EXPECT_GT(resumed.iterations, first.iterations);
  expect_same_end(resumed, fresh);
  std::filesystem::remove(ck.path);
}

// A run stopped by an observer (as Ctrl-C does) at an iteration where the convergence test would
// have fired: the stop pre-empted the test, and the resumed run applies it at once, ending as
// the uninterrupted run does.
TEST(CheckpointFinished, AnObserverStopBeforeConvergenceIsFollowedByTheTestOnResume) {
  auto problem = problems::make_problem<double>("rosenbrock", 10);
  auto method = make_method<double>("lbfgs");
  const StopOptions stop = stop_with(1e-6, 0, 0, 0);
  const Result<double> full = minimize<double>(*problem.objective, problem.x0, *method, stop);
  ASSERT_EQ(full.status, Status::ConvergedGradient) << full.message;

  class StopAt final : public Observer<double> {
   public:
    explicit StopAt(Index k) : k_(k) {}
    Status on_iteration(const IterationRecord<double>& rec) override {
      return rec.k == k_ ? Status::StoppedByObserver : Status::Running;
    }

   private:
    Index k_;
  } stop_at(full.iterations);
  Observer<double>* observers[] = {&stop_at};
  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("finished", "observer");
  std::filesystem::remove(ck.path);
  const Result<double> stopped =
      minimize<double>(*problem.objective, problem.x0, *method, stop, observers, ck);
  ASSERT_EQ(stopped.status, Status::StoppedByObserver);
  ASSERT_EQ(stopped.iterations, full.iterations);
  ck.resume = true;
  expect_same_end(minimize<double>(*problem.objective, problem.x0, *method, stop, {}, ck), full);
  std::filesystem::remove(ck.path);
}

}  // namespace
}  // namespace optim
