// Levenberg-Marquardt on a box (optim/least_squares/levenberg_marquardt.hpp, the active-set
// form): NIST StRD and MGH fits with a bound active at the solution, against solutions derived by
// hand or computed once with scipy's least_squares(method='trf', exact Jacobian); a start
// outside the box; a box that never binds gives the unbounded run bit for bit; a fixed variable;
// no evaluation outside the box; no allocation per step; checkpoints resume bit for bit;
// Gauss-Newton keeps refusing bounds.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include "checkpoint_test_support.hpp"
#include "optim/bounds/bounded_run.hpp"
#include "optim/bounds/bounds.hpp"
#include "optim/checkpoint/run_checkpoint.hpp"
#include "optim/least_squares/levenberg_marquardt.hpp"
#include "optim/optim.hpp"
#include "optim/registry.hpp"
#include "problems/mgh/mgh.hpp"
#include "problems/nist/nist_model.hpp"
#include "support/alloc_counter.hpp"

namespace optim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Vec<double> vec2(double a, double b) {
  Vec<double> v(2);
  v << a, b;
  return v;
}

// A least-squares objective that fails the test when evaluated outside its box (the guard of
// the Evaluator throws as well; this one also sees evaluations that bypass it).
class GuardedLsq final : public LeastSquaresObjective<double> {
 public:
  GuardedLsq(LeastSquaresObjective<double>& inner, const Bounds<double>& box)
      : inner_(inner), box_(box) {}
  Index dim() const override { return inner_.dim(); }
  Index num_residuals() const override { return inner_.num_residuals(); }
  void residuals(const Vec<double>& x, Vec<double>* r, Mat<double>* j) override {
    const Index i = box_.first_outside(x);
    if (i >= 0) {
      ADD_FAILURE() << "residuals evaluated outside the box at coordinate " << i << ": " << x[i];
    }
    ++calls;
    inner_.residuals(x, r, j);
  }
  Index calls = 0;

 private:
  LeastSquaresObjective<double>& inner_;
  const Bounds<double>& box_;
};

Result<double> run_lm(LeastSquaresObjective<double>& f, const Vec<double>& x0,
                      const Bounds<double>* box, Index max_iter = 2000) {
  LevenbergMarquardt<double> lm;
  StopOptions stop;
  stop.gtol = 0;  // lm's own tests (optim fit's default for the least-squares family)
  stop.max_iter = max_iter;
  if (box == nullptr) return minimize<double>(f, x0, lm, stop);
  GuardedLsq guarded(f, *box);
  Result<double> r = minimize<double>(guarded, x0, lm, *box, stop);
  EXPECT_GT(guarded.calls, 0);
  return r;
}

// Misra1a, y = b1 (1 - exp(-b2 x)), with b2 <= 5e-4 (the certified b2 is 5.5015643181e-4): at
// the solution b2 = 5e-4 and b1 is the linear least-squares coefficient of u = 1 - exp(-5e-4 x),
// b1 = u'y / u'u. scipy agrees: least_squares(res, [500, 1e-4], jac=jac, bounds=([-inf, -inf],
// [inf, 5e-4]), method='trf', x_scale='jac', ftol=xtol=gtol=1e-15) gives b = (259.482651277158,
// 5e-4), RSS 0.6210665162048588 (bench/lm_bounds_scipy.py has the script).
TEST(LmBounds, Misra1aWithAnActiveUpperBoundMatchesTheDerivedSolution) {
  const auto& d = problems::nist_dataset("Misra1a");
  problems::NistObjective<double> f(d);
  const Bounds<double> box =
      Bounds<double>(vec2(-kInf, -kInf), vec2(kInf, 5e-4)).guard_evaluations();
  const Vec<double> u = (1 - (-5e-4 * d.x.col(0).array()).exp()).matrix();
  const double b1 = u.dot(d.y) / u.squaredNorm();
  EXPECT_NEAR(b1, 259.482651277158, 1e-9);  // the derivation and scipy's trf agree
  for (const auto& start : {d.start1, d.start2}) {
    const Result<double> r = run_lm(f, vec2(start[0], start[1]), &box);
    ASSERT_TRUE(r.converged()) << r.message;
    EXPECT_EQ(r.x[1], 5e-4);  // exactly on the bound
    EXPECT_NEAR(r.x[0], b1, 1e-8 * b1);
    EXPECT_NEAR(2 * r.f, 0.6210665162048588, 1e-10);
    ASSERT_EQ(r.active.at_upper.size(), 1u);
    EXPECT_EQ(r.active.at_upper[0], 1);
    EXPECT_TRUE(r.active.at_lower.empty());
    // KKT: the free component of the gradient vanishes (relative to its scale), the held one
    // points out of the box (g_2 < 0 at an upper bound: f decreases beyond it).
    Vec<double> res(d.y.size());
    Mat<double> jac(d.y.size(), 2);
    f.residuals(r.x, &res, &jac);
    const Vec<double> g = jac.transpose() * res;
    EXPECT_LT(std::abs(g[0]), 1e-9 * jac.col(0).norm() * res.norm());
    EXPECT_LT(g[1], 0);
    EXPECT_LT(r.grad_norm, 1e-9 * jac.col(0).norm() * res.norm());
  }
}

// DanWood, y = b1 x^b2, with b2 <= 3.5 (certified b2 = 3.8604055871): b2 = 3.5 and b1 = u'y/u'u
// with u = x^3.5; scipy's trf (same options, start (1, 5) projected to (1, 3.5)) gives
// (0.9053147570396856, 3.5), RSS 0.05846185899569073.
TEST(LmBounds, DanWoodWithAnActiveUpperBoundAndAStartOutsideTheBox) {
  const auto& d = problems::nist_dataset("DanWood");
  problems::NistObjective<double> f(d);
  const Bounds<double> box = Bounds<double>(vec2(0, -kInf), vec2(kInf, 3.5)).guard_evaluations();
  const Result<double> r = run_lm(f, vec2(1, 5), &box);  // b2 = 5 lies outside
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_TRUE(r.start_projected);
  EXPECT_EQ(r.x[1], 3.5);
  EXPECT_NEAR(r.x[0], 0.9053147570396856, 1e-9);
  EXPECT_NEAR(2 * r.f, 0.05846185899569073, 1e-12);
  EXPECT_EQ(r.active.at_upper.size(), 1u);
}

// Chwirut2, y = exp(-b1 x) / (b2 + b3 x), with b >= 0 and b3 >= 0.02 (certified b3 =
// 1.2150007096e-2), from (0.1, 0.01, 0.02): scipy's trf (same options) ends at
// (0.020159812927478805, 0.001732903647852905, 0.02), RSS 748.4126387162858, b3 on its bound.
TEST(LmBounds, Chwirut2WithAnActiveLowerBoundMatchesScipyTrf) {
  const auto& d = problems::nist_dataset("Chwirut2");
  problems::NistObjective<double> f(d);
  Vec<double> lo(3), hi = Vec<double>::Constant(3, kInf), x0(3);
  lo << 0, 0, 0.02;
  x0 << 0.1, 0.01, 0.02;
  const Bounds<double> box = Bounds<double>(lo, hi).guard_evaluations();
  const Result<double> r = run_lm(f, x0, &box);
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_EQ(r.x[2], 0.02);
  EXPECT_NEAR(r.x[0], 0.020159812927478805, 1e-8);
  EXPECT_NEAR(r.x[1], 0.001732903647852905, 1e-9);
  EXPECT_NEAR(2 * r.f, 748.4126387162858, 1e-8);
  ASSERT_EQ(r.active.at_lower.size(), 1u);
  EXPECT_EQ(r.active.at_lower[0], 2);
}

// MGH 1 (Rosenbrock as least squares) with x1 >= 1.2 from the standard start (-1.2, 1), outside:
// f = 1/2 (100 (x2 - x1^2)^2 + (1 - x1)^2) >= 1/2 (1 - x1)^2 >= 0.02 on the box, with equality
// at x = (1.2, 1.44).
TEST(LmBounds, MghRosenbrockWithALowerBoundEndsAtTheDerivedCorner) {
  problems::MghObjective<double> f(problems::MghKind::Rosenbrock, 2);
  const Bounds<double> box = Bounds<double>(vec2(1.2, -kInf), vec2(kInf, kInf)).guard_evaluations();
  const Result<double> r = run_lm(f, vec2(-1.2, 1), &box);
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_TRUE(r.start_projected);
  EXPECT_EQ(r.x[0], 1.2);
  EXPECT_NEAR(r.x[1], 1.44, 1e-12);
  EXPECT_NEAR(r.f, 0.02, 1e-14);
  EXPECT_LT(r.grad_norm, 1e-12);
}

// A start on a bound whose gradient points into the box is not held: Misra1a with b2 >= 5e-4
// from (500, 1e-4), projected to b2 = 5e-4, where f decreases with b2 (the certified b2 =
// 5.5015643181e-4 lies inside). The run leaves the bound and ends at the certified values.
TEST(LmBounds, AVariableOnABoundWithAnInwardGradientIsReleased) {
  const auto& d = problems::nist_dataset("Misra1a");
  problems::NistObjective<double> f(d);
  const Bounds<double> box =
      Bounds<double>(vec2(-kInf, 5e-4), vec2(kInf, kInf)).guard_evaluations();
  Vec<double> x0 = vec2(500, 1e-4);
  const Result<double> r = run_lm(f, x0, &box);
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_TRUE(r.start_projected);
  EXPECT_EQ(r.active.count(), 0);
  EXPECT_NEAR(r.x[0], d.certified[0], 1e-8 * d.certified[0]);
  EXPECT_NEAR(r.x[1], d.certified[1], 1e-8 * d.certified[1]);
}

// A box that never binds: the same iterates, evaluations and result as without it, bit for bit,
// on every NIST problem of the method table's kind (start 1).
TEST(LmBounds, AnInactiveBoxGivesTheUnboundedRunBitForBit) {
  for (const char* name : {"Misra1a", "DanWood", "Chwirut2", "MGH17", "Lanczos1", "Gauss1"}) {
    SCOPED_TRACE(name);
    const auto& d = problems::nist_dataset(name);
    problems::NistObjective<double> f(d);
    const Index p = d.num_params();
    const Vec<double> x0 = Eigen::Map<const Vec<double>>(d.start1.data(), p);
    const Result<double> free = run_lm(f, x0, nullptr);
    // A box far from every accepted iterate: [-1e6 (1 + |c|), 1e6 (1 + |c|)] around the certified
    // values. MGH17's first trials do reach beyond it (b5 ~ -1.75e9) and are projected; they are
    // rejected as the unbounded ones are (a trial whose ||r|| grows tenfold shrinks the radius by
    // 0.1 whatever its predicted reduction), so even then the runs agree bit for bit.
    const Vec<double> c = Eigen::Map<const Vec<double>>(d.certified.data(), p);
    const Vec<double> w = 1e6 * (1 + c.array().abs()).matrix();
    const Bounds<double> box = Bounds<double>(-w, w).guard_evaluations();
    const Result<double> boxed = run_lm(f, x0, &box);
    EXPECT_EQ(boxed.status, free.status);
    EXPECT_EQ(boxed.iterations, free.iterations);
    EXPECT_EQ(boxed.evals.f, free.evals.f);
    EXPECT_EQ(boxed.evals.h, free.evals.h);
    EXPECT_EQ(boxed.f, free.f);
    for (Index i = 0; i < p; ++i) EXPECT_EQ(boxed.x[i], free.x[i]) << "b" << i + 1;
    EXPECT_EQ(boxed.active.count(), 0);
  }
}

// lower == upper fixes a parameter: Misra1a with b2 fixed at 5e-4 has the derived b1 of the
// active-bound case, and b2 never moves (the guard would fail otherwise).
TEST(LmBounds, AFixedParameterStaysPutAndTheOthersAreFitted) {
  const auto& d = problems::nist_dataset("Misra1a");
  problems::NistObjective<double> f(d);
  const Bounds<double> box =
      Bounds<double>(vec2(-kInf, 5e-4), vec2(kInf, 5e-4)).guard_evaluations();
  const Result<double> r = run_lm(f, vec2(500, 1e-4), &box);
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_EQ(r.x[1], 5e-4);
  EXPECT_NEAR(r.x[0], 259.482651277158, 1e-8);
  ASSERT_EQ(r.active.fixed.size(), 1u);
  EXPECT_EQ(r.active.fixed[0], 1);
}

// Bounds active at both ends of several variables: MGH 1 on [-0.5, 0.5]^2. On the box the
// minimum of f = 1/2 (100 (x2 - x1^2)^2 + (1 - x1)^2) is at x1 = 0.5, x2 = 0.25 (x2 = x1^2 is
// inside, and (1 - x1)^2 is least at x1's upper bound): f = 0.125.
TEST(LmBounds, BothSidesOfTheBoxAndTheGuard) {
  problems::MghObjective<double> f(problems::MghKind::Rosenbrock, 2);
  const Bounds<double> box = Bounds<double>(2, -0.5, 0.5).guard_evaluations();
  const Result<double> r = run_lm(f, vec2(-1.2, 1), &box);
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_EQ(r.x[0], 0.5);
  EXPECT_NEAR(r.x[1], 0.25, 1e-12);
  EXPECT_NEAR(r.f, 0.125, 1e-14);
}

// The float instantiation on the same corner as the double one (x1 >= 1.2 from (-1.2, 1)).
TEST(LmBounds, FloatRunsEndOnTheBound) {
  problems::MghObjective<float> f(problems::MghKind::Rosenbrock, 2);
  Vec<float> lo(2), hi(2), x0(2);
  lo << 1.2f, -std::numeric_limits<float>::infinity();
  hi.setConstant(std::numeric_limits<float>::infinity());
  x0 << -1.2f, 1.0f;
  const Bounds<float> box = Bounds<float>(lo, hi).guard_evaluations();
  LevenbergMarquardt<float> lm;
  StopOptions stop;
  stop.gtol = 0;
  const Result<float> r = minimize<float>(f, x0, lm, box, stop);
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_EQ(r.x[0], 1.2f);
  EXPECT_NEAR(r.x[1], 1.44f, 1e-5f);
  EXPECT_NEAR(r.f, 0.02f, 1e-6f);
}

TEST(LmBounds, GaussNewtonRefusesBoundsNamingTheMethodsThatAcceptThem) {
  problems::MghObjective<double> f(problems::MghKind::Rosenbrock, 2);
  const Bounds<double> box(vec2(1.2, -kInf), vec2(kInf, kInf));
  auto gn = make_method<double>("gauss-newton", {});
  try {
    minimize<double>(f, vec2(-1.2, 1), *gn, box);
    FAIL() << "gauss-newton accepted bounds";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("gauss-newton"), std::string::npos) << what;
    EXPECT_NE(what.find("lm"), std::string::npos) << what;
    EXPECT_NE(what.find("lbfgsb"), std::string::npos) << what;
  }
  EXPECT_NE(methods_accepting_bounds().find("lm"), std::string::npos);
}

TEST(LmBounds, GeodesicAccelerationIsRefusedOnABox) {
  problems::MghObjective<double> f(problems::MghKind::Rosenbrock, 2);
  const Bounds<double> box(vec2(1.2, -kInf), vec2(kInf, kInf));
  LevenbergMarquardtParams p;
  p.geodesic_accel = true;
  LevenbergMarquardt<double> lm(p);
  EXPECT_THROW(minimize<double>(f, vec2(-1.2, 1), lm, box), std::invalid_argument);
}

TEST(LmBounds, BoundedStepsDoNotAllocate) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  const auto& d = problems::nist_dataset("Chwirut2");
  problems::NistObjective<double> f(d);
  Vec<double> lo(3), hi = Vec<double>::Constant(3, kInf);
  lo << 0, 0, 0.02;
  const Bounds<double> box(lo, hi);
  LevenbergMarquardt<double> lm;
  Evaluator<double> eval(f);
  eval.set_bounds(&box);
  Iterate<double> cur, next;
  cur.resize(3);
  next.resize(3);
  cur.x << 0.1, 0.01, 0.02;
  auto state = lm.start(eval, cur);
  cur.f = eval.value_gradient(cur.x, cur.g);
  // The first step sizes Eigen's QR workspaces; count from the second on.
  ASSERT_EQ(state->step(eval, cur, next).status, Status::Running);
  cur.x.swap(next.x);
  cur.g.swap(next.g);
  std::swap(cur.f, next.f);
  int steps = 0;
  testing::AllocationCounter c;
  for (int k = 0; k < 8; ++k) {
    if (state->step(eval, cur, next).status != Status::Running) break;
    ++steps;
    cur.x.swap(next.x);
    cur.g.swap(next.g);
    std::swap(cur.f, next.f);
  }
  EXPECT_EQ(c.count(), 0);
  EXPECT_GE(steps, 3);
}

// A bounded run stopped at iteration s and resumed from its checkpoint ends bit for bit where
// the uninterrupted run ends.
TEST(LmBounds, ResumesFromACheckpointBitForBit) {
  const auto& d = problems::nist_dataset("Misra1a");
  problems::NistObjective<double> f(d);
  const Bounds<double> box(vec2(-kInf, -kInf), vec2(kInf, 5e-4));
  LevenbergMarquardt<double> lm;
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = 500;
  const Vec<double> x0 = vec2(500, 1e-4);
  const Result<double> full = minimize<double>(f, x0, lm, box, stop);
  ASSERT_TRUE(full.converged()) << full.message;
  ASSERT_GE(full.iterations, 4);
  CheckpointOptions ck;
  ck.path = testing::checkpoint_temp_file("lm", "box");
  ck.signature = "misra1a lm box";
  for (Index s : {Index(1), full.iterations / 2, full.iterations - 1}) {
    SCOPED_TRACE("stopped at iteration " + std::to_string(s));
    std::filesystem::remove(ck.path);
    ck.resume = false;
    StopOptions early = stop;
    early.max_iter = s;
    ASSERT_EQ(minimize<double>(f, x0, lm, box, early, {}, ck).iterations, s);
    ck.resume = true;
    const Result<double> resumed = minimize<double>(f, x0, lm, box, stop, {}, ck);
    EXPECT_EQ(resumed.status, full.status);
    EXPECT_EQ(resumed.iterations, full.iterations);
    EXPECT_EQ(resumed.evals.f, full.evals.f);
    EXPECT_EQ(resumed.f, full.f);
    EXPECT_EQ(resumed.x[0], full.x[0]);
    EXPECT_EQ(resumed.x[1], full.x[1]);
  }
  std::filesystem::remove(ck.path);
}

}  // namespace
}  // namespace optim
