// Newton and dense BFGS on a box: Bertsekas' two-metric projection (two_metric.hpp) on the
// Hock-Schittkowski bound problems with their published solutions (the definitions L-BFGS-B's
// tests use), a start outside the box, fixed variables, float runs, the evaluation guard (the
// objectives fail the test when evaluated outside the box, the Hessian's difference probes
// included), no allocation in the loop, and checkpoints.
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "bounded_problems.hpp"
#include "bounded_steps.hpp"
#include "checkpoint_test_support.hpp"
#include "optim/checkpoint/run_checkpoint.hpp"
#include "optim/optim.hpp"
#include "optim/second_order/two_metric.hpp"
#include "problems/registry.hpp"
#include "support/alloc_counter.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

using testfn::kInf;
using testfn::vec;

// Runs p with `method` in S and checks that every evaluation and iterate was feasible.
template <class S>
Result<S> solve(const std::string& method, const testfn::BoundedProblem& p, double gtol,
                Index max_iter = 500) {
  testfn::GuardedProblem<S> f(p);
  const Bounds<S> box = testfn::box_of<S>(p);
  testfn::FeasibleIterates<S> feasible(box);
  std::vector<Observer<S>*> obs{&feasible};
  auto m = make_method<S>(method, {});
  Result<S> r =
      minimize<S>(f, p.start.cast<S>(), *m, box, {.gtol = gtol, .max_iter = max_iter}, obs);
  EXPECT_EQ(f.outside(), 0) << method << " " << p.name;
  EXPECT_TRUE(box.contains(r.x)) << method << " " << p.name;
  return r;
}

ActiveBounds expected_active(const testfn::BoundedProblem& p) {
  return Bounds<double>(p.lower, p.upper).active(p.x_star);
}

struct Expect {
  testfn::BoundedProblem p;
  double gtol;          // on the projected gradient
  double f_tol, x_tol;  // absolute
};

// The tolerances of test_lbfgsb.cpp (see there for their reasoning: |g| below about
// sqrt(eps |f| L) is out of reach of a line search).
std::vector<Expect> hock_schittkowski() {
  return {
      {testfn::hs1(), 1e-9, 1e-14, 1e-6},
      {testfn::hs3(), 1e-9, 1e-10, 1e-4},
      {testfn::hs4(), 1e-7, 1e-12, 1e-9},
      {testfn::hs5(), 1e-7, 1e-12, 1e-6},
      {testfn::hs25(), 1e-9, 1e-10, 5e-3},
      {testfn::hs38(), 1e-9, 1e-14, 1e-6},
      {testfn::hs45(), 1e-7, 1e-12, 1e-9},
      {testfn::hs110(), 1e-6, 1e-8, 1e-6},
      {testfn::rosenbrock_x1_at_most_half(), 1e-7, 1e-12, 1e-8},
      {testfn::rosenbrock_at_least_1_2(), 1e-7, 1e-12, 1e-8},
  };
}

void check_hock_schittkowski(const std::string& method) {
  for (const Expect& e : hock_schittkowski()) {
    SCOPED_TRACE(method + " on " + e.p.name);
    const Result<double> r = solve<double>(method, e.p, e.gtol);
    EXPECT_EQ(r.status, Status::ConvergedGradient) << r.message;
    EXPECT_NEAR(r.f, e.p.f_star, e.f_tol);
    EXPECT_LT((r.x - e.p.x_star).cwiseAbs().maxCoeff(), e.x_tol) << "x = " << r.x.transpose();
    const ActiveBounds want = expected_active(e.p);
    EXPECT_EQ(r.active.at_lower, want.at_lower);
    EXPECT_EQ(r.active.at_upper, want.at_upper);
    std::cout << method << " " << e.p.name << ": f = " << r.f << ", iterations " << r.iterations
              << ", f evals " << r.evals.f << ", " << r.active.summary() << "\n";
  }
}

TEST(ProjectedNewton, HockSchittkowskiBoundConstrainedProblems) {
  // The objectives have no Hessian: it comes from differences of the exact gradient, one-sided
  // at the bounds (the guarded objective fails the test on any probe outside the box).
  check_hock_schittkowski("newton");
}

TEST(BoundedBfgs, HockSchittkowskiBoundConstrainedProblems) {
  check_hock_schittkowski("bfgs");
}

// HS2 (test_lbfgsb.cpp): Rosenbrock with x2 >= 1.5 from (-2, 1), below the bound; the local
// minimum on the side of the start, x1 = -1.2210262421 on x2 = 1.5, f = 4.9412293180.
testfn::BoundedProblem hs2() {
  testfn::BoundedProblem p = testfn::hs1();
  p.name = "hs2";
  p.lower = vec({-kInf, 1.5});
  p.start = vec({-2, 1});
  double x1 = -1.2;  // Newton on the cubic 400 x1^3 - 598 x1 - 2 = 0
  for (int i = 0; i < 50; ++i) x1 -= (400 * x1 * x1 * x1 - 598 * x1 - 2) / (1200 * x1 * x1 - 598);
  p.x_star = vec({x1, 1.5});
  p.f_star = 100 * (1.5 - x1 * x1) * (1.5 - x1 * x1) + (1 - x1) * (1 - x1);
  return p;
}

TEST(ProjectedNewton, Hs2FromItsStartOutsideTheBox) {
  const testfn::BoundedProblem p = hs2();
  for (const char* method : {"newton", "bfgs"}) {
    SCOPED_TRACE(method);
    const Result<double> r = solve<double>(method, p, 1e-8);
    EXPECT_EQ(r.status, Status::ConvergedGradient) << r.message;
    EXPECT_TRUE(r.start_projected);
    EXPECT_EQ(r.x[1], 1.5);
    EXPECT_NEAR(r.x[0], p.x_star[0], 1e-8);
    EXPECT_NEAR(r.f, p.f_star, 1e-12);
    EXPECT_EQ(r.active.at_lower, std::vector<Index>{1});
  }
}

TEST(ProjectedNewton, FixedVariablesStayFixed) {
  // Rosenbrock in 4 variables with x1 = 0.5 and x3 = -0.3 fixed (l == u): x2 = 0.25, x4 = 0.09.
  testfn::BoundedProblem p{"rosenbrock4 fixed",
                           4,
                           [](const Vec<double>& x, Vec<double>* g) {
                             testfn::RosenbrockFn<double> f(4);
                             return f.evaluate(x, g);
                           },
                           vec({0.5, -kInf, -0.3, -kInf}),
                           vec({0.5, kInf, -0.3, kInf}),
                           vec({0.5, 1, -0.3, 1}),
                           vec({0.5, 0.25, -0.3, 0.09}),
                           0.25 + 1.3 * 1.3};
  for (const char* method : {"newton", "bfgs"}) {
    SCOPED_TRACE(method);
    const Result<double> r = solve<double>(method, p, 1e-10);
    ASSERT_TRUE(r.converged()) << r.message;
    EXPECT_EQ(r.x[0], 0.5);
    EXPECT_EQ(r.x[2], -0.3);
    EXPECT_NEAR(r.x[1], 0.25, 1e-10);
    EXPECT_NEAR(r.x[3], 0.09, 1e-10);
    EXPECT_EQ(r.active.fixed, (std::vector<Index>{0, 2}));
    EXPECT_NEAR(r.f, p.f_star, 1e-12);
  }
}

TEST(ProjectedNewton, HockSchittkowskiInFloat) {
  // The float tolerances of test_lbfgsb.cpp. HS3 is left out: its gradient in x1 is 2e-5 x1, so
  // gtol 1e-4 already holds at any |x1| <= 5 and the end point is not determined to 1e-2.
  for (const char* method : {"newton", "bfgs"}) {
    for (const auto& p : {testfn::hs4(), testfn::hs5(), testfn::hs38(), testfn::hs45(),
                          testfn::hs110(), testfn::rosenbrock_x1_at_most_half()}) {
      SCOPED_TRACE(std::string(method) + " on " + p.name);
      const Result<float> r = solve<float>(method, p, 1e-4 * std::max(1.0, std::abs(p.f_star)));
      EXPECT_EQ(r.status, Status::ConvergedGradient) << r.message;
      EXPECT_NEAR(r.f, p.f_star, 1e-5 * std::max(1.0, std::abs(p.f_star)));
      EXPECT_LT((r.x.cast<double>() - p.x_star).cwiseAbs().maxCoeff(), 1e-2);
      const ActiveBounds want = expected_active(p);
      EXPECT_EQ(r.active.at_lower, want.at_lower);
      EXPECT_EQ(r.active.at_upper, want.at_upper);
    }
  }
}

TEST(ProjectedNewton, EveryModificationOnAnActiveBox) {
  // Rosenbrock with x >= 1.2 from the standard start (projected onto the box): each safeguard
  // of the reduced Hessian ends on (1.2, 1.44), x1 at its lower bound.
  for (const char* m : {"identity_shift", "eigen", "saddle_free", "none"}) {
    SCOPED_TRACE(m);
    const testfn::BoundedProblem p = testfn::rosenbrock_at_least_1_2();
    testfn::GuardedProblem<double> f(p);
    const Bounds<double> box = testfn::box_of<double>(p);
    auto method = make_method<double>("newton", {{"modification", m}});
    const Result<double> r = minimize<double>(f, p.start, *method, box, {.gtol = 1e-9});
    EXPECT_EQ(r.status, Status::ConvergedGradient) << r.message;
    EXPECT_EQ(r.x[0], 1.2);
    EXPECT_NEAR(r.x[1], 1.44, 1e-9);
    EXPECT_EQ(f.outside(), 0);
  }
}

// Rosenbrock with its own Hessian (HessianProvider): the objective's Hessian is used on a box
// too, and the extended problem on x_i <= 0.5 ends with the odd coordinates on their bound.
TEST(ProjectedNewton, ExtendedRosenbrockWithItsOwnHessian) {
  const Index n = 40;
  testfn::RosenbrockFn<double> f(n);
  const Bounds<double> box =
      Bounds<double>::upper_only(Vec<double>::Constant(n, 0.5)).guard_evaluations();
  for (const char* method : {"newton", "bfgs"}) {
    SCOPED_TRACE(method);
    const Result<double> r =
        minimize<double>(f, testfn::RosenbrockFn<double>::start(n), *make_method<double>(method),
                         box, {.gtol = 1e-8, .max_iter = 2000});
    ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
    EXPECT_NEAR(r.f, n / 8.0, 1e-10);
    std::vector<Index> odd;
    for (Index i = 0; i < n; i += 2) odd.push_back(i);
    EXPECT_EQ(r.active.at_upper, odd);
    for (Index i = 1; i < n; i += 2) EXPECT_NEAR(r.x[i], 0.25, 1e-8) << i;
    if (std::string(method) == "newton") {
      EXPECT_EQ(r.hessian_source, HessianSource::Objective);
      EXPECT_EQ(r.evals.g, r.evals.f);  // no difference gradients
    }
  }
}

// The Hessian by differences on a box: at a point on a bound the column of that coordinate is a
// one-sided difference into the box (O(h) accurate), the others stay central.
TEST(ProjectedNewton, DifferenceHessianProbesOnlyTheBox) {
  const testfn::BoundedProblem p = testfn::hs5();  // on [-1.5, 4] x [-3, 3]
  testfn::GuardedProblem<double> f(p);
  const Bounds<double> box = testfn::box_of<double>(p);
  FdOptions o;
  o.use_inner_gradient = true;
  FiniteDifference<double> fd(f, o);
  fd.set_box(&box);
  // Exact Hessian of HS5: -sin(x1 + x2) [1 1; 1 1] + [2 -2; -2 2].
  auto exact = [](const Vec<double>& x) {
    const double s = std::sin(x[0] + x[1]);
    Mat<double> h(2, 2);
    h << 2 - s, -2 - s, -2 - s, 2 - s;
    return h;
  };
  for (const Vec<double>& x : {vec({-1.5, 0.3}), vec({4, -3}), vec({0.2, 3}), vec({0.2, 0.1})}) {
    Mat<double> h(2, 2);
    fd.hessian(x, &h);
    EXPECT_LT((h - exact(x)).cwiseAbs().maxCoeff(), 1e-6) << "at " << x.transpose();
  }
  EXPECT_EQ(f.outside(), 0);
  // A fixed variable has no room on either side: its column is zero, and nothing is probed
  // outside.
  const Bounds<double> fixed(vec({0.2, -3}), vec({0.2, 3}));
  fd.set_box(&fixed);
  Mat<double> h(2, 2);
  fd.hessian(vec({0.2, 0.1}), &h);
  EXPECT_EQ(h(0, 0), 0.0);
  EXPECT_NEAR(h(1, 1), exact(vec({0.2, 0.1}))(1, 1), 1e-6);
}

TEST(ProjectedNewton, TheEpsilonActiveSet) {
  // On [0, 1]^4 at x = (0, 5e-9, 0.5, 1) with g = (1, 1, 1, 1): x1 on its lower bound with g
  // pointing out, x2 within eps = min(1e-8, |P(x - g) - x|) = 1e-8 of it (also out), x3
  // interior, x4 on its upper bound with g pointing in: I+ = {1, 2}.
  ASSERT_EQ(TwoMetricProjection<double>::kEps, 1e-8);
  const Bounds<double> box(4, 0.0, 1.0);
  TwoMetricProjection<double> tm(4);
  EXPECT_EQ(tm.classify(box, vec({0, 5e-9, 0.5, 1}), vec({1, 1, 1, 1})), 2);
  EXPECT_TRUE(tm.active(0));
  EXPECT_TRUE(tm.active(1));
  EXPECT_FALSE(tm.active(2));
  EXPECT_FALSE(tm.active(3));
  // Near a stationary point eps shrinks with the projected gradient: |P(x - g) - x| = 1e-10 here
  // (x2's move), so x2 at 5e-9 from its bound is free.
  EXPECT_EQ(tm.classify(box, vec({0.5, 5e-9, 0.5, 0.5}), vec({0, 1e-10, 0, 0})), 0);
  // A fixed variable is always active, whatever its gradient.
  const Bounds<double> fixed(vec({0, 0.3, 0, 0}), vec({1, 0.3, 1, 1}));
  EXPECT_EQ(tm.classify(fixed, vec({0.5, 0.3, 0.5, 0.5}), vec({0, 0, 0, 0})), 1);
  EXPECT_TRUE(tm.active(1));
  // A larger bound on the tolerance (the methods' active_eps): x2 at 5e-4 from its bound is held
  // with eps = min(1e-3, |P(x - g) - x|) = 1e-3, free with the default 1e-8.
  TwoMetricProjection<double> wide(4, 1e-3);
  const Vec<double> x = vec({0.5, 5e-4, 0.5, 0.5}), g = vec({0, 1, 0, 0});
  EXPECT_EQ(wide.classify(box, x, g), 1);
  EXPECT_TRUE(wide.active(1));
  EXPECT_EQ(tm.classify(box, x, g), 0);
}

TEST(ProjectedNewton, TheActiveToleranceIsASettingOfNewtonAndBfgs) {
  for (const char* method : {"newton", "bfgs"}) {
    EXPECT_NO_THROW(make_method<double>(method, ParamSet{{"active_eps", "1e-6"}})) << method;
    EXPECT_THROW(make_method<double>(method, ParamSet{{"active_eps", "0"}}), std::invalid_argument)
        << method;
  }
  NewtonParams p;
  EXPECT_EQ(p.active_eps, TwoMetricProjection<double>::kEps);
}

TEST(ProjectedNewton, StepsDoNotAllocate) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  // Newton's eigenvalue modes (none, eigen, saddle_free) are left out: Eigen's
  // SelfAdjointEigenSolver takes an O(n) workspace per decomposition (docs/second_order.md,
  // "Notes and limits"), box or not. The default identity shift factors in place.
  const std::vector<std::pair<std::string, ParamSet>> runs = {
      {"newton", {}},
      {"newton", {{"shift_beta", "0.1"}}},
      {"bfgs", {}},
  };
  for (const auto& [method, params] : runs) {
    const std::string label = method + (params.items().empty() ? "" : " shift_beta=0.1");
    const auto [d_allocs, d_steps] =
        testfn::allocations_in_bounded_steps<double>(method, params, 24);
    const auto [f_allocs, f_steps] =
        testfn::allocations_in_bounded_steps<float>(method, params, 24);
    EXPECT_EQ(d_allocs, 0) << label << " double";
    EXPECT_EQ(f_allocs, 0) << label << " float";
    EXPECT_GE(d_steps, 2) << label << " double";
    EXPECT_GE(f_steps, 2) << label << " float";
  }
}

// A run on a box stopped at iteration s and resumed from its checkpoint ends bit for bit where
// the uninterrupted run ends (bounded BFGS keeps H; Newton keeps nothing between steps).
TEST(ProjectedNewton, CheckpointsResumeBitIdentically) {
  auto problem = problems::make_problem<double>("rosenbrock", 6);
  Vec<double> hi = Vec<double>::Constant(6, kInf);
  for (Index i = 0; i < 6; i += 2) hi[i] = 0.5;
  const Bounds<double> box = Bounds<double>::upper_only(hi);
  for (const char* name : {"newton", "bfgs"}) {
    SCOPED_TRACE(name);
    auto method = make_method<double>(name, {});
    StopOptions stop;
    stop.max_iter = 500;
    const Result<double> full =
        minimize<double>(*problem.objective, problem.x0, *method, box, stop);
    ASSERT_TRUE(is_success(full.status)) << full.message;
    ASSERT_GE(full.iterations, 6);
    CheckpointOptions ck;
    ck.path = testing::checkpoint_temp_file(name, "box");
    ck.signature = std::string("rosenbrock 6 box ") + name;
    for (Index s : {Index(2), full.iterations / 2, full.iterations - 1}) {
      SCOPED_TRACE("stopped at iteration " + std::to_string(s));
      std::filesystem::remove(ck.path);
      ck.resume = false;
      StopOptions early = stop;
      early.max_iter = s;
      ASSERT_EQ(
          minimize<double>(*problem.objective, problem.x0, *method, box, early, {}, ck).iterations,
          s);
      ck.resume = true;
      const Result<double> resumed =
          minimize<double>(*problem.objective, problem.x0, *method, box, stop, {}, ck);
      EXPECT_EQ(resumed.status, full.status);
      EXPECT_EQ(resumed.iterations, full.iterations);
      EXPECT_TRUE(testing::bit_identical(resumed.x, full.x));
      EXPECT_EQ(resumed.f, full.f);
      EXPECT_EQ(resumed.evals.f, full.evals.f);
    }
    std::filesystem::remove(ck.path);
  }
}

}  // namespace
}  // namespace optim
