// Typed construction, the documented first form: settings by designated initialisers and the
// method object passed straight to minimize (L-BFGS, Adam, BFGS, nonlinear CG, momentum), and the
// same run as by-name construction, the second form.
#include <gtest/gtest.h>

#include "optim/first_order/adam.hpp"
#include "optim/first_order/momentum.hpp"
#include "optim/minimize.hpp"
#include "optim/registry.hpp"
#include "optim/second_order/bfgs.hpp"
#include "optim/second_order/lbfgs.hpp"
#include "optim/second_order/nonlinear_cg.hpp"

namespace optim {
namespace {

// f = sum_i (i + 1) (x_i - 1)^2: a stretched bowl, minimum at (1, ..., 1).
template <class S>
S stretched_bowl(const Vec<S>& x, Vec<S>* g) {
  S f = S(0);
  for (Index i = 0; i < x.size(); ++i) {
    const S d = x[i] - S(1), w = static_cast<S>(i + 1);
    f += w * d * d;
    if (g != nullptr) (*g)[i] = S(2) * w * d;
  }
  return f;
}

TEST(TypedMethods, LbfgsFromDesignatedInitialisers) {
  const Lbfgs<double> lbfgs({.m = 6});
  EXPECT_EQ(lbfgs.params().m, 6);
  const Result<double> r = minimize(stretched_bowl<double>, Eigen::VectorXd::Zero(5), lbfgs);
  EXPECT_TRUE(r.converged()) << r.brief_report();
  EXPECT_EQ(r.method, "lbfgs");
  EXPECT_NEAR(r.x[4], 1.0, 1e-6);
  // The same run as by name.
  auto by_name = make_method<double>("lbfgs", ParamSet{{"m", "6"}});
  const Result<double> n = minimize(stretched_bowl<double>, Eigen::VectorXd::Zero(5), *by_name);
  EXPECT_EQ(r.x, n.x);
  EXPECT_EQ(r.iterations, n.iterations);
}

TEST(TypedMethods, AdamFloatUsedDirectly) {
  StopOptions stop;
  stop.max_iter = 4000;
  stop.gtol = 1e-3;
  const Result<float> r =
      minimize(stretched_bowl<float>, Eigen::VectorXf::Zero(3), Adam<float>({.lr = 1e-2}), stop);
  EXPECT_TRUE(r.converged()) << r.brief_report();
  EXPECT_EQ(r.method, "adam");
  EXPECT_NEAR(r.x[0], 1.0f, 1e-2f);
  // Typed Adam equals the registry's adam with the same settings and constant rate, bit for bit.
  auto by_name = make_method<float>("adam", ParamSet{{"lr", "0.01"}});
  const Result<float> n = minimize(stretched_bowl<float>, Eigen::VectorXf::Zero(3), *by_name, stop);
  EXPECT_EQ(r.iterations, n.iterations);
  EXPECT_EQ(r.x, n.x);
}

TEST(TypedMethods, BfgsAndNonlinearCgUsedDirectly) {
  const Result<double> b = minimize(stretched_bowl<double>, Eigen::VectorXd::Zero(4),
                                    Bfgs<double>({.line_search = {.more_thuente = {.c2 = 0.5}}}));
  EXPECT_TRUE(b.converged()) << b.brief_report();
  EXPECT_EQ(b.method, "bfgs");
  const Result<double> c =
      minimize(stretched_bowl<double>, Eigen::VectorXd::Zero(4),
               NonlinearCg<double>({.variant = CgVariant::FletcherReeves,
                                    .line_search = {.more_thuente = {.c2 = 0.1}}}));
  EXPECT_TRUE(c.converged()) << c.brief_report();
  EXPECT_NEAR(c.x[3], 1.0, 1e-5);
}

TEST(TypedMethods, MomentumRuleUsedDirectly) {
  StopOptions stop;
  stop.max_iter = 5000;
  const Result<double> r = minimize(stretched_bowl<double>, Eigen::VectorXd::Zero(3),
                                    Momentum<double>({.lr = 0.02, .momentum = 0.8}), stop);
  EXPECT_TRUE(r.converged()) << r.brief_report();
  EXPECT_EQ(r.method, "momentum");
}

// Typed settings are validated on construction, naming the field.
TEST(TypedMethods, BadTypedSettingsThrow) {
  EXPECT_THROW(Lbfgs<double>({.m = 0}), std::invalid_argument);
  EXPECT_THROW(Adam<float>({.lr = -1.0}), std::invalid_argument);
}

}  // namespace
}  // namespace optim
