// The NIST StRD models: analytic Jacobians against forward differences, the certified values
// reproducing the certified RSS (a check of both the model formulas and the data), registry
// entries for both starts.
#include <gtest/gtest.h>

#include <cmath>

#include "optim/least_squares/finite_difference_jacobian.hpp"
#include "problems/nist/nist_model.hpp"
#include "problems/registry.hpp"

namespace optim::problems {
namespace {

TEST(NistModels, JacobiansMatchForwardDifferences) {
  for (const auto& name : nist_dataset_names()) {
    for (int start : {1, 2}) {
      auto p = make_nist_problem<double>(name, start);
      auto& f = dynamic_cast<LeastSquaresObjective<double>&>(*p.objective);
      for (const Vec<double>& x : {p.x0, p.minimizers[0]}) {
        const Index m = f.num_residuals(), n = f.dim();
        Vec<double> r(m);
        Mat<double> j(m, n), fd;
        f.residuals(x, &r, &j);
        central_difference_jacobian<double>(f, x, fd);
        // Central differences carry a relative error ~ cbrt(eps)^2 ~ 4e-11 times the curvature
        // scale; compare column by column relative to the column norm (columns differ by many
        // orders of magnitude, e.g. Hahn1's x^3 terms). The truncation error of an exponential
        // e^{-x b} is ~ (x h)^2 / 6, up to 1e-4 relative for MGH17 (x up to 320, h ~ 1e-5 at
        // start 1); 1e-3 allows that while any wrong or missing term gives an O(1) error.
        for (Index c = 0; c < n; ++c) {
          const double scale = std::max(j.col(c).norm(), 1e-300);
          EXPECT_LT((j.col(c) - fd.col(c)).norm() / scale, 1e-3)
              << name << " start " << start << " column b" << c + 1;
        }
      }
    }
  }
}

TEST(NistModels, CertifiedValuesReproduceTheCertifiedRss) {
  // Evaluated at the certified parameters (11 significant digits) the RSS must match the
  // certified RSS to >= 9 digits. Lanczos1 is the exception: its RSS 1.4e-25 is below the
  // rounding of 11-digit parameters (residual changes ~1e-11 per observation, so RSS ~1e-20); it
  // is checked against that bound instead.
  for (const auto& name : nist_dataset_names()) {
    auto p = make_nist_problem<double>(name, 1);
    const double rss = 2 * p.objective->value(p.minimizers[0]);
    const auto& d = nist_dataset(name);
    if (name == "Lanczos1") {
      EXPECT_LT(rss, 1e-19) << name;
    } else {
      EXPECT_GE(lre(rss, d.rss), 9.0)
          << name << ": RSS at certified values " << rss << ", certified " << d.rss;
    }
  }
}

TEST(NistModels, NelsonIsFittedOnLogY) {
  const auto& d = nist_dataset("Nelson");
  auto p = make_nist_problem<double>("Nelson", 1);
  auto& f = dynamic_cast<LeastSquaresObjective<double>&>(*p.objective);
  Vec<double> r(f.num_residuals());
  const Vec<double> b = p.minimizers[0];
  f.residuals(b, &r, nullptr);
  // r_0 = b1 - b2 x1 exp(-b3 x2) - log y_0, computed by hand from the first observation.
  const double x1 = d.x(0, 0), x2 = d.x(0, 1);
  EXPECT_NEAR(r[0], b[0] - b[1] * x1 * std::exp(-b[2] * x2) - std::log(d.y[0]), 1e-14);
}

TEST(NistModels, RegistryHasBothStartsOfEveryDataset) {
  for (const auto& name : nist_dataset_names()) {
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto& d = nist_dataset(name);
    auto p1 = make_problem<double>("nist_" + lower);
    auto p2 = make_problem<float>("nist_" + lower + "_start2");
    EXPECT_EQ(p1.family, "nist");
    ASSERT_EQ(p1.x0.size(), d.num_params());
    for (Index j = 0; j < p1.x0.size(); ++j) {
      EXPECT_EQ(p1.x0[j], d.start1[j]) << name;
      EXPECT_EQ(p2.x0[j], static_cast<float>(d.start2[j])) << name;
    }
    EXPECT_DOUBLE_EQ(*p1.f_min, d.rss / 2) << name;
  }
  EXPECT_THROW(make_nist_problem<double>("Misra1a", 3), std::invalid_argument);
  EXPECT_THROW(make_nist_problem<double>("Bennett5", 1), std::invalid_argument);
  EXPECT_THROW(make_problem<double>("nist_misra1a", 3), std::invalid_argument);
}

}  // namespace
}  // namespace optim::problems
