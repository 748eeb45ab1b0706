// L-BFGS: the two-loop recursion against dense BFGS on the same pairs, convergence, the
// reset-and-retry path on a line-search failure, and parameter validation.
#include <gtest/gtest.h>

#include <random>

#include "optim/driver.hpp"
#include "optim/registry.hpp"
#include "optim/second_order/bfgs.hpp"
#include "optim/second_order/lbfgs.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

TEST(Lbfgs, TwoLoopEqualsDenseBfgsOnTheSamePairsSeed42) {
  // N&W section 7.2: the two-loop recursion computes H g for H obtained from H0 = gamma I by the
  // BFGS update (eq. 6.17) with the stored pairs, oldest first. Push 7 pairs into a memory of 5
  // so that the ring buffer wraps and the two oldest pairs are dropped.
  const std::uint64_t seed = 42;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd;
  const Index n = 8, m = 5, pushed = 7;
  Mat<double> b(n, n);
  for (Index i = 0; i < n * n; ++i) b.data()[i] = nd(rng);
  const Mat<double> a = b * b.transpose() + Mat<double>::Identity(n, n);  // y = A s: y's > 0
  Mat<double> s_mem(n, m), y_mem(n, m);
  Vec<double> rho(m);
  std::vector<Vec<double>> ss, ys;
  Index newest = -1;
  for (Index k = 0; k < pushed; ++k) {
    Vec<double> s(n);
    for (Index i = 0; i < n; ++i) s[i] = nd(rng);
    const Vec<double> y = a * s;
    ss.push_back(s);
    ys.push_back(y);
    newest = (newest + 1) % m;
    s_mem.col(newest) = s;
    y_mem.col(newest) = y;
    rho[newest] = 1.0 / y.dot(s);
  }
  const double gamma = ss.back().dot(ys.back()) / ys.back().squaredNorm();  // N&W eq. 7.20
  Vec<double> g(n);
  for (Index i = 0; i < n; ++i) g[i] = nd(rng);
  Vec<double> alpha(m), out(n);
  lbfgs_two_loop<double>(s_mem, y_mem, rho, newest, m, gamma, g, alpha, out);

  Mat<double> h = gamma * Mat<double>::Identity(n, n);
  Vec<double> hy(n);
  for (Index k = pushed - m; k < pushed; ++k) bfgs_inverse_update<double>(h, ss[k], ys[k], hy);
  const Vec<double> dense = h * g;
  // Same product computed two ways; 1e-10 relative covers rounding at these scales.
  EXPECT_LT((out - dense).norm(), 1e-10 * dense.norm()) << "seed " << seed;
  // The search-direction form starts from -g; the recursion is linear and rounding is
  // sign-symmetric, so it must be exactly the negation (L-BFGS relies on this: no extra pass).
  Vec<double> neg(n);
  lbfgs_two_loop<double>(s_mem, y_mem, rho, newest, m, gamma, g, alpha, neg, true);
  EXPECT_EQ(neg, (-out).eval()) << "seed " << seed;
  // g'd accumulated in the last sweep (blockwise) is g.dot(d) up to summation order.
  double gd = 0;
  lbfgs_two_loop<double>(s_mem, y_mem, rho, newest, m, gamma, g, alpha, neg, true, &gd);
  EXPECT_NEAR(gd, g.dot(neg), 1e-14 * g.norm() * neg.norm()) << "seed " << seed;
}

TEST(Lbfgs, TwoLoopWithNoPairsIsScaledSteepestDescent) {
  Mat<double> s_mem(3, 2), y_mem(3, 2);
  Vec<double> rho(2), alpha(2), out(3), g(3);
  g << 1, -2, 3;
  lbfgs_two_loop<double>(s_mem, y_mem, rho, 0, 0, 0.5, g, alpha, out);
  EXPECT_EQ(out, 0.5 * g);
}

TEST(Lbfgs, RosenbrockDoubleAndFloat) {
  for (long m : {3L, 10L}) {
    for (Index n : {2, 10}) {
      SCOPED_TRACE("m = " + std::to_string(m) + ", n = " + std::to_string(n));
      LbfgsParams p;
      p.m = m;
      testfn::RosenbrockFn<double> rb(n);
      StopOptions stop;
      stop.gtol = 1e-8;
      stop.max_iter = 2000;
      auto res =
          minimize<double>(rb, testfn::RosenbrockFn<double>::start(n), Lbfgs<double>(p), stop);
      EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
      EXPECT_LT((res.x - Vec<double>::Ones(n)).norm(), 1e-6);
      // float: gtol 1e-3, see test_newton.cpp (gradient rounding ~1e-4 near x = 1).
      testfn::RosenbrockFn<float> rbf(n);
      StopOptions stopf;
      stopf.gtol = 1e-3;
      stopf.max_iter = 2000;
      auto rf = minimize<float>(rbf, testfn::RosenbrockFn<float>::start(n), Lbfgs<float>(p), stopf);
      EXPECT_EQ(rf.status, Status::ConvergedGradient) << rf.message;
      EXPECT_LT((rf.x - Vec<float>::Ones(n)).norm(), 1e-2f);
    }
  }
}

// Rosenbrock that returns NaN for the next `nan_budget` evaluations once armed (by an observer
// after a chosen iteration): a deterministic way to make exactly one line search fail.
class FlakyRosenbrock : public testfn::RosenbrockFn<double> {
 public:
  using RosenbrockFn::RosenbrockFn;
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    if (nan_budget > 0) {
      --nan_budget;
      return std::numeric_limits<double>::quiet_NaN();
    }
    return RosenbrockFn::evaluate(x, g);
  }
  long nan_budget = 0;
};

class ArmAfter : public Observer<double> {
 public:
  ArmAfter(FlakyRosenbrock& f, Index k, long budget) : f_(f), k_(k), budget_(budget) {}
  Status on_iteration(const IterationRecord<double>& rec) override {
    if (rec.k == k_) f_.nan_budget = budget_;
    return Status::Running;
  }

 private:
  FlakyRosenbrock& f_;
  Index k_;
  long budget_;
};

TEST(Lbfgs, LineSearchFailureResetsMemoryAndRetriesOnce) {
  // After iteration 3 the next 20 evaluations are NaN: exactly the Moré-Thuente budget
  // (max_evals = 20), so the quasi-Newton search fails; the retry along -g sees finite values
  // again and the run still converges.
  FlakyRosenbrock f(2);
  ArmAfter arm(f, 3, 20);
  Observer<double>* obs[] = {&arm};
  StopOptions stop;
  stop.gtol = 1e-8;
  stop.max_iter = 500;
  auto res =
      minimize<double>(f, testfn::RosenbrockFn<double>::start(2), Lbfgs<double>(), stop, obs);
  EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
  EXPECT_EQ(f.nan_budget, 0);  // the NaN window was consumed by the failed search

  // A window longer than both searches: the run ends with LineSearchFailed at a finite point.
  FlakyRosenbrock g(2);
  ArmAfter arm2(g, 3, 1000);
  Observer<double>* obs2[] = {&arm2};
  auto bad =
      minimize<double>(g, testfn::RosenbrockFn<double>::start(2), Lbfgs<double>(), stop, obs2);
  EXPECT_EQ(bad.status, Status::LineSearchFailed);
  EXPECT_NE(bad.message.find("resetting"), std::string::npos) << bad.message;
  EXPECT_EQ(bad.iterations, 3);
  EXPECT_TRUE(bad.x.allFinite());
  EXPECT_TRUE(std::isfinite(bad.f));
  // Each failed Moré-Thuente search spends its 20 evaluations: 40 NaN evaluations in all.
  EXPECT_EQ(1000 - g.nan_budget, 40);
}

TEST(Lbfgs, CurvatureSkippingDropsPairs) {
  // With curvature_eps = 1 every pair fails s'y > eps |s||y| (Cauchy-Schwarz), so none is stored
  // and L-BFGS degenerates to steepest descent. With exact line searches from the worst-case
  // start (100, 1) of f = 1/2 (x^2 + 100 y^2), steepest descent zigzags with error ratio 99/101
  // per step (~940 steps to |g| <= 1e-6), so it hits the 100-iteration limit, while with the
  // default eps (1e-10) the pairs are kept and it finishes in a handful of steps.
  Mat<double> a(2, 2);
  a << 1, 0, 0, 100;
  testfn::QuadraticFn<double> q(a, Vec<double>::Zero(2));
  Vec<double> x0(2);
  x0 << 100, 1;
  StopOptions stop;
  stop.gtol = 1e-6;
  stop.max_iter = 100;
  LbfgsParams p;
  p.line_search.kind = LineSearchKind::Exact;
  auto ok = minimize<double>(q, x0, Lbfgs<double>(p), stop);
  EXPECT_EQ(ok.status, Status::ConvergedGradient) << ok.message;
  EXPECT_LE(ok.iterations, 15);
  p.curvature_eps = 1.0;
  auto skipped = minimize<double>(q, x0, Lbfgs<double>(p), stop);
  EXPECT_EQ(skipped.status, Status::MaxIterations) << skipped.message;
}

TEST(Lbfgs, BadHyperparametersThrow) {
  LbfgsParams p;
  p.m = 0;
  try {
    Lbfgs<double> l(p);
    FAIL() << "m = 0 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("m"), std::string::npos) << e.what();
  }
  p = {};
  p.line_search.more_thuente.c1 = 0.95;
  EXPECT_THROW(Lbfgs<double>{p}, std::invalid_argument);
  p = {};
  p.line_search.kind = LineSearchKind::None;
  EXPECT_THROW(Lbfgs<double>{p}, std::invalid_argument);
  EXPECT_THROW(make_method<double>("lbfgs", ParamSet{{"line_search", "golden"}}),
               std::invalid_argument);
  EXPECT_THROW(make_method<double>("lbfgs", ParamSet{{"m", "0"}}), std::invalid_argument);
  EXPECT_THROW(make_method<double>("lbfgs", ParamSet{{"m", "x"}}), std::invalid_argument);
  auto ok = make_method<float>("lbfgs", ParamSet{{"m", "5"}, {"line_search", "armijo"}});
  EXPECT_EQ(ok->name(), "lbfgs");
}

}  // namespace
}  // namespace optim
