// Dolan-Moré performance profiles computed by hand on a 3 x 3 example.
#include <gtest/gtest.h>

#include <limits>

#include "studies/performance_profile.hpp"

namespace optim::studies {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(PerformanceProfile, ThreeByThreeByHand) {
  // Costs (rows = problems, columns = solvers A, B, C); B fails on p2.
  //        A    B    C        best   ratios A, B, C
  //   p0  10   20   40    ->   10    1,   2,   4
  //   p1  30   15   15    ->   15    2,   1,   1
  //   p2  50  inf  100    ->   50    1, inf,   2
  const auto prof =
      performance_profile({{10, 20, 40}, {30, 15, 15}, {50, kInf, 100}}, {"A", "B", "C"});
  EXPECT_EQ(prof.problems, 3);
  EXPECT_DOUBLE_EQ(prof.ratios[0][1], 2.0);
  EXPECT_DOUBLE_EQ(prof.ratios[2][0], 4.0);
  EXPECT_EQ(prof.ratios[1][2], kInf);
  // rho_A: ratios {1, 2, 1}
  EXPECT_DOUBLE_EQ(prof.rho(0, 1.0), 2.0 / 3);
  EXPECT_DOUBLE_EQ(prof.rho(0, 1.5), 2.0 / 3);
  EXPECT_DOUBLE_EQ(prof.rho(0, 2.0), 1.0);
  // rho_B: ratios {2, 1, inf}: never more than 2/3 (it failed on p2)
  EXPECT_DOUBLE_EQ(prof.rho(1, 1.0), 1.0 / 3);
  EXPECT_DOUBLE_EQ(prof.rho(1, 2.0), 2.0 / 3);
  EXPECT_DOUBLE_EQ(prof.rho(1, 1e9), 2.0 / 3);
  // rho_C: ratios {4, 1, 2}
  EXPECT_DOUBLE_EQ(prof.rho(2, 1.0), 1.0 / 3);
  EXPECT_DOUBLE_EQ(prof.rho(2, 3.9), 2.0 / 3);
  EXPECT_DOUBLE_EQ(prof.rho(2, 4.0), 1.0);
  EXPECT_EQ(prof.breakpoints(2), (std::vector<double>{1, 2, 4}));
  EXPECT_DOUBLE_EQ(prof.max_finite_ratio(), 4.0);
}

TEST(PerformanceProfile, ProblemNobodySolvesCountsAgainstEveryone) {
  const auto prof = performance_profile({{1, 2}, {kInf, kInf}}, {"A", "B"});
  EXPECT_DOUBLE_EQ(prof.rho(0, 100), 0.5);
  EXPECT_DOUBLE_EQ(prof.rho(1, 100), 0.5);
  EXPECT_DOUBLE_EQ(prof.rho(1, 1.99), 0.0);
}

TEST(PerformanceProfile, BadInputThrows) {
  EXPECT_THROW(performance_profile({{1, 2}, {3}}, {"A", "B"}), std::invalid_argument);
  EXPECT_THROW(performance_profile({{1, 2}}, {"A"}), std::invalid_argument);
  EXPECT_THROW(performance_profile({{0, 2}}, {"A", "B"}), std::invalid_argument);
  EXPECT_THROW(performance_profile({}, {"A"}), std::invalid_argument);
  const auto prof = performance_profile({{1, 2}}, {"A", "B"});
  EXPECT_THROW(prof.rho(0, 0.5), std::invalid_argument);
  EXPECT_THROW(prof.rho(2, 1.0), std::invalid_argument);
}

}  // namespace
}  // namespace optim::studies
