// The proximal L1 step around a first-order rule: after the rule's step, x_i <- sign(x_i)
// max(|x_i| - eta mu, 0) on the covered coordinates only (Duchi & Singer 2009), on hand values.
#include <gtest/gtest.h>

#include <memory>

#include "optim/first_order/gradient_descent.hpp"
#include "optim/first_order/proximal_l1.hpp"
#include "optim/first_order/stepper.hpp"

namespace optim {
namespace {

TEST(ProximalL1, SoftThresholdsTheCoveredCoordinatesAfterTheRulesStep) {
  // Gradient descent with lr 0.5 and mu 0.2: eta mu = 0.1. The clamped and untouched values are
  // exact; 0.1 is no binary fraction, so the shrunk ones are compared within 4 ulps.
  auto gd = std::make_shared<const GradientDescent<double>>(GradientDescentParams{.lr = 0.5});
  const ProximalL1<double> rule(gd, 0.2, {{0, 4}});  // coordinates 0..3; 4 is not covered
  EXPECT_EQ(rule.name(), "gd");
  Stepper<double> step(std::make_shared<const ProximalL1<double>>(rule), 5);
  Vec<double> x(5), g(5);
  x << 0.375, -0.25, 0.0625, -0.03125, 0.0625;
  g << 0.25, 0.0, 0.0, 0.0, 0.0;
  step(x, g);
  // gd: x - 0.5 g = (0.25, -0.25, 0.0625, -0.03125, 0.0625); then shrink by 0.1 or clamp to 0.
  EXPECT_DOUBLE_EQ(x[0], 0.25 - 0.1);
  EXPECT_DOUBLE_EQ(x[1], -0.25 + 0.1);
  EXPECT_EQ(x[2], 0.0);  // |0.0625| <= 0.1: exactly zero
  EXPECT_EQ(x[3], 0.0);
  EXPECT_EQ(x[4], 0.0625);  // outside the covered range: the rule's step only
  // A zero stays zero under a zero gradient (the prox of 0 is 0), a covered set empty means all.
  const ProximalL1<double> all(gd, 0.2);
  Stepper<double> step_all(std::make_shared<const ProximalL1<double>>(all), 5);
  step_all(x, Vec<double>::Zero(5));
  EXPECT_EQ(x[2], 0.0);
  EXPECT_EQ(x[4], 0.0);  // 0.0625 - 0.1 < 0
  EXPECT_DOUBLE_EQ(x[0], 0.15 - 0.1);
}

TEST(ProximalL1, ZeroMuLeavesTheRuleBitForBit) {
  auto gd = std::make_shared<const GradientDescent<float>>(GradientDescentParams{.lr = 0.3});
  Stepper<float> plain(gd, 3), prox(std::make_shared<const ProximalL1<float>>(gd, 0.0), 3);
  Vec<float> a(3), b, g(3);
  a << 0.7f, -1.3f, 2.1f;
  g << 0.11f, -0.5f, 0.9f;
  b = a;
  for (int k = 0; k < 4; ++k) {
    plain(a, g);
    prox(b, g);
  }
  EXPECT_EQ(a, b);
}

TEST(ProximalL1, BadSettingsAreRefused) {
  auto gd = std::make_shared<const GradientDescent<double>>(GradientDescentParams{});
  EXPECT_THROW(ProximalL1<double>(gd, -1.0), std::invalid_argument);
  EXPECT_THROW(ProximalL1<double>(nullptr, 1.0), std::invalid_argument);
  EXPECT_THROW(ProximalL1<double>(gd, 1.0, {{0, 3}, {2, 2}}), std::invalid_argument);  // overlap
  const ProximalL1<double> rule(gd, 1.0, {{2, 4}});
  EXPECT_THROW((void)rule.start(5), std::invalid_argument);  // [2, 6) does not fit n = 5
  EXPECT_NO_THROW((void)rule.start(6));
}

}  // namespace
}  // namespace optim
