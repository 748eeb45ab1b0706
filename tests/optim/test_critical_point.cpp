// Critical-point classification from the Hessian's eigenvalues (seed 002).
#include <gtest/gtest.h>

#include "optim/second_order/critical_point.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

Mat<double> diag(std::initializer_list<double> v) {
  Vec<double> d(static_cast<Index>(v.size()));
  Index i = 0;
  for (double x : v) d[i++] = x;
  return d.asDiagonal();
}

TEST(CriticalPoint, ClassifiesBySigns) {
  EXPECT_EQ(classify_critical_point<double>(diag({1, 2, 3})).kind, CriticalPointKind::Minimum);
  EXPECT_EQ(classify_critical_point<double>(diag({-1, -2})).kind, CriticalPointKind::Maximum);
  EXPECT_EQ(classify_critical_point<double>(diag({2, -2})).kind, CriticalPointKind::Saddle);
  // A zero eigenvalue with one sign: the second-order test is inconclusive.
  EXPECT_EQ(classify_critical_point<double>(diag({0, 2})).kind, CriticalPointKind::Degenerate);
  EXPECT_EQ(classify_critical_point<double>(diag({0, 0})).kind, CriticalPointKind::Degenerate);
  // Both signs plus a flat direction is still a saddle.
  EXPECT_EQ(classify_critical_point<double>(diag({-1, 0, 1})).kind, CriticalPointKind::Saddle);
}

TEST(CriticalPoint, RotatedSaddleAndCounts) {
  // [[0, 1], [1, 0]] has eigenvalues -1, 1 (a saddle not aligned with the axes).
  Mat<double> h(2, 2);
  h << 0, 1, 1, 0;
  auto info = classify_critical_point<double>(h);
  EXPECT_EQ(info.kind, CriticalPointKind::Saddle);
  EXPECT_EQ(info.positive, 1);
  EXPECT_EQ(info.negative, 1);
  EXPECT_NEAR(info.eigenvalues[0], -1.0, 1e-15);
  EXPECT_NEAR(info.eigenvalues[1], 1.0, 1e-15);
  EXPECT_NE(info.describe().find("saddle"), std::string::npos);
}

TEST(CriticalPoint, ToleranceIsRelativeToTheLargestEigenvalue) {
  // 1e-9 next to 1e3: below sqrt(eps) * 1e3 ~ 1.5e-5, so it counts as zero -> degenerate;
  // with an explicit tolerance 1e-14 it counts as positive -> minimum.
  EXPECT_EQ(classify_critical_point<double>(diag({1e-9, 1e3})).kind, CriticalPointKind::Degenerate);
  EXPECT_EQ(classify_critical_point<double>(diag({1e-9, 1e3}), 1e-14).kind,
            CriticalPointKind::Minimum);
}

TEST(CriticalPoint, OnObjectives) {
  testfn::SaddleFn<double> s;
  EXPECT_EQ(classify_point<double>(s, Vec<double>::Zero(2)).kind, CriticalPointKind::Saddle);
  testfn::RosenbrockFn<double> rb(2);
  EXPECT_EQ(classify_point<double>(rb, Vec<double>::Ones(2)).kind, CriticalPointKind::Minimum);
  testfn::BealeFn<float> beale;
  Vec<float> x(2);
  x << 3.0f, 0.5f;
  EXPECT_EQ(classify_point<float>(beale, x).kind, CriticalPointKind::Minimum);
}

TEST(CriticalPoint, BadInputThrows) {
  EXPECT_THROW(classify_critical_point<double>(Mat<double>(2, 3)), std::invalid_argument);
  EXPECT_THROW(classify_critical_point<double>(Mat<double>(0, 0)), std::invalid_argument);
  Mat<double> h = diag({1, 2});
  h(0, 1) = std::nan("");
  EXPECT_THROW(classify_critical_point<double>(h), std::invalid_argument);
  class NoHess : public Objective<double> {
   public:
    Index dim() const override { return 1; }
    double evaluate(const Vec<double>& x, Vec<double>*) override { return x[0]; }
  } f;
  EXPECT_THROW(classify_point<double>(f, Vec<double>::Zero(1)), std::invalid_argument);
}

TEST(CriticalPoint, BealeDerivativesMatchFiniteDifferences) {
  // The test objectives' exact derivatives are what the classification relies on: central
  // differences with h = 1e-6 agree to ~1e-8 relative (truncation h^2 ~ 1e-12, rounding
  // eps/h ~ 1e-10, times the scale of f ~ 10-100).
  testfn::BealeFn<double> f;
  Vec<double> x(2), g(2), gp(2), gm(2);
  x << 0.7, -1.3;
  f.evaluate(x, &g);
  Mat<double> h(2, 2);
  f.hessian(x, &h);
  const double step = 1e-6;
  for (Index i = 0; i < 2; ++i) {
    Vec<double> e = Vec<double>::Zero(2);
    e[i] = step;
    const double fd = (f.value(x + e) - f.value(x - e)) / (2 * step);
    EXPECT_NEAR(g[i], fd, 1e-6 * std::max(1.0, std::abs(g[i])));
    f.evaluate(x + e, &gp);
    f.evaluate(x - e, &gm);
    const Vec<double> col = (gp - gm) / (2 * step);
    EXPECT_NEAR((h.col(i) - col).norm(), 0.0, 1e-6 * std::max(1.0, h.norm()));
  }
}

}  // namespace
}  // namespace optim
