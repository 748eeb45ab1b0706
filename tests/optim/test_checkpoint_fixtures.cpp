// Checkpoint files written by an earlier build of the library resume in this one. The files in
// tests/data/checkpoints/ were written (format version 1) by the code that had separate
// save_state/load_state functions, before each state was described once by archive(); a change
// that alters what is saved, under which name or in which encoding, fails here. For each fixture:
//   - resuming it continues bit for bit as the uninterrupted run from x0 does (result, evaluation
//     counts, and the observers' state: trace rows, early-stopping memory, divergence threshold);
//   - a fresh run stopped where the fixture was saved writes the same bytes (the entries, their
//     names, types, order and values), up to the elapsed time, which no two runs share.
// Regenerate them only together with a format version bump (then old files must be refused):
//   OPTIM_WRITE_CHECKPOINT_FIXTURES=tests/data/checkpoints build/tests/test_optim
//     --gtest_filter='CheckpointFixtures.*'   (one command line)
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "checkpoint_test_support.hpp"
#include "optim/driver.hpp"
#include "optim/observers/divergence_guard.hpp"
#include "optim/observers/early_stopping.hpp"
#include "optim/observers/trace_recorder.hpp"
#include "optim/registry.hpp"
#include "problems/registry.hpp"

namespace optim {
namespace {

using testing::bit_identical;
using testing::checkpoint_temp_file;
using testing::Separable;

struct Fixture {
  std::string name;     // file tests/data/checkpoints/<name>.ckpt
  std::string problem;  // "separable" (40 samples in 6-D, x0 = 0.5) or a registry problem
  Index dim;
  std::string method;
  ParamSet params;
  Index saved_at;       // the fixture is the final save of a run with max_iter = saved_at
  Index total;          // then resumed to max_iter = total
  bool gtol_zero;       // gtol = 0: run the whole budget
  bool observers;       // with divergence guard, early stopping (restore_best) and an x-trace
  bool single = false;  // float state (else double)
};

std::vector<Fixture> fixtures() {
  return {
      {"adam_minibatch_plateau",
       "separable",
       6,
       "adam",
       {{"lr", "0.05"},
        {"batch_size", "4"},
        {"seed", "11"},
        {"schedule", "plateau"},
        {"plateau_patience", "2"},
        {"factor", "0.5"}},
       17,  // mid-epoch (10 updates per epoch): the sample order and cursor matter
       40,
       true,
       true},
      {"nesterov_online_step",
       "separable",
       6,
       "nesterov",
       {{"lr", "0.01"}, {"batch_size", "1"}, {"schedule", "step"}, {"step_every", "10"}},
       23,
       50,
       true,
       false},
      {"rprop_irprop_plus_float",
       "separable",
       6,
       "rprop",
       {{"lr", "0.05"}, {"variant", "irprop+"}},
       12,
       30,
       true,
       false,
       true},
      {"lbfgs_m3", "rosenbrock", 10, "lbfgs", {{"m", "3"}}, 15, 30, true, false},
      {"cg", "rosenbrock", 10, "cg", {}, 15, 30, true, false},
      {"lm", "mgh_rosenbrock", 2, "lm", {}, 3, 100, false, false},
  };
}

std::string fixture_path(const Fixture& c) {
  return std::string(OPTIM_SOURCE_DIR) + "/tests/data/checkpoints/" + c.name + ".ckpt";
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The checkpoint's bytes without the checksum and with the value of run.elapsed zeroed (the
// 8 bytes that follow the entry's name; state_archive.cpp gives the layout).
std::string without_elapsed(std::string bytes) {
  const std::string name = "run.elapsed";
  const std::size_t at = bytes.find(name);
  EXPECT_NE(at, std::string::npos);
  if (at == std::string::npos || bytes.size() < 8) return bytes;
  bytes.replace(at + name.size(), 8, std::string(8, '\0'));
  bytes.resize(bytes.size() - 8);
  return bytes;
}

// Observers of a fixture run: fresh instances per run.
template <class S>
struct Watchers {
  DivergenceGuard<S> guard;
  EarlyStopping<S> stop{EarlyStoppingOptions{1000, 0.0, true}};
  TraceRecorder<S> trace{/*record_x=*/true};
  std::vector<Observer<S>*> list(bool on) {
    if (!on) return {};
    return {&guard, &stop, &trace};
  }
};

template <class S>
struct Setup {
  std::unique_ptr<Objective<S>> objective;
  Vec<S> x0;
};

template <class S>
Setup<S> setup(const Fixture& c) {
  if (c.problem == "separable")
    return {std::make_unique<Separable<S>>(40, c.dim), Vec<S>::Constant(c.dim, S(0.5))};
  auto p = problems::make_problem<S>(c.problem, c.dim);
  return {std::move(p.objective), p.x0};
}

template <class S>
StopOptions stop_for(const Fixture& c, Index max_iter) {
  StopOptions stop;
  if (c.gtol_zero) stop.gtol = 0;
  stop.max_iter = max_iter;
  return stop;
}

template <class S>
Result<S> run(const Fixture& c, Setup<S>& s, Index max_iter, Watchers<S>& w,
              const CheckpointOptions& ck) {
  auto method = make_method<S>(c.method, c.params);
  const std::vector<Observer<S>*> obs = w.list(c.observers);
  return minimize<S>(*s.objective, s.x0, *method, stop_for<S>(c, max_iter), obs, ck);
}

template <class S>
void write_fixture(const Fixture& c, const std::string& dir) {
  Setup<S> s = setup<S>(c);
  Watchers<S> w;
  CheckpointOptions ck;
  ck.path = dir + "/" + c.name + ".ckpt";
  ck.signature = c.name;
  std::filesystem::remove(ck.path);
  const Result<S> r = run<S>(c, s, c.saved_at, w, ck);
  ASSERT_EQ(r.iterations, c.saved_at) << r.message;
}

template <class S>
void check_fixture(const Fixture& c) {
  SCOPED_TRACE(c.name);
  const std::string fixture = fixture_path(c);
  ASSERT_TRUE(std::filesystem::exists(fixture)) << fixture;
  Setup<S> s = setup<S>(c);
  Watchers<S> full_w;
  const Result<S> full = run<S>(c, s, c.total, full_w, {});
  ASSERT_GT(full.iterations, c.saved_at) << full.message;

  // Resumed from a copy (the resumed run saves over its checkpoint when it ends).
  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("fixtures", c.name);
  ck.signature = c.name;
  ck.resume = true;
  std::filesystem::copy_file(fixture, ck.path, std::filesystem::copy_options::overwrite_existing);
  ASSERT_EQ(checkpoint_iteration(ck.path), c.saved_at);
  Watchers<S> resumed_w;
  const Result<S> resumed = run<S>(c, s, c.total, resumed_w, ck);
  EXPECT_EQ(resumed.status, full.status) << resumed.message << " vs " << full.message;
  EXPECT_EQ(resumed.message, full.message);
  EXPECT_EQ(resumed.iterations, full.iterations);
  EXPECT_TRUE(bit_identical(resumed.x, full.x))
      << "resumed " << resumed.x.transpose() << "\nfull    " << full.x.transpose();
  EXPECT_EQ(resumed.f, full.f);
  EXPECT_EQ(resumed.evals.f, full.evals.f);
  EXPECT_EQ(resumed.evals.g, full.evals.g);
  EXPECT_EQ(resumed.evals.h, full.evals.h);
  EXPECT_EQ(resumed.evals.samples, full.evals.samples);
  if (c.observers) {
    EXPECT_EQ(resumed_w.guard.threshold(), full_w.guard.threshold());
    EXPECT_EQ(resumed_w.stop.best_f(), full_w.stop.best_f());
    EXPECT_EQ(resumed_w.stop.best_k(), full_w.stop.best_k());
    EXPECT_EQ(resumed_w.stop.waiting(), full_w.stop.waiting());
    EXPECT_TRUE(bit_identical(resumed_w.stop.best_x(), full_w.stop.best_x()));
    const auto& a = resumed_w.trace.rows();
    const auto& b = full_w.trace.rows();
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {  // every column but the time
      EXPECT_EQ(a[i].k, b[i].k) << "row " << i;
      EXPECT_EQ(a[i].f, b[i].f) << "row " << i;
      EXPECT_EQ(a[i].grad_norm, b[i].grad_norm) << "row " << i;
      if (i > 0) {  // the start row has no step
        EXPECT_EQ(a[i].step_norm, b[i].step_norm) << "row " << i;
      }
      EXPECT_EQ(a[i].lr, b[i].lr) << "row " << i;
      EXPECT_EQ(a[i].f_evals, b[i].f_evals) << "row " << i;
      EXPECT_EQ(a[i].g_evals, b[i].g_evals) << "row " << i;
      EXPECT_EQ(a[i].exact, b[i].exact) << "row " << i;
    }
    EXPECT_EQ(resumed_w.trace.xs(), full_w.trace.xs());
  }

  // A fresh run stopped at the fixture's iteration writes the fixture's bytes. The trace rows
  // hold times, so runs with observers compare only the resumed run above.
  if (!c.observers) {
    std::filesystem::remove(ck.path);
    ck.resume = false;
    Watchers<S> again_w;
    const Result<S> again = run<S>(c, s, c.saved_at, again_w, ck);
    ASSERT_EQ(again.iterations, c.saved_at);
    EXPECT_TRUE(without_elapsed(read_bytes(ck.path)) == without_elapsed(read_bytes(fixture)))
        << "the checkpoint written now differs from " << fixture;
  }
  std::filesystem::remove(ck.path);
}

template <class S>
void each_fixture() {
  const char* dir = std::getenv("OPTIM_WRITE_CHECKPOINT_FIXTURES");
  for (const Fixture& c : fixtures()) {
    if (c.single != std::is_same_v<S, float>) continue;
    if (dir != nullptr) {
      write_fixture<S>(c, dir);
    } else {
      check_fixture<S>(c);
    }
  }
}

// The fixtures were computed by a portable build (SSE2: the default, OPTIM_NATIVE off). Wider
// vectors (-march=native) make Eigen sum dot products in another order, so the uninterrupted run
// computed here would be another run than the one saved.
#if defined(__AVX__)
constexpr bool kPortableArithmetic = false;
#else
constexpr bool kPortableArithmetic = true;
#endif

TEST(CheckpointFixtures, DoubleFilesFromTheEarlierFormatResumeBitForBit) {
  if (!kPortableArithmetic) GTEST_SKIP() << "fixtures need the portable (SSE2) arithmetic";
  each_fixture<double>();
}

TEST(CheckpointFixtures, FloatFileFromTheEarlierFormatResumesBitForBit) {
  if (!kPortableArithmetic) GTEST_SKIP() << "fixtures need the portable (SSE2) arithmetic";
  each_fixture<float>();
}

}  // namespace
}  // namespace optim
