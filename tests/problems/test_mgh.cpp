// The Moré-Garbow-Hillstrom problems: analytic Jacobians against central differences, the
// published values at the standard start and at known minimisers, registry entries and
// dimension checks.
#include <gtest/gtest.h>

#include <random>

#include "optim/least_squares/finite_difference_jacobian.hpp"
#include "problems/mgh/mgh.hpp"
#include "problems/registry.hpp"

namespace optim::problems {
namespace {

// Dimensions to check for each entry: the default, plus a small one for variable problems.
std::vector<Index> dims_of(const MghEntry& e) {
  std::vector<Index> d{e.default_n};
  if (e.any_dim)
    d.push_back(std::max<Index>(e.min_dim, e.dim_multiple) * (e.dim_multiple > 1 ? 1 : 3));
  return d;
}

TEST(Mgh, JacobiansMatchCentralDifferences) {
  const unsigned seed = 20260;  // perturbation of the start point, printed on failure
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(-0.1, 0.1);
  for (const auto& e : mgh_entries()) {
    for (Index n : dims_of(e)) {
      MghObjective<double> f(e.kind, n);
      Vec<double> x = mgh_start(e.kind, n);
      for (int trial = 0; trial < 2; ++trial) {
        if (trial == 1)  // a nearby generic point (start points may sit on symmetric spots)
          for (Index i = 0; i < n; ++i) x[i] += unit(rng) * std::abs(x[i]) + 0.1 * unit(rng);
        const Index m = f.num_residuals();
        Vec<double> r(m);
        Mat<double> j(m, n), fd;
        f.residuals(x, &r, &j);
        central_difference_jacobian<double>(f, x, fd);
        // Central differences: error ~ cbrt(eps)^2 ~ 4e-11 relative times the curvature scale;
        // 1e-5 of the column norm (plus 1e-8 absolute for empty columns) catches any wrong
        // term, which errs at O(1).
        for (Index c = 0; c < n; ++c) {
          const double err = (j.col(c) - fd.col(c)).norm();
          EXPECT_LE(err, 1e-5 * j.col(c).norm() + 1e-8)
              << e.name << " n=" << n << " column " << c << " trial " << trial << " seed " << seed;
        }
      }
    }
  }
}

TEST(Mgh, PublishedValuesAtTheStandardStart) {
  // F(x0) = sum r^2 at the standard start, from the problem definitions (hand-computed):
  //   Rosenbrock: r = (10 (1 - 1.44), 2.2) -> 19.36 + 4.84 = 24.2
  //   Freudenstein-Roth: r = (-13 + 0.5 + (7 (-2) - 2)(-2), -29 + 0.5 + ((-1)(-2) - 14)(-2))
  //                        = (19.5, -4.5) -> 400.5
  //   Powell singular: r = (3 - 10, -sqrt5, 1, sqrt10 * 4) -> 49 + 5 + 1 + 160 = 215
  //   Wood: (10 (-1 - 9))^2 + 16 + 90 (-1 - 9)^2 + 16 + 10 (-4)^2 + 0 = 10000+16+9000+16+160 =
  //   19192 Helical valley: theta(-1, 0) = 1/2, r = (-50, 0, 0) -> 2500
  const std::vector<std::pair<std::string, double>> cases = {{"rosenbrock", 24.2},
                                                             {"freudenstein_roth", 400.5},
                                                             {"powell_singular", 215},
                                                             {"wood", 19192},
                                                             {"helical_valley", 2500}};
  for (const auto& [name, F] : cases) {
    auto p = make_problem<double>("mgh_" + name);
    EXPECT_NEAR(2 * p.objective->value(p.x0), F, 1e-9 * F) << name;
  }
}

TEST(Mgh, KnownMinimisersGiveThePublishedMinimum) {
  for (const auto& e : mgh_entries()) {
    auto p = make_problem<double>("mgh_" + e.name);
    for (const auto& x : p.minimizers) {
      ASSERT_TRUE(p.f_min.has_value()) << e.name;
      const double f = p.objective->value(x);
      // Minimisers are exact where F* = 0 (f ~ rounding); the paper prints F* to 6 significant
      // digits (Jennrich-Sampson 124.362), so 1e-5 relative.
      EXPECT_NEAR(f, *p.f_min, 1e-5 * std::max(1.0, *p.f_min) + 1e-12) << e.name;
    }
  }
}

TEST(Mgh, RegistryEntriesAndDimensionChecks) {
  EXPECT_GE(mgh_entries().size(), 18u);
  for (const auto& e : mgh_entries()) {
    auto p = make_problem<float>("mgh_" + e.name);
    EXPECT_EQ(p.family, "mgh");
    EXPECT_EQ(p.x0.size(), e.default_n) << e.name;
    EXPECT_EQ(p.objective->dim(), e.default_n) << e.name;
    EXPECT_NE(p.notes.find("F = sum r^2"), std::string::npos) << e.name;
  }
  EXPECT_EQ(make_problem<double>("mgh_extended_rosenbrock", 4).x0.size(), 4);
  EXPECT_THROW(make_problem<double>("mgh_extended_rosenbrock", 5), std::invalid_argument);
  EXPECT_THROW(make_problem<double>("mgh_extended_powell", 6), std::invalid_argument);
  EXPECT_THROW(make_problem<double>("mgh_watson", 40), std::invalid_argument);
  EXPECT_THROW(make_problem<double>("mgh_beale", 3), std::invalid_argument);
  EXPECT_THROW(find_mgh("nope"), std::invalid_argument);
  // Paper minima recorded as F; ours f = F/2.
  EXPECT_DOUBLE_EQ(*make_problem<double>("mgh_bard").f_min, 8.21487e-3 / 2);
  EXPECT_DOUBLE_EQ(*make_problem<double>("mgh_watson", 9).f_min, 1.39976e-6 / 2);
  EXPECT_FALSE(make_problem<double>("mgh_watson", 7).f_min.has_value());
}

}  // namespace
}  // namespace optim::problems
