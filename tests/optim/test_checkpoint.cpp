// Checkpoints of driver runs (optim/checkpoint/): a run saved at iteration N and resumed must end
// bit for bit where the uninterrupted run ends, for every first-order rule, the stateful schedule
// and every batch mode (the shuffling RNG and epoch position are part of the state). A crash is
// simulated in-process by an observer that throws: the exception skips the driver's final save,
// so only the last periodic checkpoint survives, as after a SIGKILL (the real-kill tests are in
// tests/cli/test_checkpoint_cli.cpp).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "checkpoint_test_support.hpp"
#include "optim/checkpoint/checkpoint_file.hpp"
#include "optim/driver.hpp"
#include "optim/first_order/first_order.hpp"
#include "optim/observers/divergence_guard.hpp"
#include "optim/observers/trace_recorder.hpp"
#include "optim/registry.hpp"
#include "optim/second_order/diagonal_curvature.hpp"
#include "problems/registry.hpp"

namespace optim {
namespace {

using testing::bit_identical;
using testing::checkpoint_temp_file;
using testing::CrashAt;
using testing::kDataSeed;
using testing::Separable;

struct Case {
  std::string method;
  ParamSet params;
};

std::string describe(const Case& c) {
  std::string s = c.method;
  for (const auto& [k, v] : c.params.items()) s += " " + k + "=" + v;
  return s;
}

// Uninterrupted run of `total` iterations vs. a run crashed at `crash` with checkpoints every
// `every` iterations, resumed to `total`.
template <class S>
void check_resume_is_exact(const Case& c, Index total, Index every, Index crash) {
  SCOPED_TRACE(describe(c) + " (data seed " + std::to_string(kDataSeed) + ")");
  Separable<S> obj(40, 6);
  const Vec<S> x0 = Vec<S>::Constant(6, S(0.5));
  auto method = make_method<S>(c.method, c.params);
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = total;
  const Result<S> full = minimize<S>(obj, x0, *method, stop);

  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("first", c.method);
  ck.every = every;
  ck.signature = describe(c);
  std::filesystem::remove(ck.path);
  CrashAt<S> crash_obs(crash);
  Observer<S>* crashing[] = {&crash_obs};
  EXPECT_THROW(minimize<S>(obj, x0, *method, stop, crashing, ck), std::runtime_error);
  ASSERT_TRUE(std::filesystem::exists(ck.path));
  EXPECT_EQ(checkpoint_iteration(ck.path), (crash - 1) / every * every);

  ck.resume = true;
  const Result<S> resumed = minimize<S>(obj, x0, *method, stop, {}, ck);
  std::filesystem::remove(ck.path);
  EXPECT_EQ(resumed.status, full.status);
  EXPECT_EQ(resumed.iterations, full.iterations);
  EXPECT_TRUE(bit_identical(resumed.x, full.x))
      << "resumed " << resumed.x.transpose() << "\nfull    " << full.x.transpose();
  EXPECT_EQ(resumed.f, full.f);
  EXPECT_EQ(resumed.evals.f, full.evals.f);
  EXPECT_EQ(resumed.evals.g, full.evals.g);
  EXPECT_EQ(resumed.evals.samples, full.evals.samples);
}

std::vector<Case> first_order_cases() {
  std::vector<Case> out;
  for (const char* m : {"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw",
                        "amsgrad", "quickprop"}) {
    out.push_back({m, {{"lr", "0.05"}}});
  }
  for (const char* v : {"rprop-", "rprop+", "irprop+", "irprop-"})
    out.push_back({"rprop", {{"lr", "0.05"}, {"variant", v}}});
  return out;
}

TEST(Checkpoint, EveryFirstOrderRuleResumesBitIdenticallyInEveryBatchMode) {
  for (const Case& base : first_order_cases()) {
    for (const char* batch : {"0", "7", "1"}) {  // full batch, minibatch (ragged tail), online
      Case c = base;
      c.params.set("batch_size", batch);
      c.params.set("seed", "11");
      check_resume_is_exact<double>(c, 60, 9, 23);
    }
  }
}

// RMSProp's centred mean and momentum buffer are part of its state: a resumed run continues them.
TEST(Checkpoint, RmspropVariantsResumeExactly) {
  check_resume_is_exact<double>(
      {"rmsprop", {{"lr", "0.01"}, {"momentum", "0.9"}, {"centered", "true"}, {"batch_size", "5"}}},
      60, 9, 23);
  check_resume_is_exact<double>({"rmsprop", {{"lr", "0.01"}, {"momentum", "0.5"}}}, 60, 9, 23);
}

TEST(Checkpoint, FloatStateRoundTripsExactly) {
  check_resume_is_exact<float>({"adam", {{"lr", "0.05"}, {"batch_size", "5"}}}, 50, 10, 34);
  check_resume_is_exact<float>({"rprop", {{"lr", "0.05"}}}, 50, 10, 34);
}

TEST(Checkpoint, SchedulesResumeExactly) {
  // Plateau keeps a best value, a counter and a scale; the others are functions of k (saved by
  // the loop). Patience 2 makes plateau reductions happen within the 60 iterations.
  check_resume_is_exact<double>({"gd",
                                 {{"lr", "0.3"},
                                  {"batch_size", "4"},
                                  {"schedule", "plateau"},
                                  {"plateau_patience", "2"},
                                  {"factor", "0.5"}}},
                                60, 8, 45);
  check_resume_is_exact<double>(
      {"momentum", {{"lr", "0.1"}, {"schedule", "cosine_restarts"}, {"restart_period", "10"}}}, 60,
      8, 45);
  check_resume_is_exact<double>(
      {"adam", {{"lr", "0.1"}, {"schedule", "step"}, {"gamma", "0.5"}, {"step_every", "10"}}}, 60,
      8, 45);
}

TEST(Checkpoint, WarmupChainsResumeExactlyDuringAndAfterTheWarmup) {
  // Crash at 23 with checkpoints every 8: the resume starts at update 16, inside a 40-update
  // warmup (then crosses into the schedule) or after a 10-update one (inside the schedule).
  for (const char* warmup : {"40", "10"}) {
    check_resume_is_exact<double>({"adam",
                                   {{"lr", "0.1"},
                                    {"schedule", std::string("warmup:") + warmup + ",step"},
                                    {"gamma", "0.5"},
                                    {"step_every", "5"},
                                    {"batch_size", "7"}}},
                                  60, 8, 23);
    // The stateful plateau after the warmup, with clipping: its memory is saved and restored.
    check_resume_is_exact<double>({"gd",
                                   {{"lr", "0.3"},
                                    {"batch_size", "4"},
                                    {"schedule", "plateau"},
                                    {"warmup", warmup},
                                    {"plateau_patience", "2"},
                                    {"factor", "0.5"},
                                    {"clip_norm", "0.05"}}},
                                  60, 8, 23);
    check_resume_is_exact<double>(
        {"momentum",
         {{"lr", "0.1"},
          {"schedule", std::string("warmup:") + warmup + ",cosine_restarts"},
          {"restart_period", "10"},
          {"clip_value", "0.02"}}},
        60, 8, 23);
  }
  check_resume_is_exact<float>(
      {"adam", {{"lr", "0.05"}, {"batch_size", "5"}, {"warmup", "20"}, {"clip_norm", "0.1"}}}, 50,
      10, 34);
}

// Quasi-Newton and CG keep curvature history (L-BFGS pair ring, BFGS inverse Hessian, CG's
// previous direction and step); the extended Rosenbrock function in 10-D takes them well over
// 30 iterations, so the crash at 17 lands mid-run.
TEST(Checkpoint, LbfgsBfgsAndCgResumeBitIdentically) {
  auto problem = problems::make_problem<double>("rosenbrock", 10);
  for (const Case& c : std::vector<Case>{{"lbfgs", {}},
                                         {"lbfgs", {{"m", "3"}}},
                                         {"bfgs", {}},
                                         {"cg", {}},
                                         {"cg", {{"variant", "fletcher_reeves"}}}}) {
    SCOPED_TRACE(describe(c));
    auto method = make_method<double>(c.method, c.params);
    StopOptions stop;
    stop.gtol = 0;
    stop.max_iter = 30;
    const Result<double> full = minimize<double>(*problem.objective, problem.x0, *method, stop);
    ASSERT_EQ(full.iterations, 30) << full.message;
    CheckpointOptions ck;
    ck.path = checkpoint_temp_file("first", c.method);
    ck.every = 5;
    CrashAt<double> crash(17);
    Observer<double>* crashing[] = {&crash};
    EXPECT_THROW(minimize<double>(*problem.objective, problem.x0, *method, stop, crashing, ck),
                 std::runtime_error);
    EXPECT_EQ(checkpoint_iteration(ck.path), 15);
    ck.resume = true;
    const Result<double> resumed =
        minimize<double>(*problem.objective, problem.x0, *method, stop, {}, ck);
    std::filesystem::remove(ck.path);
    EXPECT_TRUE(bit_identical(resumed.x, full.x));
    EXPECT_EQ(resumed.f, full.f);
    EXPECT_EQ(resumed.evals.f, full.evals.f);
  }
}

// Observers with history: the resumed trace holds every row of the uninterrupted one (not only
// those after the resume) and the divergence guard keeps the original start's threshold.
TEST(Checkpoint, TraceAndDivergenceGuardContinueAcrossAResume) {
  Separable<double> obj(30, 4);
  const Vec<double> x0 = Vec<double>::Constant(4, 2.0);
  auto method = make_method<double>("rmsprop", {{"lr", "0.02"}, {"batch_size", "6"}});
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = 40;
  TraceRecorder<double> trace_full(/*record_x=*/true);
  DivergenceGuard<double> guard_full;
  Observer<double>* full_obs[] = {&trace_full, &guard_full};
  minimize<double>(obj, x0, *method, stop, full_obs);

  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("first", "observers");
  ck.every = 10;
  TraceRecorder<double> trace_a(true);
  DivergenceGuard<double> guard_a;
  CrashAt<double> crash(27);
  Observer<double>* crashing[] = {&trace_a, &guard_a, &crash};
  EXPECT_THROW(minimize<double>(obj, x0, *method, stop, crashing, ck), std::runtime_error);
  ck.resume = true;
  TraceRecorder<double> trace_b(true);
  DivergenceGuard<double> guard_b;
  Observer<double>* resumed_obs[] = {&trace_b, &guard_b};
  minimize<double>(obj, x0, *method, stop, resumed_obs, ck);
  std::filesystem::remove(ck.path);

  EXPECT_EQ(guard_b.threshold(), guard_full.threshold());      // from f(x0), not f(x_20)
  ASSERT_EQ(trace_b.rows().size(), trace_full.rows().size());  // rows 0..40, each once
  for (size_t i = 0; i < trace_full.rows().size(); ++i) {
    EXPECT_EQ(trace_b.rows()[i].k, trace_full.rows()[i].k);
    EXPECT_EQ(trace_b.rows()[i].f, trace_full.rows()[i].f) << "row " << i;
    EXPECT_EQ(trace_b.rows()[i].f_evals, trace_full.rows()[i].f_evals) << "row " << i;
  }
  EXPECT_EQ(trace_b.xs(), trace_full.xs());
}

TEST(Checkpoint, ResumingAFinishedRunStopsAtOnce) {
  Separable<double> obj(20, 3);
  auto method = make_method<double>("adam", {{"lr", "0.05"}});
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = 10;
  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("first", "finished");
  const Result<double> a = minimize<double>(obj, Vec<double>::Zero(3), *method, stop, {}, ck);
  ck.resume = true;
  const Result<double> b = minimize<double>(obj, Vec<double>::Zero(3), *method, stop, {}, ck);
  EXPECT_EQ(b.status, Status::MaxIterations);
  EXPECT_EQ(b.iterations, 10);
  EXPECT_TRUE(bit_identical(a.x, b.x));
  EXPECT_EQ(b.evals.f, a.evals.f);  // nothing evaluated again
  // A larger budget continues the same run.
  stop.max_iter = 15;
  const Result<double> c = minimize<double>(obj, Vec<double>::Zero(3), *method, stop, {}, ck);
  EXPECT_EQ(c.iterations, 15);
  std::filesystem::remove(ck.path);
}

TEST(Checkpoint, MismatchedRunsAreRefusedNamingTheDifference) {
  Separable<double> obj(20, 3);
  auto adam = make_method<double>("adam", {{"lr", "0.05"}});
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = 5;
  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("first", "mismatch");
  ck.signature = "run A";
  minimize<double>(obj, Vec<double>::Zero(3), *adam, stop, {}, ck);
  ck.resume = true;
  auto expect_refused = [&](auto&& run, const std::string& needle) {
    try {
      run();
      ADD_FAILURE() << "no exception; expected one containing '" << needle << "'";
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  CheckpointOptions other = ck;
  other.signature = "run B";
  expect_refused([&] { minimize<double>(obj, Vec<double>::Zero(3), *adam, stop, {}, other); },
                 "its signature is 'run A', this run's is 'run B'");
  auto gd = make_method<double>("gd");
  expect_refused([&] { minimize<double>(obj, Vec<double>::Zero(3), *gd, stop, {}, ck); },
                 "its method is 'adam', this run's is 'gd'");
  Separable<double> wider(20, 4);
  expect_refused([&] { minimize<double>(wider, Vec<double>::Zero(4), *adam, stop, {}, ck); },
                 "its dimension is '3', this run's is '4'");
  Separable<float> single(20, 3);
  auto adam_f = make_method<float>("adam", {{"lr", "0.05"}});
  expect_refused([&] { minimize<float>(single, Vec<float>::Zero(3), *adam_f, stop, {}, ck); },
                 "its scalar type is 'double', this run's is 'float'");
  auto minibatch = make_method<double>("adam", {{"lr", "0.05"}, {"batch_size", "4"}});
  expect_refused([&] { minimize<double>(obj, Vec<double>::Zero(3), *minibatch, stop, {}, ck); },
                 "checkpoint was written with batch_size = 0, this run uses 4");
  std::filesystem::remove(ck.path);
}

TEST(Checkpoint, MethodsWithoutStateSupportSayWhichBeforeRunning) {
  // A method whose state keeps the default archive() (here a stand-in) is refused up front.
  struct Opaque final : Method<double> {
    std::string name() const override { return "opaque"; }
    std::unique_ptr<MethodState<double>> start(Evaluator<double>&,
                                               Iterate<double>&) const override {
      struct St final : MethodState<double> {
        StepReport step(Evaluator<double>& e, const Iterate<double>& c,
                        Iterate<double>& n) override {
          n.x = c.x;
          n.f = e.value_gradient(n.x, n.g);
          return {};
        }
      };
      return std::make_unique<St>();
    }
  } opaque;
  Separable<double> obj(10, 2);
  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("first", "opaque");
  try {
    minimize<double>(obj, Vec<double>::Zero(2), opaque, {}, {}, ck);
    ADD_FAILURE() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "method 'opaque' does not support checkpoints");
  }
  EXPECT_FALSE(std::filesystem::exists(ck.path));
}

// Every method of the registry describes its whole state (archive()), in both scalar types and
// in every batch mode of the first-order loop, so every method can be checkpointed.
// f = x'x/2 with the curvature diagonal 1 (for diag-newton).
class DiagBowl final : public Objective<double>, public DiagonalCurvatureProvider<double> {
 public:
  Index dim() const override { return 2; }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    if (g) *g = x;
    return 0.5 * x.squaredNorm();
  }
  void curvature_diagonal(const Vec<double>&, Vec<double>* d) override { d->setOnes(); }
};

TEST(Checkpoint, EveryRegisteredMethodIsCheckpointable) {
  Separable<double> obj(10, 3);
  DiagBowl bowl;
  auto ls = problems::make_problem<double>("mgh_rosenbrock", 2);  // residuals and Jacobian
  auto smooth = problems::make_problem<double>("rosenbrock", 2);  // with its Hessian
  for (const MethodInfo& info : all_methods()) {
    for (const char* batch : {"", "3"}) {
      if (*batch != '\0' && info.family != "first-order") continue;
      SCOPED_TRACE(info.name + (*batch != '\0' ? " batch_size=3" : ""));
      ParamSet p;
      if (*batch != '\0') p.set("batch_size", batch);
      // Root finders run on a square residual system: MGH Rosenbrock has m = n = 2.
      const bool least_squares = info.family == "least-squares" || info.family == "root-finding";
      const bool second_order = info.family == "second-order";
      // diag-newton needs a curvature diagonal, which the Bowl below provides.
      Objective<double>& f = info.name == "diag-newton" ? static_cast<Objective<double>&>(bowl)
                             : least_squares            ? *ls.objective
                             : second_order             ? *smooth.objective
                                                        : obj;
      Evaluator<double> eval(f);
      Iterate<double> x0;
      x0.resize(f.dim());
      x0.x = info.name == "diag-newton" ? Vec<double>::Constant(2, 0.5)
             : least_squares            ? ls.x0
             : second_order             ? smooth.x0
                                        : Vec<double>::Constant(3, 0.5);
      auto method = make_method<double>(info.name, p);
      if (!method->evaluates_start()) x0.f = eval.value_gradient(x0.x, x0.g);
      EXPECT_TRUE(method->start(eval, x0)->checkpointable());
    }
  }
}

// A first-order method is a composite: a rule whose state keeps the default archive() makes the
// whole method refuse a checkpoint before running, naming the method.
TEST(Checkpoint, AFirstOrderMethodWithAnOpaqueRuleIsRefusedUpFront) {
  struct OpaqueRule final : UpdateRule<double> {
    struct St final : RuleState<double> {
      void update(Vec<double>& x, const Vec<double>& g, double, double lr) override { x -= lr * g; }
    };
    std::string name() const override { return "opaque_rule"; }
    double lr() const override { return 0.1; }
    std::unique_ptr<RuleState<double>> start(Index) const override {
      return std::make_unique<St>();
    }
  };
  FirstOrder<double> method(std::make_shared<OpaqueRule>());
  Separable<double> obj(10, 2);
  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("first", "opaque_rule");
  StopOptions stop;
  stop.max_iter = 3;
  EXPECT_EQ(minimize<double>(obj, Vec<double>::Zero(2), method, stop).iterations, 3);
  try {
    minimize<double>(obj, Vec<double>::Zero(2), method, stop, {}, ck);
    ADD_FAILURE() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "method 'opaque_rule' does not support checkpoints");
  }
  EXPECT_FALSE(std::filesystem::exists(ck.path));
}

TEST(Checkpoint, OptionsAreValidated) {
  CheckpointOptions a;
  a.every = 5;
  EXPECT_THROW(a.validate(), std::invalid_argument);  // no path
  CheckpointOptions b;
  b.path = "x";
  b.every = -1;
  EXPECT_THROW(b.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace optim
