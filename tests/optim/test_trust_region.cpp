// Trust-region Newton (optim/second_order/trust_region.hpp) through the driver, with the exact
// and the dogleg subproblem: convergence on Rosenbrock, on Beale from its indefinite start, the
// unbounded saddle descended along its negative curvature, every step accepted on a quadratic
// (the model is exact there), and the Hessian by differences for an objective without one.
#include <gtest/gtest.h>

#include <string>

#include "optim/optim.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

using testfn::BealeFn;
using testfn::QuadraticFn;
using testfn::RosenbrockFn;
using testfn::SaddleFn;

StopOptions tight() {
  StopOptions s;
  s.gtol = 1e-8;
  s.max_iter = 500;
  return s;
}

const ParamSet kExact{};
const ParamSet kDogleg{{"subproblem", "dogleg"}};

TEST(TrustRegion, IsRegisteredWithItsSettings) {
  const MethodInfo& info = find_method("trust-region");
  EXPECT_EQ(info.family, "second-order");
  EXPECT_TRUE(make_method<double>("trust-region")->needs_hessian());
  EXPECT_THROW(make_method<double>("trust-region", {{"subproblem", "cg"}}), std::invalid_argument);
  EXPECT_THROW(make_method<double>("trust-region", {{"delta0", "0"}}), std::invalid_argument);
}

TEST(TrustRegion, ConvergesOnRosenbrock) {
  for (const ParamSet& p : {kExact, kDogleg}) {
    for (const Index n : {2, 20}) {
      SCOPED_TRACE(p.get_string("subproblem", "exact") + " n = " + std::to_string(n));
      RosenbrockFn<double> f(n);
      auto m = make_method<double>("trust-region", p);
      const auto r = minimize<double>(f, RosenbrockFn<double>::start(n), *m, tight());
      ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
      EXPECT_LE((r.x - Vec<double>::Ones(n)).lpNorm<Eigen::Infinity>(), 1e-7);
      EXPECT_LE(r.iterations, 60);
      EXPECT_EQ(r.evals.h, r.iterations);  // one Hessian per iteration, shared by its trials
    }
  }
}

TEST(TrustRegion, ReachesBealesMinimumFromTheIndefiniteStart) {
  for (const ParamSet& p : {kExact, kDogleg}) {
    BealeFn<double> f;
    auto m = make_method<double>("trust-region", p);
    const auto r = minimize<double>(f, Eigen::Vector2d(1, 1), *m, tight());
    ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
    EXPECT_NEAR(r.x[0], 3.0, 1e-7);
    EXPECT_NEAR(r.x[1], 0.5, 1e-7);
  }
}

// x^2 - y^2 from (0.7, 0.3): the exact subproblem uses the negative curvature (lambda > 2), the
// dogleg works on H + 2.001 I = diag(4.001, 0.001), whose Newton step is long along y; both leave
// the saddle behind and f falls without bound.
TEST(TrustRegion, DescendsTheSaddleInsteadOfStoppingAtIt) {
  for (const ParamSet& p : {kExact, kDogleg}) {
    SaddleFn<double> f;
    auto m = make_method<double>("trust-region", p);
    StopOptions s;
    s.max_iter = 10;
    const auto r = minimize<double>(f, Eigen::Vector2d(0.7, 0.3), *m, s);
    EXPECT_EQ(r.status, Status::MaxIterations) << r.message;
    EXPECT_LT(r.f, -100.0);
  }
}

// On a quadratic rho = 1 at every trial: no rejection, one f evaluation per iteration.
TEST(TrustRegion, AcceptsEveryStepOnAQuadratic) {
  const Index n = 6;
  Mat<double> a = Mat<double>::Zero(n, n);
  for (Index i = 0; i < n; ++i) a(i, i) = 1.0 + i * i;
  QuadraticFn<double> f(a, Vec<double>::Constant(n, 3.0));
  for (const ParamSet& p : {kExact, kDogleg}) {
    auto m = make_method<double>("trust-region", p);
    const auto r = minimize<double>(f, Vec<double>::Zero(n), *m, tight());
    ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
    EXPECT_EQ(r.evals.f, r.iterations + 1);
    for (Index i = 0; i < n; ++i) EXPECT_NEAR(r.x[i], 3.0 / (1.0 + i * i), 1e-9);
  }
}

TEST(TrustRegion, HessianByDifferencesForAGradientOnlyObjective) {
  struct GradientOnly final : Objective<double> {
    RosenbrockFn<double> f{4};
    Index dim() const override { return 4; }
    double evaluate(const Vec<double>& x, Vec<double>* g) override { return f.evaluate(x, g); }
  } f;
  auto m = make_method<double>("trust-region");
  const auto r = minimize<double>(f, RosenbrockFn<double>::start(4), *m, tight());
  ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
  EXPECT_EQ(r.hessian_source, HessianSource::GradientDifferences);
  Evaluator<double> eval(f);
  Iterate<double> x0;
  x0.resize(4);
  EXPECT_THROW(m->start(eval, x0), std::invalid_argument);
}

}  // namespace
}  // namespace optim
