// Checkpoints of Newton, Gauss-Newton and Levenberg-Marquardt runs (optim/checkpoint/): a run
// stopped at iteration s and resumed must end bit for bit where the uninterrupted run ends, with
// the same status, iteration count and evaluation counts (f, g and Hessian). Two ways of
// stopping, for several s along each run:
//   - a crash just after the periodic checkpoint at s (an observer throws at s + 1, which skips
//     the driver's final save, as after a SIGKILL);
//   - a clean stop by the iteration budget at s (the final save), resumed with the full budget.
// For LM the clean stop at the last iteration N matters: the convergence test fires on the step
// accepted at N and is reported by the next call, so that pending status is part of the state.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "checkpoint_test_support.hpp"
#include "optim/checkpoint/run_checkpoint.hpp"
#include "optim/driver.hpp"
#include "optim/registry.hpp"
#include "problems/registry.hpp"

namespace optim {
namespace {

using testing::bit_identical;
using testing::checkpoint_temp_file;
using testing::CrashAt;

struct Case {
  std::string problem;
  Index dim;
  std::string method;
  ParamSet params;
};

std::string describe(const Case& c) {
  std::string s = c.problem + " n=" + std::to_string(c.dim) + " " + c.method;
  for (const auto& [k, v] : c.params.items()) s += " " + k + "=" + v;
  return s;
}

template <class S>
void expect_same_run(const Result<S>& resumed, const Result<S>& full) {
  EXPECT_EQ(resumed.status, full.status) << resumed.message << " vs " << full.message;
  EXPECT_EQ(resumed.iterations, full.iterations);
  EXPECT_TRUE(bit_identical(resumed.x, full.x))
      << "resumed " << resumed.x.transpose() << "\nfull    " << full.x.transpose();
  EXPECT_EQ(resumed.f, full.f);  // exact: the same operations in the same order
  EXPECT_EQ(resumed.evals.f, full.evals.f);
  EXPECT_EQ(resumed.evals.g, full.evals.g);
  EXPECT_EQ(resumed.evals.h, full.evals.h);
}

// Runs c to its end (at most max_iter iterations; at least min_iters, so the stop points land
// mid-run), then stops and resumes it at 1, 2, N/3, N/2, 2N/3 and N - 1 (crash and clean stop),
// and by a clean stop at N: when the run ends by the method's own test (its message starts with
// "<method>:"), the test fired on the step accepted at N and is reported by the next call; when
// the driver's tests ended it, they fire again at N on resume. Counts the by-method runs in
// *by_method_count when given.
template <class S>
void check_resumes_exactly(const Case& c, Index max_iter, Index min_iters,
                           double driver_gtol = StopOptions{}.gtol,
                           int* by_method_count = nullptr) {
  SCOPED_TRACE(describe(c));
  auto problem = problems::make_problem<S>(c.problem, c.dim);
  auto method = make_method<S>(c.method, c.params);
  StopOptions stop;
  stop.max_iter = max_iter;
  stop.gtol = driver_gtol;
  const Result<S> full = minimize<S>(*problem.objective, problem.x0, *method, stop);
  const Index n_it = full.iterations;
  ASSERT_GE(n_it, min_iters) << full.message;
  ASSERT_FALSE(full.status == Status::NonFinite || full.status == Status::NumericalError)
      << full.message;

  std::vector<Index> stops = {1, 2, n_it / 3, n_it / 2, 2 * n_it / 3, n_it - 1};
  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("second", c.method);
  ck.signature = describe(c);
  for (Index s : stops) {
    SCOPED_TRACE("crash after the checkpoint at iteration " + std::to_string(s));
    std::filesystem::remove(ck.path);
    ck.every = s;
    ck.resume = false;
    CrashAt<S> crash(s + 1);
    Observer<S>* crashing[] = {&crash};
    EXPECT_THROW(minimize<S>(*problem.objective, problem.x0, *method, stop, crashing, ck),
                 std::runtime_error);
    ASSERT_EQ(checkpoint_iteration(ck.path), s);
    ck.resume = true;
    expect_same_run(minimize<S>(*problem.objective, problem.x0, *method, stop, {}, ck), full);
  }
  const bool by_method = full.message.rfind(c.method + ":", 0) == 0;
  stops.push_back(n_it);
  if (by_method && by_method_count) ++*by_method_count;
  for (Index s : stops) {
    SCOPED_TRACE("clean stop by max_iter at iteration " + std::to_string(s));
    std::filesystem::remove(ck.path);
    ck.every = 0;
    ck.resume = false;
    StopOptions early = stop;
    early.max_iter = s;
    const Result<S> part = minimize<S>(*problem.objective, problem.x0, *method, early, {}, ck);
    ASSERT_EQ(part.iterations, s);
    ck.resume = true;
    expect_same_run(minimize<S>(*problem.objective, problem.x0, *method, stop, {}, ck), full);
  }
  std::filesystem::remove(ck.path);
}

// Newton keeps no state between steps (each step factors the Hessian at the current point), so
// these check that nothing hidden carries over: the line searches (Moré-Thuente and Armijo), and
// each Hessian modification. Rosenbrock from (-1.2, 1) takes Newton about 20 iterations.
TEST(CheckpointSecondOrder, NewtonResumesBitIdentically) {
  check_resumes_exactly<double>({"rosenbrock", 2, "newton", {}}, 200, 10);
  check_resumes_exactly<double>({"rosenbrock", 2, "newton", {{"line_search", "armijo"}}}, 200, 10);
  check_resumes_exactly<double>(
      {"beale", 2, "newton", {{"modification", "eigen"}, {"line_search", "armijo"}}}, 200, 5);
  check_resumes_exactly<double>({"rosenbrock", 6, "newton", {{"modification", "saddle_free"}}}, 200,
                                10);
}

// Newton-CG's trust radius is its state; the line-search variant has none. MGH Rosenbrock has no
// products of its own: H v by differences of the gradient, counted in f, g and h.
TEST(CheckpointSecondOrder, NewtonCgResumesBitIdentically) {
  check_resumes_exactly<double>({"rosenbrock", 2, "newton-cg", {}}, 200, 10);
  check_resumes_exactly<double>({"mgh_rosenbrock", 2, "newton-cg", {}}, 200, 10);
  check_resumes_exactly<double>({"rosenbrock", 2, "newton-cg", {{"globalization", "line_search"}}},
                                200, 10);
  check_resumes_exactly<float>({"rosenbrock", 2, "newton-cg", {}}, 200, 8, 1e-3);
}

TEST(CheckpointSecondOrder, TrustRegionResumesBitIdentically) {
  check_resumes_exactly<double>({"rosenbrock", 2, "trust-region", {}}, 200, 10);
  check_resumes_exactly<double>({"mgh_wood", 4, "trust-region", {}}, 200, 10);
  check_resumes_exactly<double>({"rosenbrock", 2, "trust-region", {{"subproblem", "dogleg"}}}, 200,
                                10);
}

// SR1's state is B, its update count and the radius; DFP's the inverse matrix and its count.
TEST(CheckpointSecondOrder, Sr1AndDfpResumeBitIdentically) {
  check_resumes_exactly<double>({"rosenbrock", 2, "sr1", {}}, 300, 10);
  check_resumes_exactly<double>({"rosenbrock", 2, "dfp", {}}, 300, 10);
}

TEST(CheckpointSecondOrder, GaussNewtonResumesBitIdentically) {
  check_resumes_exactly<double>({"mgh_rosenbrock", 2, "gauss-newton", {}}, 200, 5);
  check_resumes_exactly<double>(
      {"mgh_helical_valley", 3, "gauss-newton", {{"line_search", "more_thuente"}}}, 200, 5);
}

// LM carries its damping state (trust radius, lambda, the running-maximum scaling D), the
// residuals and Jacobian at the accepted point (reused without a new evaluation) and a pending
// convergence status across steps; geodesic acceleration adds nothing that outlives a step but
// changes the path, so it is checked on its own.
TEST(CheckpointSecondOrder, LevenbergMarquardtResumesBitIdentically) {
  // Driver gtol 0: the runs end by LM's own tests, except on zero-residual problems
  // (Rosenbrock), where the gradient becomes exactly 0 first.
  int by_lm = 0;
  const std::vector<Case> cases = {
      {"mgh_rosenbrock", 2, "lm", {}},
      {"mgh_freudenstein_roth", 2, "lm", {}},
      {"mgh_jennrich_sampson", 2, "lm", {{"geodesic_accel", "true"}}},
      {"mgh_brown_badly_scaled", 2, "lm", {{"geodesic_accel", "true"}}},
      {"mgh_osborne1", 5, "lm", {{"geodesic_accel", "true"}}},
      {"mgh_kowalik_osborne", 4, "lm", {{"scaling", "false"}}}};
  for (const Case& c : cases) check_resumes_exactly<double>(c, 500, 10, 0.0, &by_lm);
  EXPECT_GE(by_lm, 4) << "runs that ended by LM's own test, resumed from their last step";
}

TEST(CheckpointSecondOrder, LevenbergMarquardtFloatStateRoundTrips) {
  check_resumes_exactly<float>({"mgh_rosenbrock", 2, "lm", {{"geodesic_accel", "true"}}}, 500, 8,
                               0.0);
}

// The checkpoint of one method is never loaded into another, whatever the signature says.
TEST(CheckpointSecondOrder, CheckpointOfAnotherMethodIsRefused) {
  auto problem = problems::make_problem<double>("mgh_rosenbrock", 2);
  StopOptions stop;
  stop.max_iter = 3;
  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("second", "other");
  ck.signature = "same";
  auto lm = make_method<double>("lm");
  minimize<double>(*problem.objective, problem.x0, *lm, stop, {}, ck);
  ck.resume = true;
  for (const char* other : {"gauss-newton", "bfgs", "adam"}) {
    auto m = make_method<double>(other);
    try {
      minimize<double>(*problem.objective, problem.x0, *m, stop, {}, ck);
      ADD_FAILURE() << other << ": expected the checkpoint to be refused";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()),
                "checkpoint belongs to another run: its method is 'lm', "
                "this run's is '" +
                    std::string(other) + "'");
    }
  }
  std::filesystem::remove(ck.path);
}

// A damaged LM state (behind a valid checksum) whose pending status is no Status is refused,
// not cast into the enum: a saved state whose every other field is valid, with the 8 value bytes
// of its "pending" entry replaced (state_archive.cpp: the value follows the entry's name).
TEST(CheckpointSecondOrder, LevenbergMarquardtRefusesAnUnknownPendingStatus) {
  auto problem = problems::make_problem<double>("mgh_rosenbrock", 2);
  auto lm = make_method<double>("lm");
  Evaluator<double> eval(*problem.objective);
  Iterate<double> x0;
  x0.resize(2);
  x0.x = problem.x0;
  auto state = lm->start(eval, x0);
  StateWriter w;
  StateArchive saving(w);
  state->archive(saving);
  const std::string saved(w.bytes().begin(), w.bytes().end());
  const std::size_t at = saved.find("pending");
  ASSERT_NE(at, std::string::npos);
  for (std::int64_t bad : {std::int64_t{-1}, std::int64_t{12}, std::int64_t{1} << 40}) {
    std::string damaged = saved;
    for (int i = 0; i < 8; ++i)
      damaged[at + 7 + size_t(i)] = static_cast<char>(static_cast<std::uint64_t>(bad) >> (8 * i));
    StateReader r(damaged);
    StateArchive loading(r);
    try {
      state->archive(loading);
      ADD_FAILURE() << "pending " << bad << " was accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), "checkpoint field 'method.pending' holds " +
                                           std::to_string(bad) + ", which is not a status");
    }
  }
}

}  // namespace
}  // namespace optim
