// Saddle points against minima and the semicircle law (studies/saddles.hpp; seed 002;
// Dauphin et al. 2014).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "studies/saddles.hpp"
#include "support/test_support.hpp"

namespace optim::studies {
namespace {

TEST(StudySaddles, SemicircleDistributionFunction) {
  EXPECT_EQ(semicircle_cdf(-2), 0.0);
  EXPECT_EQ(semicircle_cdf(2), 1.0);
  EXPECT_NEAR(semicircle_cdf(0), 0.5, 1e-15);  // symmetric density
  // F(1) by hand: 1/2 + sqrt(3)/(4 pi) + asin(1/2)/pi = 1/2 + sqrt(3)/(4 pi) + 1/6.
  EXPECT_NEAR(semicircle_cdf(1), 0.5 + std::sqrt(3.0) / (4 * M_PI) + 1.0 / 6, 1e-15);
  // Against the density integrated independently (composite Simpson on [-2, x], 2000 panels;
  // the sqrt edge limits Simpson to O(h^1.5) ~ 1e-6 there).
  for (double x : {-1.5, -0.3, 0.7, 1.9}) {
    const int m = 2000;
    const double h = (x + 2) / m;
    auto rho = [](double t) { return std::sqrt(std::max(0.0, 4 - t * t)) / (2 * M_PI); };
    double sum = rho(-2) + rho(x);
    for (int i = 1; i < m; ++i) sum += (i % 2 ? 4 : 2) * rho(-2 + i * h);
    EXPECT_NEAR(semicircle_cdf(x), sum * h / 3, 1e-5) << x;
  }
}

TEST(StudySaddles, KsDistanceOfTheSemicirclesOwnQuantiles) {
  // The n points F^{-1}((i - 1/2)/n): the empirical function is off by exactly 1/(2n) at each.
  const int n = 50;
  std::vector<double> q;
  for (int i = 1; i <= n; ++i) {
    const double p = (i - 0.5) / n;
    double lo = -2, hi = 2;  // bisection on the increasing F
    for (int k = 0; k < 200; ++k) (semicircle_cdf(0.5 * (lo + hi)) < p ? lo : hi) = 0.5 * (lo + hi);
    q.push_back(0.5 * (lo + hi));
  }
  EXPECT_NEAR(ks_to_semicircle(q), 0.5 / n, 1e-12);
  // All the mass at one point: distance max(F(0), 1 - F(0)) = 1/2.
  EXPECT_NEAR(ks_to_semicircle({0, 0, 0}), 0.5, 1e-15);
}

TEST(StudySaddles, SpearmanByHand) {
  // Ranks (1,2,3,4) and (1,3,2,4): 1 - 6 sum d^2 / (n (n^2 - 1)) = 1 - 12/60 = 0.8.
  EXPECT_NEAR(spearman({1, 2, 3, 4}, {10, 30, 20, 40}), 0.8, 1e-15);
  // A tie gets the mean rank: (1, 2.5, 2.5, 4) against (1, 2, 3, 4): 4.5 / sqrt(4.5 * 5).
  EXPECT_NEAR(spearman({1, 2, 2, 3}, {1, 2, 3, 4}), 4.5 / std::sqrt(22.5), 1e-15);
  EXPECT_NEAR(spearman({1, 2, 3}, {3, 2, 1}), -1, 1e-15);
  EXPECT_EQ(spearman({1, 1, 1}, {1, 2, 3}), 0.0);
}

TEST(StudySaddles, NewtonOnTheGradientNormFindsTheSaddlesOfHimmelblau) {
  // f = (x^2 + y - 11)^2 + (x + y^2 - 7)^2: saddles near (0.0867, 2.8843) and (-3.0730,
  // -0.0814) (Himmelblau 1972), which descent methods leave and Newton on ||g||^2 converges to.
  GradientSystem f;
  f.value_and_gradient = [](const Vec<double>& v, Vec<double>* g) {
    const double x = v[0], y = v[1], a = x * x + y - 11, b = x + y * y - 7;
    if (g) *g << 4 * x * a + 2 * b, 2 * a + 4 * y * b;
    return a * a + b * b;
  };
  f.hessian = [](const Vec<double>& v, Mat<double>* h) {
    const double x = v[0], y = v[1];
    *h << 12 * x * x + 4 * y - 42, 4 * x + 4 * y, 4 * x + 4 * y, 4 * x + 12 * y * y - 26;
  };
  for (auto [x0, y0, xs, ys] : {std::array<double, 4>{0.3, 2.6, 0.0867, 2.8843},
                                std::array<double, 4>{-2.8, -0.3, -3.0730, -0.0814}}) {
    Vec<double> x(2);
    x << x0, y0;
    int iters = 0;
    ASSERT_TRUE(find_critical_point(f, x, 1e-10, 100, &iters));
    EXPECT_NEAR(x[0], xs, 1e-4);  // the published four decimals
    EXPECT_NEAR(x[1], ys, 1e-4);
    EXPECT_LT(iters, 100);
  }
}

TEST(StudySaddles, PointsAreCriticalAndClaimsFollowTheirCriteria) {
  static const SaddlesStudy s = run_saddles_study({});
  const auto& o = s.options;
  EXPECT_EQ(s.dim, 3 * o.hidden + 1);
  EXPECT_EQ(int(s.points.size()) + s.failed + s.failed_descent, o.starts);
  for (const auto& p : s.points) {
    EXPECT_LE(p.grad_norm, o.gtol);
    EXPECT_EQ(p.index, double(p.negative) / double(p.dim));
    EXPECT_LE(p.negative + p.zero, p.dim);
  }
  const auto claims = saddles_claims(s);
  ASSERT_EQ(claims.size(), 3u);
  const bool enough = s.points.size() >= 10;
  EXPECT_EQ(claims[0].agrees, enough && s.rank_correlation >= o.min_rank_correlation);
  EXPECT_EQ(claims[1].agrees, enough && s.low_minimum_share >= o.low_minima &&
                                  s.low_minimum_share > s.high_minimum_share);
  EXPECT_EQ(claims[2].agrees, s.ks <= o.max_ks);
  ASSERT_EQ(s.goe_eigenvalues.size(), size_t(o.goe_n));
  EXPECT_EQ(s.ks, ks_to_semicircle(s.goe_eigenvalues));
}

TEST(StudySaddles, BadOptionsAreRefused) {
  SaddlesOptions o;
  o.starts = 2;
  EXPECT_NE(testing::invalid_argument_message([&] { run_saddles_study(o); }).find("starts"),
            std::string::npos);
  o = {};
  o.gtol = 0;
  EXPECT_NE(testing::invalid_argument_message([&] { run_saddles_study(o); }).find("gtol"),
            std::string::npos);
}

}  // namespace
}  // namespace optim::studies
