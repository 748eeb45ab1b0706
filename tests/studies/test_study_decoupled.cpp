// The decoupled-descent demonstration (seed 004_8575ef13f3bfe434.txt section 4.8).
#include <gtest/gtest.h>

#include <cmath>

#include "studies/decoupled.hpp"

namespace optim::studies {
namespace {

TEST(StudyDecoupled, PredictedStepsByHand) {
  EXPECT_EQ(predicted_steps(0.5, 1e-3), 10);  // 0.5^10 = 9.8e-4 <= 1e-3 < 0.5^9
  EXPECT_EQ(predicted_steps(0.1, 1e-6), 6);   // ln 1e-6 / ln 0.1 = 6 (+ rounding up)
  EXPECT_THROW(predicted_steps(1.0, 1e-6), std::invalid_argument);
  EXPECT_THROW(predicted_steps(0.0, 1e-6), std::invalid_argument);
}

TEST(StudyDecoupled, OneEtaConvergesOnOneAxisAndDivergesOnTheOther) {
  DecoupledOptions opt;  // a11 = 1, a22 = 20
  const DecoupledStudy s = run_decoupled_study(opt);
  EXPECT_DOUBLE_EQ(*s.options.eta, 2 / std::sqrt(20.0));
  ASSERT_EQ(s.single.directions.size(), 2u);
  // Axis 1: r = 0.447 < 1, monotone with factor 1 - 0.447; axis 2: r = 8.94 > 2, divergent.
  EXPECT_EQ(s.single.directions[0].observed.regime, Regime::Monotone);
  EXPECT_NEAR(s.single.directions[0].observed.factor, 1 - 2 / std::sqrt(20.0), 1e-9);
  EXPECT_EQ(s.single.directions[1].observed.regime, Regime::Divergent);
  EXPECT_NEAR(s.single.directions[1].observed.factor, 2 * 20 / std::sqrt(20.0) - 1, 1e-9);
  EXPECT_DOUBLE_EQ(s.eta_safe_max, 0.1);
  EXPECT_DOUBLE_EQ(s.kappa, 20);
}

TEST(StudyDecoupled, FlatAxisSetsThePaceInsideTheSafeBand) {
  DecoupledOptions opt;
  const DecoupledStudy s = run_decoupled_study(opt);
  ASSERT_EQ(s.safe.size(), 3u);
  // eta = 1/lambda_max: flat factor 1 - 1/20 = 0.95 -> ceil(ln 1e-6 / ln 0.95) = ceil(269.3) = 270.
  EXPECT_EQ(s.safe[0].predicted_iterations, 270);
  // Best fixed eta = 2/21: factor 19/21 on both axes -> ceil(13.8155 / 0.100083) = 139.
  EXPECT_EQ(s.safe[1].predicted_iterations, 139);
  EXPECT_NEAR(s.safe[1].flat_factor, 19.0 / 21, 1e-12);
  EXPECT_NEAR(s.safe[1].steep_factor, 19.0 / 21, 1e-12);
  for (const auto& r : s.safe) {
    SCOPED_TRACE(r.label);
    // The error is exactly geometric, so the observed count equals the prediction unless rounding
    // sits on the boundary k: allow one step.
    EXPECT_NEAR(static_cast<double>(r.observed_iterations),
                static_cast<double>(r.predicted_iterations), 1.0);
  }
}

TEST(StudyDecoupled, MethodsOnTheSameQuadratic) {
  DecoupledOptions opt;
  const DecoupledStudy s = run_decoupled_study(opt);
  std::map<std::string, Index> k;
  for (const auto& m : s.methods) k[m.method] = m.iterations_to_tol;
  ASSERT_EQ(k.size(), 6u) << "gd, momentum, nesterov, rmsprop, adam and newton are registered";
  // Newton solves a quadratic in one step (seed 004 4.4).
  EXPECT_EQ(k["newton"], 1);
  // Polyak's heavy ball contracts like (sqrt k - 1)/(sqrt k + 1) = 0.635 per step vs GD's 0.905:
  // about 30 vs 139 steps; Nesterov's 1 - 1/sqrt k = 0.776 about 60.
  EXPECT_GT(k["gd"], 100);
  EXPECT_LT(k["momentum"], k["gd"] / 2);
  EXPECT_LT(k["nesterov"], k["gd"]);
  // RMSProp and Adam rescale each axis (seed 004 6.4.2-6.4.3) and do reach the tolerance.
  EXPECT_GT(k["rmsprop"], 0);
  EXPECT_GT(k["adam"], 0);
}

TEST(StudyDecoupled, BadOptionsThrow) {
  DecoupledOptions opt;
  opt.a22 = 0;
  EXPECT_THROW(run_decoupled_study(opt), std::invalid_argument);
  opt = {};
  opt.eta = -0.1;
  EXPECT_THROW(run_decoupled_study(opt), std::invalid_argument);
  opt = {};
  opt.methods = {"no_such_method"};
  EXPECT_THROW(run_decoupled_study(opt), std::invalid_argument);
}

}  // namespace
}  // namespace optim::studies
