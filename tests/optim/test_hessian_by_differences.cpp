// A method that needs the Hessian (Newton) on an objective that has only a gradient: the run
// supplies the Hessian from central differences of the exact gradient, says so in the Result, and
// counts the gradients those differences take. On Rosenbrock the run follows the exact-Hessian run
// closely (the differenced Hessian is accurate to about cbrt(eps)^2 relative).
#include <gtest/gtest.h>

#include "optim/driver.hpp"
#include "optim/second_order/newton.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

// Rosenbrock's value and gradient only: not a HessianProvider.
class GradientOnlyRosenbrock final : public Objective<double> {
 public:
  Index dim() const override { return 2; }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    ++calls_;
    if (g) ++gradient_calls_;
    return inner_.evaluate(x, g);
  }
  Index calls() const { return calls_; }
  Index gradient_calls() const { return gradient_calls_; }

 private:
  testfn::RosenbrockFn<double> inner_;
  Index calls_ = 0, gradient_calls_ = 0;
};

TEST(HessianByDifferences, NewtonRunsOnAGradientOnlyObjective) {
  GradientOnlyRosenbrock gradient_only;
  testfn::RosenbrockFn<double> exact;
  Vec<double> x0(2);
  x0 << -1.2, 1;
  const Newton<double> newton;
  StopOptions stop;
  stop.gtol = 1e-8;
  const Result<double> r = minimize<double>(gradient_only, x0, newton, stop);
  const Result<double> e = minimize<double>(exact, x0, newton, stop);
  ASSERT_TRUE(r.converged()) << r.message;
  EXPECT_EQ(r.hessian_source, HessianSource::GradientDifferences);
  EXPECT_EQ(e.hessian_source, HessianSource::Objective);
  EXPECT_NEAR(r.x[0], 1.0, 1e-7);
  EXPECT_NEAR(r.x[1], 1.0, 1e-7);
  // The same path up to the differences' error: within a few iterations of the exact run.
  EXPECT_NEAR(double(r.iterations), double(e.iterations), 3.0);
  // Every call of the objective is counted: the differences' gradients are f and g evaluations
  // besides the h count, 2n = 4 per central-difference Hessian.
  EXPECT_EQ(r.evals.f, gradient_only.calls());
  EXPECT_EQ(r.evals.g, gradient_only.gradient_calls());
  EXPECT_GE(r.evals.g, 4 * r.evals.h);
}

}  // namespace
}  // namespace optim
