// Hyperparameter validation of every update rule (std::invalid_argument naming the field, the
// value and the allowed range) and the registry entries of the first-order family.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>

#include "optim/first_order/adagrad.hpp"
#include "optim/first_order/adam.hpp"
#include "optim/first_order/decoupled_decay.hpp"
#include "optim/first_order/gradient_descent.hpp"
#include "optim/first_order/momentum.hpp"
#include "optim/first_order/nesterov.hpp"
#include "optim/first_order/quickprop.hpp"
#include "optim/first_order/rmsprop.hpp"
#include "optim/first_order/rprop.hpp"
#include "optim/minimize.hpp"
#include "optim/registry.hpp"

namespace optim {
namespace {

// Expects fn() to throw std::invalid_argument whose message names `field` and `value`.
void expect_rejects(const std::function<void()>& fn, const std::string& field,
                    const std::string& value) {
  try {
    fn();
    ADD_FAILURE() << "no exception for " << field << " = " << value;
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(field), std::string::npos) << msg;
    EXPECT_NE(msg.find(value), std::string::npos) << msg;
    EXPECT_NE(msg.find("must be"), std::string::npos) << msg;  // states the allowed range
  }
}

TEST(RuleParams, DefaultsAreTheDocumentedOnes) {
  const AdamParams a;  // Kingma & Ba's defaults (seed 003 "Understanding Adam")
  EXPECT_EQ(a.lr, 1e-3);
  EXPECT_EQ(a.beta1, 0.9);
  EXPECT_EQ(a.beta2, 0.999);
  EXPECT_EQ(a.eps, 1e-8);
  EXPECT_FALSE(a.eps_inside);
  const RpropParams r;  // Riedmiller & Braun's factors and bounds
  EXPECT_EQ(r.eta_plus, 1.2);
  EXPECT_EQ(r.eta_minus, 0.5);
  EXPECT_EQ(r.step_min, 1e-6);
  EXPECT_EQ(r.step_max, 50.0);
  EXPECT_EQ(QuickpropParams{}.mu, 1.75);  // Fahlman 1988
}

TEST(RuleParams, BadValuesThrowNamingFieldValueAndRange) {
  expect_rejects([] { GradientDescent<double>({-1.0}); }, "lr", "-1");
  expect_rejects([] { Momentum<double>({0.1, 1.0}); }, "momentum", "1");
  expect_rejects([] { Momentum<float>({0.0, 0.5}); }, "lr", "0");
  expect_rejects([] { Nesterov<double>({0.1, -0.5}); }, "momentum", "-0.5");
  expect_rejects([] { Adagrad<double>({0.1, 0.0, false, 0.0}); }, "eps", "0");
  expect_rejects([] { Adagrad<double>({0.1, 1e-8, false, -1.0}); }, "initial_accumulator", "-1");
  expect_rejects([] { Rmsprop<double>({0.1, 1.5, 1e-8, false}); }, "beta", "1.5");
  AdamParams a;
  a.beta1 = 1.0;
  expect_rejects([a] { Adam<double>{a}; }, "beta1", "1");
  a = {};
  a.beta2 = -0.1;
  expect_rejects([a] { Adam<float>{a}; }, "beta2", "-0.1");
  a = {};
  a.eps = -1e-8;
  expect_rejects([a] { Adam<double>{a}; }, "eps", "-1e-08");
  expect_rejects([] { DecoupledDecay<double>(Adam<double>(), {.weight_decay = -0.01}); },
                 "weight_decay", "-0.01");
  RpropParams r;
  r.eta_minus = 1.0;
  expect_rejects([r] { Rprop<double>{r}; }, "eta_minus", "1");
  r = {};
  r.eta_plus = 0.9;
  expect_rejects([r] { Rprop<double>{r}; }, "eta_plus", "0.9");
  r = {};
  r.step_min = 0;
  expect_rejects([r] { Rprop<double>{r}; }, "step_min", "0");
  r = {};
  r.step_max = 1e-7;
  expect_rejects([r] { Rprop<double>{r}; }, "step_max", "1e-07");
  r = {};
  r.lr = 100;
  expect_rejects([r] { Rprop<double>{r}; }, "lr", "100");
  QuickpropParams q;
  q.mu = 0;
  expect_rejects([q] { Quickprop<double>{q}; }, "mu", "0");
}

TEST(RuleParams, RpropVariantNames) {
  for (auto v : {RpropVariant::RpropMinus, RpropVariant::RpropPlus, RpropVariant::IRpropPlus,
                 RpropVariant::IRpropMinus}) {
    EXPECT_EQ(parse_rprop_variant(to_string(v)), v);
  }
  expect_rejects([] { parse_rprop_variant("rprop*"); }, "variant", "rprop*");
}

TEST(FirstOrderRegistry, EveryRuleIsRegisteredForBothScalars) {
  for (const char* name : {"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw",
                           "amsgrad", "rprop", "quickprop"}) {
    const MethodInfo& info = find_method(name);
    EXPECT_EQ(info.family, "first-order") << name;
    auto mf = make_method<float>(name);
    auto md = make_method<double>(name);
    ASSERT_TRUE(mf && md) << name;
    EXPECT_EQ(md->name(), name);
    EXPECT_EQ(mf->name(), name);
  }
}

TEST(FirstOrderRegistry, HyperparametersFromTextAreValidated) {
  EXPECT_NO_THROW(make_method<double>("rprop", ParamSet{{"variant", "rprop+"}, {"lr", "0.1"}}));
  EXPECT_THROW(make_method<double>("rprop", ParamSet{{"variant", "fast"}}), std::invalid_argument);
  EXPECT_THROW(make_method<double>("adam", ParamSet{{"beta2", "1"}}), std::invalid_argument);
  EXPECT_THROW(make_method<float>("momentum", ParamSet{{"momentum", "abc"}}),
               std::invalid_argument);
  EXPECT_THROW(make_method<double>("adam", ParamSet{{"mu", "1.75"}}), std::invalid_argument);
  EXPECT_NO_THROW(make_method<double>("adam", ParamSet{{"eps_inside", "true"}}));
}

// Decoupled weight decay is one setting of every first-order method (a DecoupledDecay wrapper
// around its rule): adamw is adam with weight_decay 0.01 and amsgrad adam with amsgrad = true, bit
// for bit; on momentum or gd it is SGDW.
TEST(FirstOrderRegistry, DecoupledDecayIsASettingOfEveryRule) {
  auto run = [](const std::string& name, const ParamSet& p) {
    auto m = make_method<double>(name, p);
    StopOptions stop;
    stop.max_iter = 40;
    stop.gtol = 0;
    Vec<double> x0(2);
    x0 << 1.0, -0.5;
    auto f = [](const Vec<double>& x, Vec<double>* g) {
      if (g != nullptr) *g << x[0], 4 * x[1];
      return 0.5 * (x[0] * x[0] + 4 * x[1] * x[1]);
    };
    const Result<double> r = minimize(f, x0, *m, stop);
    EXPECT_EQ(r.method, name);
    return r.x;
  };
  EXPECT_EQ(run("adamw", {}), run("adam", ParamSet{{"weight_decay", "0.01"}}));
  EXPECT_EQ(run("adamw", ParamSet{{"weight_decay", "0"}}), run("adam", {}));
  EXPECT_EQ(run("amsgrad", {}), run("adam", ParamSet{{"amsgrad", "true"}}));
  EXPECT_NE(run("adamw", {}), run("adam", {}));
  // (QuickProp's parabola step lands on this quadratic's minimum exactly, decay or not.)
  EXPECT_NO_THROW(make_method<double>("quickprop", ParamSet{{"weight_decay", "0.1"}}));
  for (const char* name : {"gd", "momentum", "nesterov", "rmsprop", "adagrad", "rprop"}) {
    EXPECT_NE(run(name, ParamSet{{"weight_decay", "0.1"}}), run(name, {})) << name;
    EXPECT_EQ(find_method(name).params[0].name, "lr") << name;
    EXPECT_THROW(make_method<double>(name, ParamSet{{"weight_decay", "-1"}}), std::invalid_argument)
        << name;
  }
  // One update of gd with decay by hand: w1 = (1 - 0.1 * 0.5) w0 - 0.1 g0 = 0.95 (1, -0.5) -
  // 0.1 (1, -2) = (0.85, -0.275).
  auto m = make_method<double>("gd", ParamSet{{"lr", "0.1"}, {"weight_decay", "0.5"}});
  StopOptions one;
  one.max_iter = 1;
  one.gtol = 0;
  Vec<double> x0(2);
  x0 << 1.0, -0.5;
  const auto r = minimize(
      [](const Vec<double>& x, Vec<double>* g) {
        if (g != nullptr) *g << x[0], 4 * x[1];
        return 0.5 * (x[0] * x[0] + 4 * x[1] * x[1]);
      },
      x0, *m, one);
  EXPECT_NEAR(r.x[0], 0.85, 1e-15);
  EXPECT_NEAR(r.x[1], -0.275, 1e-15);
}

}  // namespace
}  // namespace optim
