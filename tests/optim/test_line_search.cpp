// Line searches: each satisfies its acceptance conditions, reports failure as a result (never an
// exception), and probes values without gradients where it claims to.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <cmath>

#include "optim/line_search/armijo.hpp"
#include "optim/line_search/exact.hpp"
#include "optim/line_search/factory.hpp"
#include "optim/line_search/more_thuente.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

using testfn::RosenbrockFn;

// Evaluates f and g at x into an Iterate.
template <class S>
Iterate<S> at(Objective<S>& obj, const Vec<S>& x) {
  Iterate<S> it;
  it.resize(x.size());
  it.x = x;
  it.f = obj.evaluate(it.x, &it.g);
  return it;
}

template <class S>
struct SearchCase {
  Iterate<S> cur, out;
  Vec<S> d;
  LineSearchResult<S> res;
};

template <class S>
SearchCase<S> run(LineSearch<S>& ls, Objective<S>& obj, const Vec<S>& x, const Vec<S>& d, S alpha0,
                  EvalCounts* counts = nullptr) {
  SearchCase<S> c;
  c.cur = at(obj, x);
  c.d = d;
  c.out.resize(x.size());
  Evaluator<S> eval(obj);
  ls.resize(x.size());
  c.res = ls.search(eval, c.cur, c.d, alpha0, c.out);
  if (counts) *counts = eval.counts();
  return c;
}

// ---------- interpolation formulas, by hand ----------

TEST(LineSearchArmijo, QuadraticInterpolationIsExactOnAParabola) {
  // phi(a) = (a - 1)^2: phi(0) = 1, phi'(0) = -2, phi(3) = 4; N&W eq. 3.57 gives
  // 2 * 9 / (2 * (4 - 1 + 6)) = 1, the parabola's minimiser.
  EXPECT_DOUBLE_EQ(armijo_quadratic_step(1.0, -2.0, 3.0, 4.0), 1.0);
}

TEST(LineSearchArmijo, CubicInterpolationIsExactOnACubic) {
  // phi(a) = a^3 - 3a + 1: phi(0) = 1, phi'(0) = -3, phi(2) = 3, phi(3) = 19; the local
  // minimiser of the interpolating cubic (N&W eqs. 3.58-3.59) is phi's own, a = 1.
  EXPECT_NEAR(armijo_cubic_step(1.0, -3.0, 2.0, 3.0, 3.0, 19.0), 1.0, 1e-12);
}

// ---------- acceptance conditions ----------

TEST(LineSearchArmijo, SufficientDecreaseOnRosenbrockWithValueOnlyProbes) {
  RosenbrockFn<double> rb(2);
  const Vec<double> x = RosenbrockFn<double>::start(2);
  Vec<double> g(2);
  rb.evaluate(x, &g);
  const Vec<double> d = -g;  // |g| ~ 233: the unit step overshoots badly, forcing backtracking
  ArmijoLineSearch<double> ls;
  EvalCounts counts;
  auto c = run<double>(ls, rb, x, d, 1.0, &counts);
  ASSERT_TRUE(c.res.ok) << c.res.message;
  const double dphi0 = c.cur.g.dot(d);
  EXPECT_LE(c.out.f, c.cur.f + 1e-4 * c.res.alpha * dphi0);  // N&W eq. 3.4
  EXPECT_LT(c.res.alpha, 1.0);
  EXPECT_GT(c.res.evaluations, 2);  // it did backtrack
  // Value-only probes: exactly one gradient, at the accepted point.
  EXPECT_EQ(counts.g, 1);
  // out is consistent with x + alpha d.
  EXPECT_LT((c.out.x - (x + c.res.alpha * d)).norm(), 1e-14);
  Vec<double> g_out(2);
  EXPECT_DOUBLE_EQ(rb.evaluate(c.out.x, &g_out), c.out.f);
  EXPECT_LT((g_out - c.out.g).norm(), 1e-12);
}

TEST(LineSearchArmijo, UnitStepAcceptedWithOneValueAndOneGradient) {
  // On a quadratic the Newton direction with step 1 lands on the minimiser: accepted at once.
  Mat<double> a(2, 2);
  a << 3, 1, 1, 2;
  Vec<double> b(2);
  b << 1, -1;
  testfn::QuadraticFn<double> q(a, b);
  const Vec<double> x = Vec<double>::Zero(2);
  Vec<double> g(2);
  q.evaluate(x, &g);
  const Vec<double> d = -a.ldlt().solve(g);
  ArmijoLineSearch<double> ls;
  EvalCounts counts;
  auto c = run<double>(ls, q, x, d, 1.0, &counts);
  ASSERT_TRUE(c.res.ok);
  EXPECT_EQ(c.res.alpha, 1.0);
  EXPECT_EQ(counts.f, 2);  // one probe + the final value/gradient call
  EXPECT_EQ(counts.g, 1);
}

// Checks the strong Wolfe conditions (N&W eqs. 3.7a, 3.7b) on a finished search.
template <class S>
void expect_strong_wolfe(const SearchCase<S>& c, double c1, double c2, double slack = 0) {
  ASSERT_TRUE(c.res.ok) << c.res.message;
  const double dphi0 = c.cur.g.dot(c.d), dphi = c.out.g.dot(c.d);
  EXPECT_LE(c.out.f, c.cur.f + c1 * c.res.alpha * dphi0 + slack);
  EXPECT_LE(std::abs(dphi), c2 * std::abs(dphi0) + slack);
}

TEST(LineSearchMoreThuente, StrongWolfeOnRosenbrockFromShortAndLongSteps) {
  RosenbrockFn<double> rb(2);
  const Vec<double> x = RosenbrockFn<double>::start(2);
  Vec<double> g(2);
  rb.evaluate(x, &g);
  const Vec<double> d = -g;
  for (double c2 : {0.9, 0.1}) {
    MoreThuenteParams p;
    p.c2 = c2;
    MoreThuenteLineSearch<double> ls(p);
    // 1e-6 forces extrapolation, 1.0 forces interpolation inside a bracket.
    for (double a0 : {1e-6, 1e-3, 1.0}) {
      SCOPED_TRACE("c2 = " + std::to_string(c2) + ", alpha0 = " + std::to_string(a0));
      expect_strong_wolfe(run<double>(ls, rb, x, d, a0), 1e-4, c2);
    }
  }
}

// The test functions of Moré & Thuente (1994), section 5: phi(a) = -a / (a^2 + beta) with
// beta = 2 (c1 = 1e-3, c2 = 0.1) and phi(a) = (a + 0.004)^5 - 2 (a + 0.004)^4 (the paper uses
// c1 = c2 = 0.1; our validation demands c1 < c2, so c1 = 0.05), from initial steps 1e-3 .. 1e3.
// The paper reports convergence within a handful of evaluations from every start; we assert the
// conditions and at most 12 evaluations (not the exact counts, which depend on xtol and rounding).
TEST(LineSearchMoreThuente, PaperFunctionsOneAndTwo) {
  auto f1 = [](double a) { return -a / (a * a + 2.0); };
  auto d1 = [](double a) { return (a * a - 2.0) / ((a * a + 2.0) * (a * a + 2.0)); };
  auto f2 = [](double a) { return std::pow(a + 0.004, 5) - 2.0 * std::pow(a + 0.004, 4); };
  auto d2 = [](double a) { return 5 * std::pow(a + 0.004, 4) - 8 * std::pow(a + 0.004, 3); };
  testfn::OneDimFn<double, decltype(f1), decltype(d1)> phi1(f1, d1);
  testfn::OneDimFn<double, decltype(f2), decltype(d2)> phi2(f2, d2);
  const Vec<double> x0 = Vec<double>::Zero(1), d = Vec<double>::Ones(1);
  for (double a0 : {1e-3, 1e-1, 1e1, 1e3}) {
    SCOPED_TRACE("alpha0 = " + std::to_string(a0));
    MoreThuenteParams p1;
    p1.c1 = 1e-3;
    p1.c2 = 0.1;
    MoreThuenteLineSearch<double> ls1(p1);
    auto c1 = run<double>(ls1, phi1, x0, d, a0);
    expect_strong_wolfe(c1, 1e-3, 0.1);
    EXPECT_LE(c1.res.evaluations, 12);
    MoreThuenteParams p2;
    p2.c1 = 0.05;
    p2.c2 = 0.1;
    MoreThuenteLineSearch<double> ls2(p2);
    auto c2 = run<double>(ls2, phi2, x0, d, a0);
    expect_strong_wolfe(c2, 0.05, 0.1);
    EXPECT_LE(c2.res.evaluations, 12);
  }
}

TEST(LineSearchMoreThuente, FloatStrongWolfeOnRosenbrock) {
  RosenbrockFn<float> rb(2);
  const Vec<float> x = RosenbrockFn<float>::start(2);
  Vec<float> g(2);
  rb.evaluate(x, &g);
  MoreThuenteLineSearch<float> ls;
  // Slack 1e-2 absorbs float rounding: f ~ 24 and phi'(0) = -|g|^2 ~ -5e4 carry absolute errors
  // of about eps_float * 5e4 ~ 6e-3.
  expect_strong_wolfe(run<float>(ls, rb, x, Vec<float>(-g), 1e-3f), 1e-4, 0.9, 1e-2);
}

TEST(LineSearchExact, FindsTheCauchyStepOnAQuadratic) {
  // Along d = -g on f = 1/2 x'Ax - b'x, phi is a parabola with minimiser g'g / g'Ag (seed 003
  // eq. 3; the optimal step of the Taylor model, seed 004 section 4.4).
  Mat<double> a(3, 3);
  a << 4, 1, 0, 1, 3, 1, 0, 1, 2;
  Vec<double> b(3);
  b << 1, 2, 3;
  testfn::QuadraticFn<double> q(a, b);
  const Vec<double> x = Vec<double>::Constant(3, 5.0);
  Vec<double> g(3);
  q.evaluate(x, &g);
  const double expected = g.dot(g) / g.dot(a * g);
  ExactLineSearch<double> ls;
  EvalCounts counts;
  for (double a0 : {1e-4, 1.0, 100.0}) {  // expand, hit, and halve while bracketing
    auto c = run<double>(ls, q, x, Vec<double>(-g), a0, &counts);
    ASSERT_TRUE(c.res.ok) << c.res.message;
    // Brent to 26 bits locates a minimum to ~sqrt(eps) relative: 1e-6 leaves margin.
    EXPECT_NEAR(c.res.alpha, expected, 1e-6 * expected) << "alpha0 = " << a0;
    EXPECT_EQ(counts.g, 1);  // value-only probes
    // At the exact minimiser the new gradient is orthogonal to d.
    EXPECT_LT(std::abs(c.out.g.dot(g)), 1e-6 * g.squaredNorm());
  }
}

// ---------- failure is a result ----------

TEST(LineSearchFailure, AscentDirectionIsAResultNotAnException) {
  RosenbrockFn<double> rb(2);
  const Vec<double> x = RosenbrockFn<double>::start(2);
  Vec<double> g(2);
  rb.evaluate(x, &g);
  for (std::string name : {"armijo", "more_thuente", "exact"}) {
    auto ls = make_line_search<double>(name);
    SearchCase<double> c;
    EvalCounts counts;
    ASSERT_NO_THROW(c = run<double>(*ls, rb, x, g, 1.0, &counts)) << name;  // +g: ascent
    EXPECT_FALSE(c.res.ok) << name;
    EXPECT_NE(c.res.message.find("descent"), std::string::npos) << name << ": " << c.res.message;
    EXPECT_EQ(counts.f, 0) << name;  // refused before evaluating anything
  }
}

TEST(LineSearchFailure, NaNEverywhereAlongTheDirectionFails) {
  // phi is finite only at a <= 0: no step can be accepted.
  auto f = [](double a) { return (a - 1.0) * (a - 1.0); };
  auto df = [](double a) { return 2.0 * (a - 1.0); };
  testfn::OneDimFn<double, decltype(f), decltype(df)> phi(f, df, 0.0);
  const Vec<double> x0 = Vec<double>::Zero(1), d = Vec<double>::Ones(1);
  for (std::string name : {"armijo", "more_thuente", "exact"}) {
    auto ls = make_line_search<double>(name);
    SearchCase<double> c;
    ASSERT_NO_THROW(c = run<double>(*ls, phi, x0, d, 1.0)) << name;
    EXPECT_FALSE(c.res.ok) << name;
    EXPECT_FALSE(c.res.message.empty()) << name;
    EXPECT_LE(c.res.evaluations, 100) << name;
  }
}

TEST(LineSearchRecovery, NaNBeyondAPointIsAvoided) {
  // phi(a) = (a - 1)^2 but NaN beyond a = 1.5; from alpha0 = 10 every search must come back
  // into the domain and accept a finite point with decrease.
  auto f = [](double a) { return (a - 1.0) * (a - 1.0); };
  auto df = [](double a) { return 2.0 * (a - 1.0); };
  testfn::OneDimFn<double, decltype(f), decltype(df)> phi(f, df, 1.5);
  const Vec<double> x0 = Vec<double>::Zero(1), d = Vec<double>::Ones(1);
  for (std::string name : {"armijo", "more_thuente", "exact"}) {
    auto ls = make_line_search<double>(name);
    auto c = run<double>(*ls, phi, x0, d, 10.0);
    ASSERT_TRUE(c.res.ok) << name << ": " << c.res.message;
    EXPECT_TRUE(std::isfinite(c.out.f)) << name;
    EXPECT_LE(c.res.alpha, 1.5) << name;
    EXPECT_LE(c.out.f, 1.0 - 1e-4 * 2.0 * c.res.alpha) << name;  // sufficient decrease
  }
}

TEST(LineSearchRecovery, InfiniteGradientWithFiniteValueIsOutsideTheDomain) {
  // Moré-Thuente tests the finiteness of g through phi'(a) = g'd (one pass instead of two): a
  // trial where f is finite but g has an Inf entry must be treated like a NaN trial, i.e. the
  // search backs off and accepts a point inside the domain, never the Inf-gradient point.
  class InfGradient : public Objective<double> {
   public:
    Index dim() const override { return 2; }
    double evaluate(const Vec<double>& x, Vec<double>* g) override {
      const double f = 0.5 * (x[0] - 1.0) * (x[0] - 1.0) + 0.5 * x[1] * x[1];
      if (g) {
        (*g)[0] = x[0] - 1.0;
        // Inf beyond x0 = 1.5 in the coordinate the direction does not move (d_1 = 0), so the
        // Inf reaches the dot product as Inf * 0 = NaN.
        (*g)[1] = x[0] > 1.5 ? std::numeric_limits<double>::infinity() : x[1];
      }
      return f;
    }
  } obj;
  Vec<double> x0(2), d(2);
  x0 << 0.0, 0.0;
  d << 1.0, 0.0;
  MoreThuenteLineSearch<double> ls;
  auto c = run<double>(ls, obj, x0, d, 10.0);
  ASSERT_TRUE(c.res.ok) << c.res.message;
  EXPECT_LE(c.out.x[0], 1.5);
  EXPECT_TRUE(c.out.g.allFinite());
}

TEST(LineSearchSlope, SuppliedSlopeGivesTheSameSearch) {
  // search() computes phi'(0) = g'd itself; search_with_slope() takes the caller's value (L-BFGS
  // passes the one from its direction). Given the same value, every search must do exactly the
  // same: same step, same number of evaluations, same point.
  RosenbrockFn<double> rb(2);
  const Vec<double> x = RosenbrockFn<double>::start(2);
  Vec<double> g(2);
  rb.evaluate(x, &g);
  const Vec<double> d = -g;
  for (std::string name : {"armijo", "more_thuente", "exact"}) {
    auto ls = make_line_search<double>(name);
    auto a = run<double>(*ls, rb, x, d, 1e-3);
    SearchCase<double> b;
    b.cur = at<double>(rb, x);
    b.out.resize(2);
    Evaluator<double> eval(rb);
    b.res = ls->search_with_slope(eval, b.cur, d, b.cur.g.dot(d), 1e-3, b.out);
    ASSERT_TRUE(a.res.ok && b.res.ok) << name;
    EXPECT_EQ(a.res.alpha, b.res.alpha) << name;
    EXPECT_EQ(a.res.evaluations, b.res.evaluations) << name;
    EXPECT_EQ(a.out.x, b.out.x) << name;
  }
}

// ---------- bad parameters ----------

TEST(LineSearchParams, InvalidValuesThrowNamingTheField) {
  auto expect_msg = [](auto make, const std::string& field) {
    try {
      make();
      ADD_FAILURE() << "no exception for " << field;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  };
  expect_msg([] { ArmijoLineSearch<double>(ArmijoParams{0.0}); }, "c1");
  expect_msg([] { ArmijoLineSearch<double>(ArmijoParams{1.0}); }, "c1");
  expect_msg(
      [] {
        ArmijoParams p;
        p.shrink_lo = 0.6;
        ArmijoLineSearch<double>{p};
      },
      "shrink_lo");
  expect_msg(
      [] {
        ArmijoParams p;
        p.max_evals = 0;
        ArmijoLineSearch<double>{p};
      },
      "max_evals");
  expect_msg(
      [] {
        MoreThuenteParams p;
        p.c1 = 0.5;
        p.c2 = 0.4;
        MoreThuenteLineSearch<double>{p};
      },
      "c1");
  expect_msg(
      [] {
        MoreThuenteParams p;
        p.c2 = 1.0;
        MoreThuenteLineSearch<double>{p};
      },
      "c2");
  expect_msg(
      [] {
        MoreThuenteParams p;
        p.xtol = -1;
        MoreThuenteLineSearch<double>{p};
      },
      "xtol");
  expect_msg(
      [] {
        MoreThuenteParams p;
        p.alpha_max = 1e-30;
        MoreThuenteLineSearch<double>{p};
      },
      "alpha_max");
  expect_msg(
      [] {
        ExactParams p;
        p.expand = 1.0;
        ExactLineSearch<double>{p};
      },
      "expand");
  expect_msg(
      [] {
        ExactParams p;
        p.bits = 80;
        ExactLineSearch<double>{p};
      },
      "bits");
  expect_msg([] { make_line_search<double>("golden"); }, "golden");
}

TEST(LineSearchFailure, NonPositiveInitialStepIsAResult) {
  RosenbrockFn<double> rb(2);
  const Vec<double> x = RosenbrockFn<double>::start(2);
  Vec<double> g(2);
  rb.evaluate(x, &g);
  for (std::string name : {"armijo", "more_thuente", "exact"}) {
    auto ls = make_line_search<double>(name);
    auto c = run<double>(*ls, rb, x, Vec<double>(-g), 0.0);
    EXPECT_FALSE(c.res.ok) << name;
  }
}

}  // namespace
}  // namespace optim
