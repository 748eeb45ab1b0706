// Step-size regimes of GD on quadratics (seed 004_8575ef13f3bfe434.txt sections 4.3-4.6).
#include <gtest/gtest.h>

#include <cmath>

#include "studies/quadratic_model.hpp"
#include "studies/regime.hpp"
#include "studies/step_size.hpp"

namespace optim::studies {
namespace {

TEST(StudyQuadraticModel, ValueGradientMinimizerByHand) {
  // E(w) = 1/2 * 4 w^2 - 3 w + 2: E(1) = 2 - 3 + 2 = 1, E'(1) = 4 - 3 = 1, w* = 3/4,
  // E(w*) = 2 - 9/8 = 7/8.
  QuadraticModel m = QuadraticModel::scalar(4, -3, 2);
  Vec<double> w(1), g(1);
  w << 1;
  EXPECT_DOUBLE_EQ(m.evaluate(w, &g), 1.0);
  EXPECT_DOUBLE_EQ(g[0], 1.0);
  EXPECT_DOUBLE_EQ(m.value(w), 1.0);
  EXPECT_DOUBLE_EQ(m.minimizer()[0], 0.75);
  EXPECT_DOUBLE_EQ(m.min_value(), 0.875);
}

TEST(StudyQuadraticModel, RotatedSpectrumKeepsEigenvaluesAndGradientMatchesDifferences) {
  Vec<double> b(3);
  b << 1, -2, 0.5;
  QuadraticModel m = QuadraticModel::with_spectrum({1, 5, 20}, b, /*rotate=*/true, /*seed=*/7);
  EXPECT_NEAR(m.eigenvalues()[0], 1, 1e-12);
  EXPECT_NEAR(m.eigenvalues()[2], 20, 1e-12);
  EXPECT_NEAR(m.condition_number(), 20, 1e-10);
  EXPECT_GT(std::abs(m.a()(0, 1)), 1e-3) << "rotation (seed 7) should couple the axes";
  Vec<double> x(3), g(3), gp(3);
  x << 0.3, -0.7, 1.1;
  m.evaluate(x, &g);
  // Central differences are exact on a quadratic up to rounding: eps * |E| / h ~ 1e-10.
  const double h = 1e-5;
  for (Index i = 0; i < 3; ++i) {
    Vec<double> xp = x, xm = x;
    xp[i] += h;
    xm[i] -= h;
    EXPECT_NEAR((m.value(xp) - m.value(xm)) / (2 * h), g[i], 1e-8);
  }
  m.evaluate(m.minimizer(), &gp);
  EXPECT_LT(gp.norm(), 1e-12);
}

TEST(StudyQuadraticModel, BadInputThrows) {
  EXPECT_THROW(QuadraticModel::scalar(0, 1), std::invalid_argument);
  EXPECT_THROW(QuadraticModel::scalar(-1, 1), std::invalid_argument);
  EXPECT_THROW(QuadraticModel::with_spectrum({1, -2}, Vec<double>::Zero(2)), std::invalid_argument);
  EXPECT_THROW(QuadraticModel::with_spectrum({1, 2}, Vec<double>::Zero(3)), std::invalid_argument);
  Mat<double> a(2, 2);
  a << 1, 2, 0, 1;
  EXPECT_THROW(QuadraticModel(a, Vec<double>::Zero(2)), std::invalid_argument);
}

TEST(StudyRegime, SeedRuleForRatios) {
  // Seed 004 4.4/4.5 with r = eta / eta_opt.
  EXPECT_EQ(predicted_regime(0.5), Regime::Monotone);
  EXPECT_EQ(predicted_regime(1.0), Regime::OneStep);
  EXPECT_EQ(predicted_regime(1.5), Regime::Oscillating);
  EXPECT_EQ(predicted_regime(2.0), Regime::BoundedOscillation);
  EXPECT_EQ(predicted_regime(2.5), Regime::Divergent);
  EXPECT_DOUBLE_EQ(predicted_factor(0.25), 0.75);
  EXPECT_DOUBLE_EQ(predicted_factor(1.75), 0.75);
  EXPECT_DOUBLE_EQ(predicted_factor(3.0), 2.0);
  EXPECT_THROW(predicted_regime(0), std::invalid_argument);
  EXPECT_THROW(predicted_regime(-1), std::invalid_argument);
}

TEST(StudyRegime, ClassifiesHandSequences) {
  const double floor = 1e-14;
  Observed m = classify_errors({1, 0.5, 0.25, 0.125}, floor, 0.2);
  EXPECT_EQ(m.regime, Regime::Monotone);
  EXPECT_DOUBLE_EQ(m.factor, 0.5);
  EXPECT_EQ(m.sign_changes, 0);
  EXPECT_EQ(m.steps_to_tol, 3);  // 0.125 <= 0.2 first at k = 3
  Observed o = classify_errors({1, -0.5, 0.25, -0.125}, floor);
  EXPECT_EQ(o.regime, Regime::Oscillating);
  EXPECT_DOUBLE_EQ(o.factor, 0.5);
  EXPECT_EQ(o.sign_changes, 3);
  EXPECT_EQ(o.steps_to_tol, -1);
  Observed s = classify_errors({2, 0, 0}, floor);
  EXPECT_EQ(s.regime, Regime::OneStep);
  EXPECT_EQ(s.steps_to_tol, 1);
  EXPECT_EQ(classify_errors({1, -1, 1, -1}, floor).regime, Regime::BoundedOscillation);
  Observed d = classify_errors({1, -2, 4}, floor);
  EXPECT_EQ(d.regime, Regime::Divergent);
  EXPECT_DOUBLE_EQ(d.factor, 2.0);
  // Rounding noise after convergence does not count: the factor comes from the steps above floor.
  Observed r = classify_errors({1, 1e-3, 1e-6, 1e-15, -2e-15}, 1e-14);
  EXPECT_EQ(r.regime, Regime::Monotone);
  EXPECT_EQ(r.steps_used, 2);
  EXPECT_NEAR(r.factor, 1e-3, 1e-15);
  EXPECT_THROW(classify_errors({1}, floor), std::invalid_argument);
  EXPECT_THROW(classify_errors({0, 1}, floor), std::invalid_argument);
}

void expect_seed_rule(const StepSizeStudy& study) {
  for (const auto& run : study.runs) {
    SCOPED_TRACE("ratio " + std::to_string(run.ratio));
    const Regime obs = run.observed();
    if (run.ratio < 1) {
      EXPECT_EQ(obs, Regime::Monotone);
    } else if (run.ratio == 1.0) {
      EXPECT_EQ(obs, Regime::OneStep);
    } else if (run.ratio < 2) {
      EXPECT_EQ(obs, Regime::Oscillating);
    } else if (run.ratio == 2.0) {
      EXPECT_EQ(obs, Regime::BoundedOscillation);
    } else {
      EXPECT_EQ(obs, Regime::Divergent);
    }
    EXPECT_TRUE(run.matches());
    if (obs != Regime::OneStep) {
      // GD on a quadratic contracts by exactly |1 - r| per step. The fitted errors stay >= 1e3 x
      // the rounding floor, so rounding moves the factor by well under 1e-6 relative.
      EXPECT_NEAR(run.observed_factor(), run.predicted_factor(), 1e-6 * run.predicted_factor());
    } else {
      EXPECT_LT(run.observed_factor(), 1e-12);
    }
  }
}

TEST(StudyStepSize, DefaultGridOnUnitCurvatureReproducesSeedRule) {
  StepSizeOptions opt;  // a = 1, b = 0, ratios 0.1 .. 2.5
  const StepSizeStudy study = run_step_size_study(opt);
  ASSERT_EQ(study.runs.size(), 25u);
  EXPECT_DOUBLE_EQ(study.eta_opt, 1.0);
  expect_seed_rule(study);
  // Divergent runs really grow: at r = 2.5 the error multiplies by 1.5 per step.
  EXPECT_GT(study.runs.back().final_error, 1e6);
}

TEST(StudyStepSize, ShiftedQuadraticWithCurvatureFour) {
  // E = 1/2 * 4 w^2 - 3 w + 2: eta_opt = 1/4, w* = 0.75; start at w = 5.
  StepSizeOptions opt;
  opt.spectrum = {4};
  opt.b = {-3};
  opt.c = 2;
  opt.w0 = Vec<double>::Constant(1, 5.0);
  opt.ratios = {0.3, 0.999, 1.0, 1.001, 1.7, 2.0, 2.001, 3.0};
  const StepSizeStudy study = run_step_size_study(opt);
  EXPECT_DOUBLE_EQ(study.eta_opt, 0.25);
  EXPECT_DOUBLE_EQ(study.w_star[0], 0.75);
  expect_seed_rule(study);
  // One step at eta_opt lands on w* (seed 004 4.4: W_min = w - E''^{-1} E').
  EXPECT_LT(study.runs[2].error_norms.at(1), 1e-14);
}

TEST(StudyStepSize, EigenDirectionsOfARotatedQuadraticFollowTheirOwnRatios) {
  // Spectrum {1, 20}: eta_opt = 1/20. At r = 1.5 the steep direction oscillates (1.5) while the
  // flat one creeps monotonically (r_1 = 0.075); at r = 3 the steep one diverges (seed 004 4.6).
  StepSizeOptions opt;
  opt.spectrum = {1, 20};
  opt.b = {1, -1};
  opt.rotate = true;
  opt.ratios = {0.5, 1.0, 1.5, 2.0, 3.0};
  opt.steps = 60;
  const StepSizeStudy study = run_step_size_study(opt);
  EXPECT_DOUBLE_EQ(study.eta_opt, 1.0 / 20);
  for (const auto& run : study.runs) {
    SCOPED_TRACE("ratio " + std::to_string(run.ratio));
    ASSERT_EQ(run.directions.size(), 2u);
    EXPECT_TRUE(run.matches());
    EXPECT_NEAR(run.directions[1].ratio, run.ratio, 1e-12);
    EXPECT_NEAR(run.directions[0].ratio, run.ratio / 20, 1e-12);
    EXPECT_EQ(run.directions[0].observed.regime, Regime::Monotone);
  }
  EXPECT_EQ(study.runs[2].directions[1].observed.regime, Regime::Oscillating);
  EXPECT_EQ(study.runs[2].observed(), Regime::Monotone);  // the slow flat mode dominates
  EXPECT_EQ(study.runs[4].observed(), Regime::Divergent);
}

TEST(StudyStepSize, BadOptionsThrow) {
  StepSizeOptions opt;
  opt.ratios = {0.5, -1};
  EXPECT_THROW(run_step_size_study(opt), std::invalid_argument);
  opt = {};
  opt.spectrum = {0};
  EXPECT_THROW(run_step_size_study(opt), std::invalid_argument);
  opt = {};
  opt.steps = 1;
  EXPECT_THROW(run_step_size_study(opt), std::invalid_argument);
  opt = {};
  opt.b = {1, 2};
  EXPECT_THROW(run_step_size_study(opt), std::invalid_argument);
  opt = {};
  opt.w0 = Vec<double>::Zero(1);  // w* = 0 for b = 0: no error to watch
  EXPECT_THROW(run_step_size_study(opt), std::invalid_argument);
}

}  // namespace
}  // namespace optim::studies
