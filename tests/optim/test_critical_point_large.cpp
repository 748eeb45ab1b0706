// Critical-point classification at any size: dense eigenvalues up to
// ClassifyOptions::dense_max_dim, Lanczos extremes above it, and a one-line description.
#include <gtest/gtest.h>

#include "optim/second_order/critical_point.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

// f(x) = 1/2 sum_i d_i x_i^2: Hessian diag(d), critical point at 0. Counts the calls that form
// the n x n Hessian (hessian() and the default product), so a test can check that large n never
// does.
class DiagonalQuadratic : public Objective<double>, public HessianProvider<double> {
 public:
  explicit DiagonalQuadratic(Vec<double> d) : d_(std::move(d)) {}
  Index dim() const override { return d_.size(); }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    if (g) *g = d_.cwiseProduct(x);
    return 0.5 * x.dot(d_.cwiseProduct(x));
  }
  void hessian(const Vec<double>&, Mat<double>* h) override {
    ++dense_calls;
    *h = d_.asDiagonal();
  }
  int dense_calls = 0;  // the default hessian_vector() calls hessian() too

 private:
  Vec<double> d_;
};

// One negative eigenvalue (-1) below 999 in [1, 2] (saddle), or all in [1, 2] (minimum).
Vec<double> spectrum(Index n, bool saddle) {
  Vec<double> d(n);
  for (Index i = 0; i < n; ++i) d[i] = 1 + double(i) / double(n);
  if (saddle) d[n / 2] = -1;
  return d;
}

TEST(CriticalPointLarge, DenseAtTwoVariables) {
  testfn::SaddleFn<double> s;
  const auto saddle = classify_point<double>(s, Vec<double>::Zero(2));
  EXPECT_EQ(saddle.kind, CriticalPointKind::Saddle);
  EXPECT_FALSE(saddle.estimated());
  EXPECT_EQ(saddle.negative, 1);
  EXPECT_EQ(saddle.describe().rfind("saddle (eigenvalues", 0), 0u) << saddle.describe();
  DiagonalQuadratic q(spectrum(2, false));
  const auto min = classify_point<double>(q, Vec<double>::Zero(2));
  EXPECT_EQ(min.kind, CriticalPointKind::Minimum);
  EXPECT_FALSE(min.estimated());
  EXPECT_EQ(q.dense_calls, 1);
}

TEST(CriticalPointLarge, LanczosAtOneThousandVariables) {
  {
    DiagonalQuadratic saddle(spectrum(1000, true));
    const auto s = classify_point<double>(saddle, Vec<double>::Zero(1000));
    EXPECT_EQ(s.kind, CriticalPointKind::Saddle) << s.describe();
    EXPECT_TRUE(s.estimated());
    EXPECT_GE(s.negative, 1);
    EXPECT_NEAR(s.smallest(), -1.0, 1e-6);
    EXPECT_NEAR(s.largest(), 2.0, 1e-2);  // clustered top: an estimate from below
    EXPECT_LE(s.largest(), 2.0 + 1e-9);
    EXPECT_EQ(saddle.dense_calls, 0) << "n = 1000 must not form the Hessian";

    DiagonalQuadratic min(spectrum(1000, false));
    const auto m = classify_point<double>(min, Vec<double>::Zero(1000));
    EXPECT_EQ(m.kind, CriticalPointKind::Minimum) << m.describe();
    EXPECT_GE(m.smallest(), 1.0 - 1e-9);
    EXPECT_EQ(min.dense_calls, 0);
  }
}

TEST(CriticalPointLarge, DescriptionIsOneShortLine) {
  DiagonalQuadratic saddle(spectrum(1000, true));
  const std::string text = classify_point<double>(saddle, Vec<double>::Zero(1000)).describe();
  EXPECT_LT(text.size(), 160u) << text;
  EXPECT_EQ(text.find('\n'), std::string::npos);
  EXPECT_EQ(text.rfind("saddle (n = 1000: smallest eigenvalue -1", 0), 0u) << text;
  EXPECT_NE(text.find("estimated (Lanczos, "), std::string::npos) << text;
  // Dense above the listing limit: the extremes and the exact count of negative eigenvalues.
  DiagonalQuadratic dense(spectrum(100, true));
  const std::string d = classify_point<double>(dense, Vec<double>::Zero(100)).describe();
  EXPECT_EQ(d, "saddle (n = 100: smallest eigenvalue -1, largest 1.99, 1 negative)");
}

TEST(CriticalPointLarge, DenseThresholdIsAnOption) {
  DiagonalQuadratic q(spectrum(300, false));
  EXPECT_FALSE(classify_point<double>(q, Vec<double>::Zero(300)).estimated());  // default 300
  ClassifyOptions opts;
  opts.dense_max_dim = 299;
  EXPECT_TRUE(classify_point<double>(q, Vec<double>::Zero(300), opts).estimated());
}

TEST(CriticalPointLarge, FloatObjectiveByDifferences) {
  // A float objective with only hessian(): Lanczos on differences of its float gradient.
  const Vec<float> d = spectrum(400, true).cast<float>();
  testfn::QuadraticFn<float> q(Mat<float>(d.asDiagonal()), Vec<float>::Zero(400));
  const auto info = classify_point<float>(q, Vec<float>::Zero(400));
  EXPECT_TRUE(info.estimated());
  EXPECT_EQ(info.kind, CriticalPointKind::Saddle) << info.describe();
  EXPECT_NEAR(info.smallest(), -1.0f, 1e-3f);
}

}  // namespace
}  // namespace optim
