// Each update rule, step by step, against values computed by hand from the seed formula on
// f(w) = 1/2 (w1^2 + 4 w2^2) from w0 = (1, -0.5), so g0 = (1, -2). Float and double.
// Expected numbers: the short ones are derived in the comments; the adaptive rules' were computed
// with an independent scalar re-statement of each formula (plain Python floats, one weight at a
// time) and pasted with 17 digits.
#include <gtest/gtest.h>

#include <vector>

#include "optim/first_order/adagrad.hpp"
#include "optim/first_order/adam.hpp"
#include "optim/first_order/decoupled_decay.hpp"
#include "optim/first_order/gradient_descent.hpp"
#include "optim/first_order/momentum.hpp"
#include "optim/first_order/nesterov.hpp"
#include "optim/first_order/quickprop.hpp"
#include "optim/first_order/rmsprop.hpp"
#include "optim/first_order/rprop.hpp"
#include "rule_test_support.hpp"

namespace optim {
namespace {

using testing::run_tiny;

template <class S>
class RuleSteps : public ::testing::Test {
 protected:
  // Three steps of a few O(1) operations each: double agrees to ~10 ulps of 1; float carries
  // ~1e-7 relative rounding per operation, so 1e-5 leaves room for the square roots and
  // divisions without hiding a wrong formula (the tested effects are >= 1e-3).
  static constexpr double tol = sizeof(S) == 8 ? 1e-13 : 1e-5;

  void expect_path(const UpdateRule<S>& rule, double lr,
                   const std::vector<std::vector<double>>& expected) {
    const auto got = run_tiny<S>(rule, static_cast<int>(expected.size()), lr);
    for (size_t k = 0; k < expected.size(); ++k) {
      for (int i = 0; i < 2; ++i) {
        EXPECT_NEAR(static_cast<double>(got[k][i]), expected[k][i], tol)
            << rule.name() << " step " << k + 1 << " component " << i;
      }
    }
  }
};

using Scalars = ::testing::Types<float, double>;
TYPED_TEST_SUITE(RuleSteps, Scalars);

TYPED_TEST(RuleSteps, GradientDescent) {
  // w <- w - 0.1 g: (1, -0.5) - 0.1 (1, -2) = (0.9, -0.3); then (0.81, -0.18); (0.729, -0.108).
  this->expect_path(GradientDescent<TypeParam>({0.1}), 0.1,
                    {{0.9, -0.3}, {0.81, -0.18}, {0.729, -0.108}});
}

TYPED_TEST(RuleSteps, Momentum) {
  // v1 = -0.1 (1, -2) = (-0.1, 0.2), w1 = (0.9, -0.3); g1 = (0.9, -1.2);
  // v2 = 0.9 v1 - 0.1 g1 = (-0.18, 0.30), w2 = (0.72, 0); g2 = (0.72, 0);
  // v3 = 0.9 v2 - 0.1 g2 = (-0.234, 0.27), w3 = (0.486, 0.27).
  this->expect_path(Momentum<TypeParam>({0.1, 0.9}), 0.1,
                    {{0.9, -0.3}, {0.72, 0.0}, {0.486, 0.27}});
}

TYPED_TEST(RuleSteps, NesterovTakesTheGradientAtTheLookAheadPoint) {
  // Step 1 (v0 = 0): as momentum, W1 = (0.9, -0.3), v1 = (-0.1, 0.2).
  // Step 2: preview W1 + 0.9 v1 = (0.81, -0.12), g = (0.81, -0.48);
  //   v2 = 0.9 v1 - 0.1 g = (-0.171, 0.228), W2 = (0.729, -0.072).
  // Step 3: preview W2 + 0.9 v2 = (0.5751, 0.1332), g = (0.5751, 0.5328);
  //   v3 = (-0.1539 - 0.05751, 0.2052 - 0.05328) = (-0.21141, 0.15192), W3 = (0.51759, 0.07992).
  this->expect_path(Nesterov<TypeParam>({0.1, 0.9}), 0.1,
                    {{0.9, -0.3}, {0.729, -0.072}, {0.51759, 0.07992}});
}

TYPED_TEST(RuleSteps, AdagradEpsOutsideAndInside) {
  // Step 1: A = (1, 4); outside: w1 = 1 - 0.1 / (1 + 0.01) = 0.900990099...;
  // inside: w1 = 1 - 0.1 / sqrt(1.01) = 0.900496281... (eps = 0.01 makes the forms differ).
  this->expect_path(Adagrad<TypeParam>({0.1, 0.01, false, 0.0}), 0.1,
                    {{0.90099009900990101, -0.40049751243781095},
                     {0.83454662384647327, -0.33822368553984233},
                     {0.78218278096354754, -0.29169576820593546}});
  this->expect_path(Adagrad<TypeParam>({0.1, 0.01, true, 0.0}), 0.1,
                    {{0.90049628097900103, -0.40012476611221554},
                     {0.83376343534363395, -0.33769093937239958},
                     {0.78120011653076127, -0.29107450553211039}});
}

TYPED_TEST(RuleSteps, RmspropEpsOutsideAndInside) {
  // Step 1 (beta = 0.9): A = 0.1 (1, 4) = (0.1, 0.4); outside: w1 = 1 - 0.1 / (sqrt(0.1) + 0.01)
  // = 1 - 0.1 / 0.32622777 = 0.69346570.
  this->expect_path(Rmsprop<TypeParam>({0.1, 0.9, 0.01, false}), 0.1,
                    {{0.69346569968284488, -0.18869440758505829},
                     {0.51174175051335491, -0.073589696756078335},
                     {0.38313197060175785, -0.026838347594719369}});
  this->expect_path(Rmsprop<TypeParam>({0.1, 0.9, 0.01, true}), 0.1,
                    {{0.69848865542223637, -0.1876524762227878},
                     {0.51740699439253834, -0.072695462126072127},
                     {0.38872934973390583, -0.026320764067610899}});
}

TYPED_TEST(RuleSteps, AdamBiasCorrectedEpsOutsideAndInside) {
  // Step 1: bias correction makes G_hat = g, A_hat = g^2, so w1 = w0 - 0.1 g / (|g| + 0.01),
  // the same first point as AdaGrad's above (a hand check of the correction itself).
  AdamParams p;
  p.lr = 0.1;
  p.eps = 0.01;
  this->expect_path(Adam<TypeParam>(p), 0.1,
                    {{0.90099009900990101, -0.40049751243781095},
                     {0.80243215628344056, -0.30221753646761018},
                     {0.70466926171502553, -0.2064515459227298}});
  p.eps_inside = true;
  this->expect_path(Adam<TypeParam>(p), 0.1,
                    {{0.90049628097900103, -0.40012476611221554},
                     {0.80145111183185103, -0.3014599872517077},
                     {0.703215022987696, -0.2053142834884715}});
}

TYPED_TEST(RuleSteps, AdamWDecaysBeforeTheAdamStep) {
  // lambda = 0.5: w <- w (1 - 0.1 * 0.5) = 0.95 w first; step 1: 0.95 - 0.0990099 = 0.8509901.
  AdamParams p;
  p.lr = 0.1;
  p.eps = 0.01;
  const DecoupledDecay<TypeParam> rule(Adam<TypeParam>(p), {.weight_decay = 0.5});
  EXPECT_EQ(rule.name(), "adamw");
  EXPECT_EQ(Adam<TypeParam>(p).name(), "adam");
  this->expect_path(rule, 0.1,
                    {{0.85099009900990097, -0.37549751243781093},
                     {0.71023911413003482, -0.25900540639591341},
                     {0.57796358604030096, -0.15202141840396835}});
}

TYPED_TEST(RuleSteps, AmsgradUsesTheRunningMaximum) {
  // beta2 = 0.5 lets the second moment fall at step 3, where A_max keeps the larger value:
  // the two paths agree for two steps and differ at the third.
  AdamParams p;
  p.lr = 0.1;
  p.eps = 0.01;
  p.beta2 = 0.5;
  this->expect_path(Adam<TypeParam>(p), 0.1,
                    {{0.90099009900990101, -0.40049751243781095},
                     {0.80070118892850484, -0.29846057562444578},
                     {0.698097528855808, -0.19132225988914545}});
  p.amsgrad = true;
  Adam<TypeParam> ams(p);
  EXPECT_EQ(ams.name(), "adam");  // an option of Adam; the registry's name is "amsgrad"
  this->expect_path(ams, 0.1,
                    {{0.90099009900990101, -0.40049751243781095},
                     {0.80070118892850484, -0.29846057562444578},
                     {0.69867015020000856, -0.20184480387300952}});
}

// RProp with Delta_0 = 1.5: step 1 moves each weight by 1.5 against the sign of g0 = (1, -2):
// w1 = (-0.5, 1.0), f rises from 1.0 to 2.125, g1 = (-0.5, 4): both signs flip, Delta -> 0.75.
RpropParams rprop_params(RpropVariant v) {
  RpropParams p;
  p.lr = 1.5;
  p.variant = v;
  return p;
}

TYPED_TEST(RuleSteps, RpropMinusShrinksAndStepsOnAFlip) {
  // Step 2: w2 = w1 - sign(g1) 0.75 = (0.25, 0.25); g2 = (0.25, 1): w1-sign flips again
  // (Delta 0.375), w2-sign stays (Delta 0.9): w3 = (0.25 - 0.375, 0.25 - 0.9) = (-0.125, -0.65).
  this->expect_path(Rprop<TypeParam>(rprop_params(RpropVariant::RpropMinus)), 1.5,
                    {{-0.5, 1.0}, {0.25, 0.25}, {-0.125, -0.65}});
}

TYPED_TEST(RuleSteps, RpropPlusBacktracks) {
  // Step 2: flip -> undo step 1, w2 = w0 = (1, -0.5), forget the sign; step 3: g = (1, -2), no
  // adaptation (g_prev = 0), move by Delta = 0.75: w3 = (0.25, 0.25).
  this->expect_path(Rprop<TypeParam>(rprop_params(RpropVariant::RpropPlus)), 1.5,
                    {{-0.5, 1.0}, {1.0, -0.5}, {0.25, 0.25}});
}

TYPED_TEST(RuleSteps, IRpropPlusBacktracksOnlyWhenTheErrorRose) {
  // The error rose (2.125 > 1.0) so step 2 backtracks like rprop+.
  this->expect_path(Rprop<TypeParam>(rprop_params(RpropVariant::IRpropPlus)), 1.5,
                    {{-0.5, 1.0}, {1.0, -0.5}, {0.25, 0.25}});
  // With Delta_0 = 0.6 the first step lowers f (1.0 -> 0.1) while w2's sign flips (g1 = (0.4,
  // 0.4)): no backtracking, that weight stays; w1 grows its step to 0.72: w2 = (-0.32, 0.1).
  RpropParams p = rprop_params(RpropVariant::IRpropPlus);
  p.lr = 0.6;
  this->expect_path(Rprop<TypeParam>(p), 0.6, {{0.4, 0.1}, {-0.32, 0.1}});
}

TYPED_TEST(RuleSteps, IRpropMinusHoldsAFlippedWeight) {
  // Step 2: flip -> no move; step 3: g = (-0.5, 4) with g_prev = 0: move by 0.75: (0.25, 0.25).
  this->expect_path(Rprop<TypeParam>(rprop_params(RpropVariant::IRpropMinus)), 1.5,
                    {{-0.5, 1.0}, {-0.5, 1.0}, {0.25, 0.25}});
}

TYPED_TEST(RuleSteps, RpropRespectsStepBounds) {
  // Delta grows by 1.2 while the sign holds but never beyond step_max = 0.5: from w = (1, -0.5)
  // with Delta_0 = 0.4 weight 1 moves 0.4, then min(0.48, 0.5) = 0.48 ... it stays positive for
  // two steps: 1 - 0.4 = 0.6, 0.6 - 0.48 = 0.12, 0.12 - 0.5 = -0.38 (capped at 0.5, not 0.576).
  RpropParams p = rprop_params(RpropVariant::RpropMinus);
  p.lr = 0.4;
  p.step_max = 0.5;
  const auto got = run_tiny<TypeParam>(Rprop<TypeParam>(p), 3, 0.4);
  EXPECT_NEAR(got[0][0], 0.6, this->tol);
  EXPECT_NEAR(got[1][0], 0.12, this->tol);
  EXPECT_NEAR(got[2][0], -0.38, this->tol);
}

TYPED_TEST(RuleSteps, QuickpropParabolaStepAndGrowthCap) {
  // Step 1 (no previous step): gradient-descent fallback, dw = -0.1 g0 = (-0.1, 0.2),
  // w1 = (0.9, -0.3), g1 = (0.9, -1.2). Step 2 without the gradient term:
  //  weight 2: the slope fell from 2 to 1.2 (<= mu/(1+mu) * 2 = 1.27): parabola step
  //    g1/(g0 - g1) dw = -1.2 / (-2 + 1.2) * 0.2 = 0.3 -> w = 0 exactly (a quadratic's minimum);
  //  weight 1: the slope fell only from 1 to 0.9, the jump 9 dw would exceed mu = 1.75 times the
  //    previous step: dw = 1.75 * (-0.1) = -0.175 -> w = 0.725.
  QuickpropParams p;
  p.lr = 0.1;
  p.gradient_term = false;
  this->expect_path(Quickprop<TypeParam>(p), 0.1, {{0.9, -0.3}, {0.725, 0.0}});
  // With Fahlman's gradient term both weights still slope the same way as their last step, so
  // -0.1 g1 = (-0.09, 0.12) is added: w2 = (0.9 - 0.265, -0.3 + 0.42) = (0.635, 0.12).
  p.gradient_term = true;
  this->expect_path(Quickprop<TypeParam>(p), 0.1, {{0.9, -0.3}, {0.635, 0.12}});
}

}  // namespace
}  // namespace optim
