// Dense BFGS: the inverse update (N&W eq. 6.17) by hand and its secant property; convergence.
#include <gtest/gtest.h>

#include <random>

#include "optim/driver.hpp"
#include "optim/registry.hpp"
#include "optim/second_order/bfgs.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

TEST(Bfgs, InverseUpdateByHand) {
  // H = I, s = (1, 0), y = (2, 0): rho = 1/2, (I - rho s y') = diag(0, 1), so
  // H+ = diag(0, 1) I diag(0, 1) + rho s s' = diag(0.5, 1).
  Mat<double> h = Mat<double>::Identity(2, 2);
  Vec<double> s(2), y(2), hy(2);
  s << 1, 0;
  y << 2, 0;
  bfgs_inverse_update<double>(h, s, y, hy);
  EXPECT_DOUBLE_EQ(h(0, 0), 0.5);
  EXPECT_DOUBLE_EQ(h(0, 1), 0.0);
  EXPECT_DOUBLE_EQ(h(1, 0), 0.0);
  EXPECT_DOUBLE_EQ(h(1, 1), 1.0);
}

TEST(Bfgs, UpdateSatisfiesSecantEquationAndMatchesTheProductFormSeed5) {
  // H+ y = s (the secant equation, seed 003 eq. 17 in inverse form), H+ stays symmetric, and the
  // expanded update equals the product form of N&W eq. 6.17 evaluated literally.
  std::mt19937_64 rng(5);
  std::normal_distribution<double> nd;
  const Index n = 6;
  Mat<double> m(n, n);
  for (Index i = 0; i < n * n; ++i) m.data()[i] = nd(rng);
  Mat<double> h = m * m.transpose() + Mat<double>::Identity(n, n);
  Vec<double> s(n), y(n), hy(n);
  for (Index i = 0; i < n; ++i) s[i] = nd(rng);
  y = (m * m.transpose() + 2 * Mat<double>::Identity(n, n)) * s;  // y's > 0
  const double rho = 1.0 / y.dot(s);
  const Mat<double> i_n = Mat<double>::Identity(n, n);
  const Mat<double> product =
      (i_n - rho * s * y.transpose()) * h * (i_n - rho * y * s.transpose()) +
      rho * s * s.transpose();
  bfgs_inverse_update<double>(h, s, y, hy);
  // Entries are O(10-100); 1e-10 relative covers the different rounding of the two forms.
  EXPECT_LT((h - product).norm(), 1e-10 * product.norm());
  EXPECT_LT((h * y - s).norm(), 1e-10 * s.norm());
  EXPECT_LT((h - h.transpose()).norm(), 1e-12 * h.norm());
}

TEST(Bfgs, RosenbrockDoubleAndFloat) {
  for (Index n : {2, 10}) {
    SCOPED_TRACE("n = " + std::to_string(n));
    testfn::RosenbrockFn<double> rb(n);
    StopOptions stop;
    stop.gtol = 1e-8;
    stop.max_iter = 2000;
    auto res = minimize<double>(rb, testfn::RosenbrockFn<double>::start(n), Bfgs<double>(), stop);
    EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
    EXPECT_LT((res.x - Vec<double>::Ones(n)).norm(), 1e-6);
    // float: gtol 1e-3, see test_newton.cpp (gradient rounding ~1e-4 near x = 1).
    testfn::RosenbrockFn<float> rbf(n);
    StopOptions stopf;
    stopf.gtol = 1e-3;
    stopf.max_iter = 2000;
    auto rf = minimize<float>(rbf, testfn::RosenbrockFn<float>::start(n), Bfgs<float>(), stopf);
    EXPECT_EQ(rf.status, Status::ConvergedGradient) << rf.message;
    EXPECT_LT((rf.x - Vec<float>::Ones(n)).norm(), 1e-2f);
  }
}

TEST(Bfgs, QuadraticTerminatesInAtMostNPlusOneStepsWithExactSearch) {
  // With exact line searches BFGS on a quadratic terminates in at most n steps (N&W section 6.1,
  // quadratic termination). Brent's ~1e-8 relative step accuracy costs at most a step or two.
  const Index n = 4;
  Mat<double> a(n, n);
  a << 4, 1, 0, 0, 1, 3, 1, 0, 0, 1, 2, 0.5, 0, 0, 0.5, 1;
  testfn::QuadraticFn<double> q(a, Vec<double>::Ones(n));
  BfgsParams p;
  p.line_search.kind = LineSearchKind::Exact;
  StopOptions stop;
  stop.gtol = 1e-6;
  auto res = minimize<double>(q, Vec<double>::Zero(n), Bfgs<double>(p), stop);
  EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
  EXPECT_LE(res.iterations, n + 2);
}

TEST(Bfgs, BadHyperparametersThrow) {
  BfgsParams p;
  p.line_search.more_thuente.c2 = 1e-5;  // below c1
  EXPECT_THROW(Bfgs<double>{p}, std::invalid_argument);
  p = {};
  p.curvature_eps = -1;
  EXPECT_THROW(Bfgs<double>{p}, std::invalid_argument);
  p = {};
  p.line_search.kind = LineSearchKind::None;
  EXPECT_THROW(Bfgs<double>{p}, std::invalid_argument);
  EXPECT_THROW(make_method<double>("bfgs", ParamSet{{"m", "3"}}), std::invalid_argument);
}

}  // namespace
}  // namespace optim
