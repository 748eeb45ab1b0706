// Linear conjugate gradient (seed 003 eqs. 14-16) and nonlinear CG (FR, PR+, HS, DY).
#include <gtest/gtest.h>

#include <Eigen/QR>
#include <cmath>
#include <random>

#include "optim/driver.hpp"
#include "optim/registry.hpp"
#include "optim/second_order/linear_cg.hpp"
#include "optim/second_order/nonlinear_cg.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

// SPD A = Q diag(lambda) Q' with Q a random orthogonal matrix and lambda log-spaced in [1, cond].
Mat<double> random_spd(Index n, double cond, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd;
  Mat<double> m(n, n);
  for (Index i = 0; i < n * n; ++i) m.data()[i] = nd(rng);
  const Mat<double> q = Eigen::HouseholderQR<Mat<double>>(m).householderQ();
  Vec<double> lam(n);
  for (Index i = 0; i < n; ++i) lam[i] = std::pow(cond, double(i) / double(n - 1));
  return q * lam.asDiagonal() * q.transpose();
}

TEST(LinearCg, ExactInAtMostNStepsOnRandomSpdN20Seed20261125) {
  // Eigenvalues log-spaced in [1, 10]. The Chebyshev bound 2 ((sqrt(10)-1)/(sqrt(10)+1))^20 ~ 4e-6
  // is what convergence alone would promise after n = 20 steps; reaching 1e-10 relative there is
  // finite termination (N&W Theorem 5.1). Rounding over 20 steps at condition 10 costs ~1e-14.
  const std::uint64_t seed = 20261125;
  const Index n = 20;
  const Mat<double> a = random_spd(n, 10.0, seed);
  std::mt19937_64 rng(seed + 1);
  std::normal_distribution<double> nd;
  Vec<double> b(n);
  for (Index i = 0; i < n; ++i) b[i] = nd(rng);
  Vec<double> x = Vec<double>::Zero(n);
  const auto res = linear_cg<double>(a, b, x, 0.0, n);
  EXPECT_EQ(res.iterations, n);
  EXPECT_LE(res.residual_norm, 1e-10 * b.norm()) << "seed " << seed;
  // Half-way the residual is still large (measured 7e-4): the exactness comes at step n.
  Vec<double> xh = Vec<double>::Zero(n);
  const auto half = linear_cg<double>(a, b, xh, 0.0, n / 2);
  EXPECT_GT(half.residual_norm, 1e-4 * b.norm()) << "seed " << seed;
}

TEST(LinearCg, IllConditionedLosesFiniteTerminationInFloatingPointSeed20261125) {
  // With eigenvalues log-spaced in [1, 1e3], rounding destroys the A-conjugacy of the directions
  // (the known loss of orthogonality of CG/Lanczos): after n steps the residual is still ~5e-2
  // relative (measured), and it takes about 1.5 n steps to reach 1e-10. Exactness in n steps
  // is a property of exact arithmetic; callers should pass a tolerance, not rely on n.
  const std::uint64_t seed = 20261125;
  const Index n = 20;
  const Mat<double> a = random_spd(n, 1e3, seed);
  std::mt19937_64 rng(seed + 1);
  std::normal_distribution<double> nd;
  Vec<double> b(n);
  for (Index i = 0; i < n; ++i) b[i] = nd(rng);
  Vec<double> x = Vec<double>::Zero(n);
  EXPECT_GT(linear_cg<double>(a, b, x, 0.0, n).residual_norm, 1e-3 * b.norm());
  x.setZero();
  const auto res = linear_cg<double>(a, b, x, 1e-10, 2 * n);
  EXPECT_TRUE(res.converged) << res.residual_norm;
  EXPECT_LT(res.iterations, 2 * n);
}

TEST(LinearCg, FirstStepByHand) {
  // A = [[4, 1], [1, 3]], b = (1, 2), x0 = (2, 1): r0 = b - A x0 = (-8, -3) = p0,
  // alpha0 = p'r / p'Ap = 73 / 331 (seed 003 eq. 16), x1 = x0 + alpha0 p0 (eq. 15); after two
  // steps x = A^{-1} b = (1/11, 7/11).
  Mat<double> a(2, 2);
  a << 4, 1, 1, 3;
  Vec<double> b(2), x(2);
  b << 1, 2;
  x << 2, 1;
  linear_cg<double>(a, b, x, 0.0, 1);
  EXPECT_NEAR(x[0], 2 - 8 * 73.0 / 331.0, 1e-15);
  EXPECT_NEAR(x[1], 1 - 3 * 73.0 / 331.0, 1e-15);
  linear_cg<double>(a, b, x, 0.0, 1);  // restarting from x1 is steepest descent, not CG: redo
  Vec<double> y(2);
  y << 2, 1;
  const auto res = linear_cg<double>(a, b, y, 0.0, 2);
  EXPECT_EQ(res.iterations, 2);
  EXPECT_NEAR(y[0], 1.0 / 11.0, 1e-15);
  EXPECT_NEAR(y[1], 7.0 / 11.0, 1e-15);
}

TEST(LinearCg, RecursionMatchesGramSchmidtFormSeed7) {
  // Run the seed's algorithm literally (directions by Gram-Schmidt conjugation, eq. 14; step
  // eq. 16) and compare every iterate with linear_cg's recursive form.
  const Index n = 6;
  const Mat<double> a = random_spd(n, 50.0, 7);
  Vec<double> b = Vec<double>::LinSpaced(n, -1.0, 2.0);
  Vec<double> x = Vec<double>::Zero(n);
  Mat<double> p_prev(n, 0);
  for (Index k = 0; k < n; ++k) {
    const Vec<double> r = b - a * x;
    const Vec<double> p = gram_schmidt_conjugate<double>(a, r, p_prev);
    x += (p.dot(r) / p.dot(a * p)) * p;
    p_prev.conservativeResize(n, k + 1);
    p_prev.col(k) = p;
    Vec<double> xr = Vec<double>::Zero(n);
    linear_cg<double>(a, b, xr, 0.0, k + 1);
    // Both are exact-arithmetic identical; 1e-10 allows for rounding at condition 50.
    EXPECT_LT((xr - x).norm(), 1e-10 * x.norm()) << "k = " << k;
  }
  // The directions are mutually A-conjugate.
  const Mat<double> c = p_prev.transpose() * a * p_prev;
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < i; ++j) EXPECT_LT(std::abs(c(i, j)), 1e-9 * std::sqrt(c(i, i) * c(j, j)));
}

TEST(LinearCg, BadInputThrows) {
  Mat<double> a(2, 2);
  a << 1, 0, 0, -1;
  Vec<double> b = Vec<double>::Ones(2), x = Vec<double>::Zero(2);
  EXPECT_THROW(linear_cg<double>(a, b, x), std::invalid_argument);  // not positive definite
  Vec<double> x3 = Vec<double>::Zero(3);
  EXPECT_THROW(linear_cg<double>(Mat<double>::Identity(2, 2), b, x3), std::invalid_argument);
  EXPECT_THROW(linear_cg<double>(Mat<double>::Identity(2, 2), b, x, -1.0), std::invalid_argument);
}

TEST(NonlinearCg, BetaFormulasByHand) {
  // g = (1, 2), g_prev = (3, -1), d_prev = (-3, 1): g'g = 5, g_prev'g_prev = 10,
  // y = g - g_prev = (-2, 3), g'y = 4, y'd_prev = 9.
  Vec<double> g(2), gp(2), dp(2), y(2);
  g << 1, 2;
  gp << 3, -1;
  dp << -3, 1;
  EXPECT_DOUBLE_EQ(cg_beta<double>(CgVariant::FletcherReeves, g, gp, dp, y), 0.5);
  EXPECT_DOUBLE_EQ(cg_beta<double>(CgVariant::PolakRibierePlus, g, gp, dp, y), 0.4);
  EXPECT_DOUBLE_EQ(cg_beta<double>(CgVariant::HestenesStiefel, g, gp, dp, y), 4.0 / 9.0);
  EXPECT_DOUBLE_EQ(cg_beta<double>(CgVariant::DaiYuan, g, gp, dp, y), 5.0 / 9.0);
  // PR+ clips a negative PR value: g = (1, 0), g_prev = (2, 0) gives g'y / 4 = -1/4 -> 0.
  g << 1, 0;
  gp << 2, 0;
  EXPECT_DOUBLE_EQ(cg_beta<double>(CgVariant::PolakRibierePlus, g, gp, dp, y), 0.0);
  // A vanishing denominator yields 0 (restart), not Inf.
  EXPECT_DOUBLE_EQ(cg_beta<double>(CgVariant::FletcherReeves, g, Vec<double>::Zero(2), dp, y), 0);
}

const CgVariant kVariants[] = {CgVariant::FletcherReeves, CgVariant::PolakRibierePlus,
                               CgVariant::HestenesStiefel, CgVariant::DaiYuan};

TEST(NonlinearCg, QuadraticWithExactLineSearchBehavesLikeLinearCg) {
  // On a quadratic with exact line minimisation all four formulas coincide with linear CG and
  // finish in n steps. Brent locates alpha to ~1e-8 relative, which perturbs conjugacy slightly,
  // so allow n + 2 iterations. gtol 1e-6: the exact search compares values, and below
  // f - f* ~ |g|^2 / lambda_min ~ 1e-12 the decrease per step is lost in the rounding of f ~ 1.
  const Index n = 5;
  const Mat<double> a = random_spd(n, 20.0, 11);
  testfn::QuadraticFn<double> q(a, Vec<double>::Ones(n));
  for (auto v : kVariants) {
    NonlinearCgParams p;
    p.variant = v;
    p.line_search.kind = LineSearchKind::Exact;
    p.restart_every = 100;  // no periodic restart inside the n steps
    p.powell_nu = 1.0;
    StopOptions stop;
    stop.gtol = 1e-6;
    auto res = minimize<double>(q, Vec<double>::Zero(n), NonlinearCg<double>(p), stop);
    EXPECT_EQ(res.status, Status::ConvergedGradient) << to_string(v) << ": " << res.message;
    EXPECT_LE(res.iterations, n + 2) << to_string(v);
  }
}

TEST(NonlinearCg, RosenbrockEveryVariantDoubleAndFloat) {
  for (auto v : kVariants) {
    for (Index n : {2, 10}) {
      SCOPED_TRACE(std::string(to_string(v)) + ", n = " + std::to_string(n));
      NonlinearCgParams p;
      p.variant = v;
      testfn::RosenbrockFn<double> rb(n);
      StopOptions stop;
      stop.gtol = 1e-8;
      stop.max_iter = 20000;
      auto res = minimize<double>(rb, testfn::RosenbrockFn<double>::start(n),
                                  NonlinearCg<double>(p), stop);
      EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
      EXPECT_LT((res.x - Vec<double>::Ones(n)).norm(), 1e-6);
      // float: gtol 1e-3 (the gradient near x = 1 is a difference of terms ~400 computed with
      // eps_float ~ 6e-8, so |g| cannot be trusted much below 1e-4).
      testfn::RosenbrockFn<float> rbf(n);
      StopOptions stopf;
      stopf.gtol = 1e-3;
      stopf.max_iter = 20000;
      auto rf =
          minimize<float>(rbf, testfn::RosenbrockFn<float>::start(n), NonlinearCg<float>(p), stopf);
      EXPECT_EQ(rf.status, Status::ConvergedGradient) << rf.message;
      EXPECT_LT((rf.x - Vec<float>::Ones(n)).norm(), 1e-2f);
    }
  }
}

TEST(NonlinearCg, RestartEveryIterationIsSteepestDescent) {
  // restart_every = 1 sets beta = 0 at every step: steepest descent with exact line searches,
  // which zigzags on f = 1/2 (x^2 + 100 y^2) from (100, 1) (the worst case direction, error
  // reduced by (k-1)/(k+1) = 99/101 per step, so ~1000 steps to |g| <= 1e-6). With conjugacy
  // (restart every n = 2) the same problem takes at most n + 2 steps.
  Mat<double> a(2, 2);
  a << 1, 0, 0, 100;
  testfn::QuadraticFn<double> q(a, Vec<double>::Zero(2));
  Vec<double> x0(2);
  x0 << 100, 1;
  StopOptions stop;
  stop.gtol = 1e-6;
  stop.max_iter = 100;
  NonlinearCgParams p;
  p.line_search.kind = LineSearchKind::Exact;
  p.powell_nu = 1.0;
  auto cg = minimize<double>(q, x0, NonlinearCg<double>(p), stop);
  EXPECT_EQ(cg.status, Status::ConvergedGradient) << cg.message;
  EXPECT_LE(cg.iterations, 4);
  p.restart_every = 1;
  auto sd = minimize<double>(q, x0, NonlinearCg<double>(p), stop);
  EXPECT_EQ(sd.status, Status::MaxIterations) << sd.message;
}

TEST(NonlinearCg, LineSearchFailureIsAStatus) {
  // f(x) = -x, finite only for x <= 0, from x = 0: every trial step is NaN.
  auto f = [](double a) { return -a; };
  auto df = [](double) { return -1.0; };
  testfn::OneDimFn<double, decltype(f), decltype(df)> obj(f, df, 0.0);
  auto res = minimize<double>(obj, Vec<double>::Zero(1), NonlinearCg<double>());
  EXPECT_EQ(res.status, Status::LineSearchFailed);
  EXPECT_EQ(res.x[0], 0.0);
}

TEST(NonlinearCg, BadHyperparametersThrow) {
  auto bad = [](auto mutate) {
    NonlinearCgParams p;
    mutate(p);
    EXPECT_THROW(NonlinearCg<double>{p}, std::invalid_argument);
  };
  bad([](NonlinearCgParams& p) { p.restart_every = -1; });
  bad([](NonlinearCgParams& p) { p.powell_nu = 0; });
  bad([](NonlinearCgParams& p) {
    p.line_search.more_thuente.c1 = 0.5;
    p.line_search.more_thuente.c2 = 0.1;
  });
  bad([](NonlinearCgParams& p) { p.line_search.kind = LineSearchKind::None; });
  EXPECT_THROW(parse_cg_variant("polak"), std::invalid_argument);
  EXPECT_EQ(parse_cg_variant("hs"), CgVariant::HestenesStiefel);
  EXPECT_THROW(make_method<double>("cg", ParamSet{{"variant", "xx"}}), std::invalid_argument);
  auto m = make_method<float>("cg", ParamSet{{"variant", "dy"}, {"c2", "0.2"}});
  EXPECT_EQ(m->name(), "cg");
}

}  // namespace
}  // namespace optim
