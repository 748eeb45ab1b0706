// L-BFGS-B runs (optim/second_order/lbfgsb.hpp): unbounded Rosenbrock (a sound L-BFGS),
// Hock-Schittkowski problems with their published solutions, a quadratic solved by enumerating
// active sets, fixed variables, float runs, no allocation in the loop, and the settings. Its
// building blocks (compact matrix, Cauchy point) are tested in test_compact_lbfgs.cpp.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "bounded_problems.hpp"
#include "bounded_steps.hpp"
#include "optim/optim.hpp"
#include "optim/second_order/cauchy_point.hpp"
#include "optim/second_order/compact_lbfgs.hpp"
#include "support/alloc_counter.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

using testfn::kInf;
using testfn::vec;

TEST(Lbfgsb, WithoutBoundsItIsASoundLbfgsOnRosenbrock) {
  testfn::RosenbrockFn<double> f;
  const Vec<double> x0 = testfn::RosenbrockFn<double>::start(2);
  const Result<double> r = minimize<double>(f, x0, Lbfgsb<double>(), {.gtol = 1e-10});
  ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
  EXPECT_LT((r.x - Vec<double>::Ones(2)).norm(), 1e-9);
  EXPECT_FALSE(r.bounded);
  // As many iterations as L-BFGS's two-loop form within a few (the directions are the same
  // matrix; the first step and line-search constants differ).
  const Result<double> l = minimize<double>(f, x0, Lbfgs<double>(), {.gtol = 1e-10});
  EXPECT_LE(r.iterations, l.iterations + 10) << "lbfgs " << l.iterations;
  // And on extended Rosenbrock in 100 dimensions.
  testfn::RosenbrockFn<double> f100(100);
  const Result<double> r100 = minimize<double>(f100, testfn::RosenbrockFn<double>::start(100),
                                               Lbfgsb<double>(), {.gtol = 1e-8, .max_iter = 2000});
  ASSERT_EQ(r100.status, Status::ConvergedGradient) << r100.message;
  EXPECT_LT((r100.x - Vec<double>::Ones(100)).cwiseAbs().maxCoeff(), 1e-7);
}

// Runs p with lbfgsb in S and checks f*, x*, that every evaluation and iterate was feasible and
// that the active set at the end is the one of x*.
template <class S>
Result<S> solve(const testfn::BoundedProblem& p, double gtol, Index max_iter = 1000) {
  testfn::GuardedProblem<S> f(p);
  const Bounds<S> box = testfn::box_of<S>(p);
  testfn::FeasibleIterates<S> feasible(box);
  std::vector<Observer<S>*> obs{&feasible};
  Result<S> r = minimize<S>(f, p.start.cast<S>(), Lbfgsb<S>(), box,
                            {.gtol = gtol, .max_iter = max_iter}, obs);
  EXPECT_EQ(f.outside(), 0) << p.name;
  EXPECT_TRUE(box.contains(r.x)) << p.name;
  return r;
}

// The active set that x* implies (bounds that hold with equality at the published x*).
ActiveBounds expected_active(const testfn::BoundedProblem& p) {
  return Bounds<double>(p.lower, p.upper).active(p.x_star);
}

struct Expect {
  testfn::BoundedProblem p;
  double gtol;          // on the projected gradient
  double f_tol, x_tol;  // absolute
};

TEST(Lbfgsb, HockSchittkowskiBoundConstrainedProblemsDouble) {
  // gtol: near x* the decrease a step can show is about |g|^2 / L, which rounding hides below
  // eps |f|; so |g| below about sqrt(eps |f| L) is out of reach of any line search. gtol is 1e-9
  // where f* = 0 (HS1, 3, 25, 38) or |f*| L is small, 1e-7 for HS4, HS5, HS45 and the Rosenbrock
  // boxes (|f| L ~ 1-100) and 1e-6 for HS110 (|f| = 46, L ~ 2 per coordinate over ten).
  // x_tol ~ gtol / (smallest curvature on the free variables), f_tol ~ gtol^2 / curvature, both
  // with a margin; HS25's valley is flat (x to 1e-4 relative at f ~ 1e-12).
  const std::vector<Expect> table = {
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
  for (const Expect& e : table) {
    const Result<double> r = solve<double>(e.p, e.gtol);
    EXPECT_EQ(r.status, Status::ConvergedGradient) << e.p.name << ": " << r.message;
    EXPECT_NEAR(r.f, e.p.f_star, e.f_tol) << e.p.name;
    EXPECT_LT((r.x - e.p.x_star).cwiseAbs().maxCoeff(), e.x_tol)
        << e.p.name << " x = " << r.x.transpose();
    const ActiveBounds want = expected_active(e.p);
    EXPECT_EQ(r.active.at_lower, want.at_lower) << e.p.name;
    EXPECT_EQ(r.active.at_upper, want.at_upper) << e.p.name;
    std::cout << e.p.name << ": f = " << r.f << ", iterations " << r.iterations << ", f evals "
              << r.evals.f << ", " << r.active.summary() << "\n";
  }
}

TEST(Lbfgsb, Hs2FromItsStartOutsideTheBox) {
  // HS2: Rosenbrock with x2 >= 1.5 from (-2, 1), below the bound: the start is projected to
  // (-2, 1.5). On the bound the rest is 100 (1.5 - x1^2)^2 + (1 - x1)^2, stationary where
  // 400 x1^3 - 598 x1 - 2 = 0: x1 = 1.2243707487 gives the published minimum 0.0504261879, and
  // x1 = -1.2210262421 a local minimum 4.9412293180 on the side of the start, which descent
  // methods reach from it (the Fortran L-BFGS-B too: scipy 1.10 ends at x1 = -1.22102624,
  // f = 4.94122932 after 15 iterations).
  testfn::BoundedProblem p = testfn::hs1();
  p.name = "hs2";
  p.lower = vec({-kInf, 1.5});
  p.start = vec({-2, 1});
  double x1 = -1.2;  // Newton on the cubic
  for (int i = 0; i < 50; ++i) x1 -= (400 * x1 * x1 * x1 - 598 * x1 - 2) / (1200 * x1 * x1 - 598);
  p.x_star = vec({x1, 1.5});
  p.f_star = 100 * (1.5 - x1 * x1) * (1.5 - x1 * x1) + (1 - x1) * (1 - x1);
  EXPECT_NEAR(x1, -1.2210262421, 1e-9);
  const Result<double> r = solve<double>(p, 1e-7);
  EXPECT_EQ(r.status, Status::ConvergedGradient) << r.message;
  EXPECT_TRUE(r.start_projected);
  EXPECT_EQ(r.x[1], 1.5);
  EXPECT_NEAR(r.x[0], x1, 1e-8);
  EXPECT_NEAR(r.f, p.f_star, 1e-12);
  EXPECT_EQ(r.active.at_lower, std::vector<Index>{1});
  std::cout << "hs2: f = " << r.f << ", iterations " << r.iterations << ", f evals " << r.evals.f
            << "\n";
}

TEST(Lbfgsb, HockSchittkowskiInFloat) {
  // Float: gtol 1e-4 max(1, |f*|): the reachable |g| is about sqrt(eps |f| L) (eps = 6e-8),
  // 2e-3 for HS110's |f| = 46 (its run stalls at 1.7e-3 with gtol 1e-3); f to 1e-5 relative (f
  // is quadratic in the error near x*), x to 1e-2 on interior minimisers (flat valleys), bounds
  // exactly.
  for (const auto& p : {testfn::hs3(), testfn::hs4(), testfn::hs5(), testfn::hs38(), testfn::hs45(),
                        testfn::hs110(), testfn::rosenbrock_x1_at_most_half()}) {
    const Result<float> r = solve<float>(p, 1e-4 * std::max(1.0, std::abs(p.f_star)));
    EXPECT_EQ(r.status, Status::ConvergedGradient) << p.name << ": " << r.message;
    EXPECT_NEAR(r.f, p.f_star, 1e-5 * std::max(1.0, std::abs(p.f_star))) << p.name;
    EXPECT_LT((r.x.cast<double>() - p.x_star).cwiseAbs().maxCoeff(), 1e-2) << p.name;
    const ActiveBounds want = expected_active(p);
    EXPECT_EQ(r.active.at_lower, want.at_lower) << p.name;
    EXPECT_EQ(r.active.at_upper, want.at_upper) << p.name;
  }
}

// min 1/2 x'Ax - b'x on [l, u] by enumerating the 3^n active sets: for each, solve for the free
// variables with the others at their bounds, and keep the one that is feasible and satisfies the
// KKT sign conditions (gradient >= 0 at a lower bound, <= 0 at an upper one). Strict convexity
// makes it unique.
Vec<double> box_qp_by_enumeration(const Mat<double>& a, const Vec<double>& b, const Vec<double>& lo,
                                  const Vec<double>& hi) {
  const Index n = b.size();
  Index total = 1;
  for (Index i = 0; i < n; ++i) total *= 3;
  for (Index code = 0; code < total; ++code) {
    std::vector<int> st(n);
    Index c = code;
    for (Index i = 0; i < n; ++i, c /= 3) st[i] = static_cast<int>(c % 3);  // 0 free 1 lo 2 hi
    Vec<double> x = Vec<double>::Zero(n);
    std::vector<Index> fr;
    for (Index i = 0; i < n; ++i) {
      if (st[i] == 1) x[i] = lo[i];
      if (st[i] == 2) x[i] = hi[i];
      if (st[i] == 0) fr.push_back(i);
    }
    if (!fr.empty()) {
      const Index k = static_cast<Index>(fr.size());
      Mat<double> af(k, k);
      Vec<double> rhs(k);
      for (Index i = 0; i < k; ++i) {
        rhs[i] = b[fr[i]];
        for (Index j = 0; j < n; ++j) {
          if (st[j] != 0) rhs[i] -= a(fr[i], j) * x[j];
        }
        for (Index j = 0; j < k; ++j) af(i, j) = a(fr[i], fr[j]);
      }
      const Vec<double> xf = af.llt().solve(rhs);
      for (Index i = 0; i < k; ++i) x[fr[i]] = xf[i];
    }
    const Vec<double> g = a * x - b;
    bool ok = true;
    for (Index i = 0; i < n && ok; ++i) {
      if (st[i] == 0) ok = x[i] > lo[i] && x[i] < hi[i];
      if (st[i] == 1) ok = g[i] >= 0;
      if (st[i] == 2) ok = g[i] <= 0;
    }
    if (ok) return x;
  }
  ADD_FAILURE() << "no KKT point found";
  return Vec<double>::Zero(n);
}

TEST(Lbfgsb, ConvexQuadraticsMatchTheEnumeratedActiveSetSeed5) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> nd;
  const Index n = 6;
  int with_active = 0;
  for (int trial = 0; trial < 10; ++trial) {
    Mat<double> q(n, n);
    for (Index i = 0; i < n * n; ++i) q.data()[i] = nd(rng);
    const Mat<double> a = q * q.transpose() + 0.5 * Mat<double>::Identity(n, n);
    Vec<double> b(n), lo(n), hi(n);
    for (Index i = 0; i < n; ++i) {
      b[i] = 3 * nd(rng);
      lo[i] = -0.5 - std::abs(nd(rng));
      hi[i] = 0.5 + std::abs(nd(rng));
    }
    const Vec<double> want = box_qp_by_enumeration(a, b, lo, hi);
    testfn::BoundedProblem p{"qp",
                             n,
                             [&](const Vec<double>& x, Vec<double>* g) {
                               if (g) *g = a * x - b;
                               return 0.5 * x.dot(a * x) - b.dot(x);
                             },
                             lo,
                             hi,
                             Vec<double>::Zero(n),
                             want,
                             0.5 * want.dot(a * want) - b.dot(want)};
    // At |f| ~ 5 and curvatures up to ~30 rounding hides the decrease of steps once |g| is
    // below about sqrt(eps |f| L) ~ 2e-7 (see the HS table): gtol 1e-6. The smallest eigenvalue
    // >= 0.5 then bounds |x - x*| by 2e-6 on the free variables.
    const Result<double> r = solve<double>(p, 1e-6);
    ASSERT_EQ(r.status, Status::ConvergedGradient) << "trial " << trial << ": " << r.message;
    EXPECT_LT((r.x - want).cwiseAbs().maxCoeff(), 4e-6) << "trial " << trial;
    EXPECT_NEAR(r.f, p.f_star, 1e-10) << "trial " << trial;
    const ActiveBounds got = r.active, exp = expected_active(p);
    EXPECT_EQ(got.at_lower, exp.at_lower) << "trial " << trial;
    EXPECT_EQ(got.at_upper, exp.at_upper) << "trial " << trial;
    with_active += exp.count() > 0;
  }
  EXPECT_GE(with_active, 5);  // the set exercises active bounds, not just interior minimisers
}

TEST(Lbfgsb, FixedVariablesStayFixed) {
  // Rosenbrock in 4 variables with x1 = 0.5 and x3 = -0.3 fixed (l == u): the others minimise
  // 100 (x2 - x1^2)^2 and 100 (x4 - x3^2)^2, so x2 = 0.25 and x4 = 0.09.
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
  const Result<double> r = solve<double>(p, 1e-10);
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_EQ(r.x[0], 0.5);
  EXPECT_EQ(r.x[2], -0.3);
  EXPECT_NEAR(r.x[1], 0.25, 1e-10);
  EXPECT_NEAR(r.x[3], 0.09, 1e-10);
  EXPECT_EQ(r.active.fixed, (std::vector<Index>{0, 2}));
  EXPECT_NEAR(r.f, p.f_star, 1e-12);
}

TEST(Lbfgsb, ExtendedRosenbrockWithEveryCoordinateAtMostHalf) {
  // n = 1000, x_i <= 0.5 from the standard start: the pairs separate, and for each f >= (1 -
  // x_odd)^2 >= 1/4 on the box with equality at x_odd = 0.5, x_even = 1/4 (free): f* = n / 8,
  // with the 500 odd coordinates on their upper bound. The Cauchy point meets hundreds of
  // breakpoints per iteration here.
  const Index n = 1000;
  testfn::RosenbrockFn<double> f(n);
  const Bounds<double> box =
      Bounds<double>::upper_only(Vec<double>::Constant(n, 0.5)).guard_evaluations();
  const Result<double> r = minimize<double>(f, testfn::RosenbrockFn<double>::start(n),
                                            Lbfgsb<double>(), box, {.gtol = 1e-7});
  ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
  EXPECT_NEAR(r.f, n / 8.0, 1e-9);
  std::vector<Index> odd;
  for (Index i = 0; i < n; i += 2) odd.push_back(i);
  EXPECT_EQ(r.active.at_upper, odd);
  for (Index i = 1; i < n; i += 2) EXPECT_NEAR(r.x[i], 0.25, 1e-8) << i;
  EXPECT_NE(r.message.find("500 bounds active (0 at lower, 500 at upper)"), std::string::npos);
}

TEST(Lbfgsb, AnInactiveBoxGivesTheUnconstrainedMinimiser) {
  testfn::BoundedProblem p{"rosenbrock in [-5, 5]^2",
                           2,
                           testfn::rosenbrock,
                           vec({-5, -5}),
                           vec({5, 5}),
                           vec({-1.2, 1}),
                           vec({1, 1}),
                           0};
  const Result<double> r = solve<double>(p, 1e-10);
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_LT((r.x - p.x_star).norm(), 1e-9);
  EXPECT_EQ(r.active.count(), 0);
}

// A box that no iterate comes near leaves every variable free at each Cauchy point, so each
// subspace step is the quasi-Newton step x - B^-1 g, which lbfgsb takes without forming the
// Cauchy point (CauchyPoint::fixes_none): the arithmetic of the run without a box. With one side
// only (so the first step's length is chosen as without a box) and a largest step that never
// binds, the two runs agree bit for bit.
TEST(Lbfgsb, ABoxThatNoIterateReachesGivesTheUnboxedIteratesBitForBit) {
  testfn::RosenbrockFn<double> f(100);
  const Vec<double> x0 = testfn::RosenbrockFn<double>::start(100);
  const Bounds<double> far(Vec<double>::Constant(100, -1000), Vec<double>::Constant(100, kInf));
  const StopOptions stop{.gtol = 1e-8, .max_iter = 2000};
  const Result<double> boxed = minimize<double>(f, x0, Lbfgsb<double>(), far, stop);
  const Result<double> free = minimize<double>(f, x0, Lbfgsb<double>(), stop);
  ASSERT_EQ(boxed.status, Status::ConvergedGradient) << boxed.message;
  ASSERT_TRUE(boxed.bounded);
  EXPECT_EQ(boxed.iterations, free.iterations);
  EXPECT_EQ(boxed.evals.f, free.evals.f);
  EXPECT_TRUE(boxed.x == free.x) << "largest difference "
                                 << (boxed.x - free.x).cwiseAbs().maxCoeff();
}

TEST(Lbfgsb, ABoundHoldsAFunctionUnboundedBelow) {
  // f = -x1 - 2 x2 + (x1 - x2)^2 / 10 is unbounded below along (1, 1); on [0, 3] x [-inf, 2] the
  // minimiser is the corner... x2 = 2 at its upper bound, x1 free: df/dx1 = -1 + (x1 - 2)/5 = 0
  // at x1 = 7 > 3, so x1 = 3 too: x* = (3, 2), f* = -7 + 0.1.
  testfn::BoundedProblem p{"linear-ish",
                           2,
                           [](const Vec<double>& x, Vec<double>* g) {
                             const double d = x[0] - x[1];
                             if (g) *g << -1 + d / 5, -2 - d / 5;
                             return -x[0] - 2 * x[1] + d * d / 10;
                           },
                           vec({0, -kInf}),
                           vec({3, 2}),
                           vec({0, 0}),
                           vec({3, 2}),
                           -6.9};
  const Result<double> r = solve<double>(p, 1e-10);
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_EQ(r.x, vec({3, 2}));
  EXPECT_NEAR(r.f, -6.9, 1e-12);
  EXPECT_EQ(r.active.at_upper, (std::vector<Index>{0, 1}));
}

TEST(Lbfgsb, TheSameBitsOnOneTwoAndThreeThreads) {
  // The ring sweeps run on the context's threads in blocks fixed by n (16384 rows): n spans four
  // blocks, and about half the variables end on a bound (c_i = 1.5 cos i outside [-1, 1]), so
  // the Cauchy point, the path products formed with the update, the reduced sums formed anew in
  // the sweep blocks and those kept over the free set (with the update's free products) all run.
  // Every thread count must give the same iterates, bit for bit.
  const Index n = 50000;
  Vec<double> lambda(n), centre(n);
  for (Index i = 0; i < n; ++i) {
    lambda[i] = 1.0 + static_cast<double>(i % 100);
    centre[i] = 1.5 * std::cos(static_cast<double>(i));
  }
  const auto f = [&](const Vec<double>& x, Vec<double>* g) {
    const Vec<double> d = x - centre;
    if (g) *g = lambda.cwiseProduct(d);
    return 0.5 * d.dot(lambda.cwiseProduct(d));
  };
  const Bounds<double> box(n, -1.0, 1.0);
  auto method = make_method<double>("lbfgsb", ParamSet{{"m", "5"}});
  const StopOptions stop{.gtol = 0, .max_iter = 25};
  std::vector<Result<double>> runs;
  for (int threads : {1, 2, 3}) {
    runs.push_back(minimize(f, Vec<double>::Zero(n), *method, box, stop, {}, {},
                            RunContext{.threads = threads}));
  }
  ASSERT_EQ(runs[0].iterations, 25) << runs[0].message;
  EXPECT_GT(runs[0].active.count(), n / 4);  // the box is active: the reduced sweep ran
  for (std::size_t t = 1; t < runs.size(); ++t) {
    EXPECT_EQ(runs[t].iterations, runs[0].iterations) << t + 1 << " threads";
    EXPECT_EQ(runs[t].f, runs[0].f) << t + 1 << " threads";
    EXPECT_TRUE(runs[t].x == runs[0].x) << t + 1 << " threads";
  }
}

TEST(Lbfgsb, StepsDoNotAllocate) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  for (bool bounded : {true, false}) {
    const auto [d_allocs, d_steps] =
        testfn::allocations_in_bounded_steps<double>("lbfgsb", {{"m", "2"}}, 64, bounded);
    const auto [f_allocs, f_steps] =
        testfn::allocations_in_bounded_steps<float>("lbfgsb", {{"m", "2"}}, 64, bounded);
    EXPECT_EQ(d_allocs, 0) << "double, bounded " << bounded;
    EXPECT_EQ(f_allocs, 0) << "float, bounded " << bounded;
    // Enough steps to fill the memory (m = 2) and wrap it.
    EXPECT_GE(d_steps, 4) << "double, bounded " << bounded;
    EXPECT_GE(f_steps, 4) << "float, bounded " << bounded;
  }
}

TEST(Lbfgsb, SettingsByNameAndTheirChecks) {
  const MethodInfo& info = find_method("lbfgsb");
  EXPECT_EQ(info.family, "second-order");
  auto m = make_method<float>("lbfgsb", ParamSet{{"m", "3"}, {"c1", "0.01"}});
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->accepts_bounds());
  EXPECT_FALSE(make_method<double>("lbfgs")->accepts_bounds());
  const auto* typed = dynamic_cast<const Lbfgsb<float>*>(m.get());
  ASSERT_NE(typed, nullptr);
  EXPECT_EQ(typed->params().m, 3);
  EXPECT_DOUBLE_EQ(typed->params().line_search.more_thuente.c1, 0.01);
  // The L-BFGS-B code's line-search constants by default.
  const LbfgsbParams d;
  EXPECT_DOUBLE_EQ(d.line_search.more_thuente.c1, 1e-3);
  EXPECT_DOUBLE_EQ(d.line_search.more_thuente.xtol, 0.1);
  EXPECT_THROW(Lbfgsb<double>({.m = 0}), std::invalid_argument);
  // The search is fixed (only More-Thuente takes the per-iteration largest step): no
  // line_search key, nor the keys of the other searches.
  for (const char* key : {"line_search", "armijo_max_evals", "exact_bits"}) {
    try {
      make_method<double>("lbfgsb", ParamSet{{key, "1"}});
      ADD_FAILURE() << key << " accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("unknown hyperparameter '") + key),
                std::string::npos)
          << e.what();
    }
  }
  EXPECT_NO_THROW(make_method<double>("lbfgsb", ParamSet{{"mt_max_evals", "30"}, {"c2", "0.5"}}));
  EXPECT_THROW(make_method<double>("lbfgsb", ParamSet{{"c2", "0.0001"}}), std::invalid_argument);
  // The typed form refuses another search rather than ignoring it.
  LbfgsbParams armijo;
  armijo.line_search.kind = LineSearchKind::Armijo;
  try {
    Lbfgsb<double> m(armijo);
    ADD_FAILURE() << "armijo accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("lbfgsb line_search: L-BFGS-B needs more_thuente"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace optim
