// Lanczos extreme eigenvalues against known spectra (optim/second_order/lanczos.hpp).
#include <gtest/gtest.h>

#include <stdexcept>

#include "optim/second_order/lanczos.hpp"
#include "problems/analytic/quadratic.hpp"

namespace optim {
namespace {

// -3, then 498 eigenvalues evenly spaced in [1, 10], then 25: both extremes well separated from
// the rest, so 50 steps pin them to rounding (Kaniel-Paige: the error falls like
// exp(-2 k sqrt(gap / spread)), gap/spread = 4/28 at the bottom).
Vec<double> separated_spectrum(Index n) {
  Vec<double> d(n);
  d[0] = -3;
  for (Index i = 1; i + 1 < n; ++i) d[i] = 1 + 9 * double(i - 1) / double(n - 3);
  d[n - 1] = 25;
  return d;
}

TEST(Lanczos, DiagonalMatrixExtremes) {
  const Vec<double> d = separated_spectrum(500);
  const auto res = lanczos_extreme_eigenvalues<double>(
      500, [&](const Vec<double>& v, Vec<double>* out) { *out = d.cwiseProduct(v); });
  EXPECT_EQ(res.steps, 50);
  EXPECT_NEAR(res.smallest(), -3.0, 1e-9);
  EXPECT_NEAR(res.largest(), 25.0, 1e-9);
  // Ritz values lie inside the spectrum (Cauchy interlacing).
  EXPECT_GE(res.ritz_values.minCoeff(), -3.0 - 1e-9);
  EXPECT_LE(res.ritz_values.maxCoeff(), 25.0 + 1e-9);
}

TEST(Lanczos, FloatOperatorGetsDoubleLanczosArithmetic) {
  const Vec<float> d = separated_spectrum(400).cast<float>();
  const auto res = lanczos_extreme_eigenvalues<float>(
      400, [&](const Vec<float>& v, Vec<float>* out) { *out = d.cwiseProduct(v); });
  EXPECT_NEAR(res.smallest(), -3.0, 1e-4);
  EXPECT_NEAR(res.largest(), 25.0, 1e-4);
}

TEST(Lanczos, RotatedQuadraticProblem) {
  // The registry's quadratic at n = 300: log-spaced eigenvalues 1 .. 100 in a rotated basis.
  // The top is separated (100 vs 98.5) and converges; the bottom is clustered (1 vs 1.016), so
  // after 50 steps the smallest Ritz value is an upper estimate, never below the true minimum.
  auto p = problems::quadratic_problem<double>(300, 100.0);
  auto& q = static_cast<problems::Quadratic<double>&>(*p.objective);
  const Vec<double> x = Vec<double>::Zero(300);
  const auto res = lanczos_extreme_eigenvalues<double>(
      300, [&](const Vec<double>& v, Vec<double>* out) { q.hessian_vector(x, v, out); });
  EXPECT_NEAR(res.largest(), 100.0, 1e-6);
  EXPECT_GE(res.smallest(), 1.0 - 1e-9);
  EXPECT_LT(res.smallest(), 2.0);
}

TEST(Lanczos, InvariantStartStopsAtOnce) {
  // H = 2 I: every vector is an eigenvector, beta_1 = 0, one step gives the exact answer.
  const auto res = lanczos_extreme_eigenvalues<double>(
      1000, [](const Vec<double>& v, Vec<double>* out) { *out = 2.0 * v; });
  EXPECT_EQ(res.steps, 1);
  EXPECT_DOUBLE_EQ(res.smallest(), 2.0);
  EXPECT_DOUBLE_EQ(res.largest(), 2.0);
}

TEST(Lanczos, SmallDimensionTakesAtMostNSteps) {
  Vec<double> d(3);
  d << -1, 0.5, 4;
  const auto res = lanczos_extreme_eigenvalues<double>(
      3, [&](const Vec<double>& v, Vec<double>* out) { *out = d.cwiseProduct(v); });
  EXPECT_LE(res.steps, 3);
  EXPECT_NEAR(res.smallest(), -1.0, 1e-12);
  EXPECT_NEAR(res.largest(), 4.0, 1e-12);
}

TEST(Lanczos, NonFiniteProductAndBadSizesThrow) {
  EXPECT_THROW(lanczos_extreme_eigenvalues<double>(10,
                                                   [](const Vec<double>& v, Vec<double>* out) {
                                                     *out = v;
                                                     (*out)[3] =
                                                         std::numeric_limits<double>::quiet_NaN();
                                                   }),
               std::invalid_argument);
  EXPECT_THROW(lanczos_extreme_eigenvalues<double>(
                   0, [](const Vec<double>& v, Vec<double>* out) { *out = v; }),
               std::invalid_argument);
}

}  // namespace
}  // namespace optim
