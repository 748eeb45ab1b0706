// minimize() on plain callables: with a gradient, value only (central finite differences, said in
// the Result), the scalar deduced from x0 (Eigen expressions, float), and the driver's own
// Objective overload still chosen where it applies.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "optim/first_order/adam.hpp"
#include "optim/first_order/gradient_descent.hpp"
#include "optim/minimize.hpp"
#include "optim/observer.hpp"
#include "optim/registry.hpp"
#include "optim/second_order/lbfgs.hpp"
#include "optim/second_order/newton.hpp"

namespace optim {
namespace {

// Rosenbrock f = 100 (x1 - x0^2)^2 + (1 - x0)^2, minimum 0 at (1, 1).
template <class S>
S rosenbrock(const Vec<S>& x) {
  const S a = x[1] - x[0] * x[0], b = S(1) - x[0];
  return S(100) * a * a + b * b;
}

template <class S>
S rosenbrock_with_gradient(const Vec<S>& x, Vec<S>* g) {
  if (g != nullptr) {
    const S a = x[1] - x[0] * x[0];
    (*g)[0] = S(-400) * a * x[0] - S(2) * (S(1) - x[0]);
    (*g)[1] = S(200) * a;
  }
  return rosenbrock(x);
}

Vec<double> start_point() {
  Vec<double> x0(2);
  x0 << -1.2, 1.0;
  return x0;
}

TEST(MinimizeFunction, CallableWithGradient) {
  int calls = 0, gradient_calls = 0;
  auto f = [&](const Vec<double>& x, Vec<double>* g) {
    ++calls;
    if (g != nullptr) ++gradient_calls;
    return rosenbrock_with_gradient(x, g);
  };
  const Result<double> r = minimize(f, start_point(), Lbfgs<double>());
  EXPECT_TRUE(r.converged()) << r.brief_report();
  EXPECT_NEAR(r.x[0], 1.0, 1e-5);
  EXPECT_NEAR(r.x[1], 1.0, 1e-5);
  EXPECT_EQ(r.gradient_source, GradientSource::Objective);
  EXPECT_EQ(r.evals.f, calls);  // every call is counted, none hidden
  EXPECT_GT(gradient_calls, 0);
  EXPECT_EQ(r.brief_report().find("finite differences"), std::string::npos);
}

// The same run as through an Objective subclass: the adapter changes nothing.
TEST(MinimizeFunction, CallableMatchesObjectiveBitForBit) {
  struct Rosen final : Objective<double> {
    Index dim() const override { return 2; }
    double evaluate(const Vec<double>& x, Vec<double>* g) override {
      return rosenbrock_with_gradient(x, g);
    }
  } obj;
  const Lbfgs<double> lbfgs({.m = 5});
  const Result<double> a = minimize<double>(obj, start_point(), lbfgs);
  const Result<double> b = minimize(rosenbrock_with_gradient<double>, start_point(), lbfgs);
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.f, b.f);
}

TEST(MinimizeFunction, ValueOnlyGetsCentralDifferences) {
  long calls = 0;
  auto f = [&](const Vec<double>& x) {
    ++calls;
    return rosenbrock(x);
  };
  const Result<double> r = minimize(f, start_point(), Lbfgs<double>({.m = 6}));
  EXPECT_TRUE(r.converged()) << r.brief_report();
  EXPECT_NEAR(r.x[0], 1.0, 1e-4);
  EXPECT_NEAR(r.x[1], 1.0, 1e-4);
  EXPECT_EQ(r.gradient_source, GradientSource::CentralDifferences);
  EXPECT_NE(r.brief_report().find("gradient by central finite differences"), std::string::npos)
      << r.brief_report();
  // Central differences cost 2n values per gradient: f evals count the calls of f.
  EXPECT_EQ(r.evals.f, calls);
  EXPECT_GE(r.evals.f, 4 * r.evals.g);
}

// A value-only function also gets a finite-difference Hessian, so Newton runs on it.
TEST(MinimizeFunction, ValueOnlyRunsNewton) {
  const Result<double> r =
      minimize([](const Vec<double>& x) { return rosenbrock(x); }, start_point(), Newton<double>());
  EXPECT_TRUE(r.converged()) << r.brief_report();
  EXPECT_NEAR(r.x[0], 1.0, 1e-4);
}

// A callable taking both shapes is used with its gradient.
TEST(MinimizeFunction, CallableWithOptionalGradientUsesIt) {
  auto f = [](const Vec<double>& x, Vec<double>* g = nullptr) {
    return rosenbrock_with_gradient(x, g);
  };
  const Result<double> r = minimize(f, start_point(), Lbfgs<double>());
  EXPECT_EQ(r.gradient_source, GradientSource::Objective);
  EXPECT_TRUE(r.converged());
}

TEST(MinimizeFunction, ScalarDeducedFromEigenExpressions) {
  auto bowl = [](const Vec<double>& x, Vec<double>* g) {
    if (g != nullptr) *g << 2 * (x[0] - 3), 2 * (x[1] + 1);
    return (x[0] - 3) * (x[0] - 3) + (x[1] + 1) * (x[1] + 1);
  };
  const Result<double> a = minimize(bowl, Eigen::VectorXd::Zero(2), Lbfgs<double>());
  EXPECT_TRUE(a.converged());
  EXPECT_NEAR(a.x[0], 3.0, 1e-6);
  Vec<double> v(2);
  v << 1.0, 2.0;
  const Result<double> b = minimize(bowl, 2 * v, Lbfgs<double>());  // a scaled expression
  EXPECT_TRUE(b.converged());
  EXPECT_NEAR(b.x[1], -1.0, 1e-6);
  const Result<double> c = minimize(bowl, v.head(2) + v, Lbfgs<double>());  // a sum of blocks
  EXPECT_TRUE(c.converged());
  static_assert(std::is_same_v<decltype(a), const Result<double>>);
}

TEST(MinimizeFunction, FloatDeducedFromX0) {
  auto f = [](const Vec<float>& x, Vec<float>* g) { return rosenbrock_with_gradient(x, g); };
  const Vec<float> x0 = start_point().cast<float>();
  StopOptions stop;
  stop.gtol = 1e-3;
  auto r = minimize(f, x0, Lbfgs<float>(), stop);
  static_assert(std::is_same_v<decltype(r), Result<float>>);
  EXPECT_TRUE(r.converged()) << r.brief_report();
  EXPECT_NEAR(r.x[0], 1.0f, 1e-2f);
  // Value only, from a float expression.
  auto r2 = minimize([](const Vec<float>& x) { return (x.array() - 2.0f).square().sum(); },
                     Eigen::VectorXf::Zero(3), Lbfgs<float>(), stop);
  static_assert(std::is_same_v<decltype(r2), Result<float>>);
  EXPECT_TRUE(r2.converged()) << r2.brief_report();
  EXPECT_NEAR(r2.x[2], 2.0f, 1e-3f);
}

// The dimension is x0's; a bare update rule is a method (full batch, constant rate).
TEST(MinimizeFunction, DimensionFromX0AndRuleAsMethod) {
  Index seen = 0;
  auto f = [&](const Vec<double>& x, Vec<double>* g) {
    seen = x.size();
    if (g != nullptr) *g = 2 * x;
    return x.squaredNorm();
  };
  StopOptions stop;
  stop.max_iter = 5000;
  const Result<double> r =
      minimize(f, Eigen::VectorXd::Ones(7), GradientDescent<double>({.lr = 0.25}), stop);
  EXPECT_EQ(seen, 7);
  EXPECT_EQ(r.x.size(), 7);
  EXPECT_TRUE(r.converged()) << r.brief_report();
  EXPECT_EQ(r.method, "gd");
}

// The driver's own overload keeps working in every spelling the codebase uses, and an Objective
// now also takes an expression x0 (no <double>) and a bare rule.
TEST(MinimizeFunction, ObjectiveOverloadsStillResolve) {
  struct Bowl final : Objective<double> {
    Index dim() const override { return 2; }
    double evaluate(const Vec<double>& x, Vec<double>* g) override {
      if (g != nullptr) *g << 2 * (x[0] - 3), 2 * (x[1] + 1);
      return (x[0] - 3) * (x[0] - 3) + (x[1] + 1) * (x[1] + 1);
    }
  } bowl;
  auto by_name = make_method<double>("lbfgs", ParamSet{{"m", "6"}});
  const Vec<double> x0 = Vec<double>::Zero(2);
  const Result<double> a = minimize<double>(bowl, Vec<double>::Zero(2), *by_name);
  const Result<double> b = minimize(bowl, x0, *by_name, StopOptions{});
  const Result<double> c = minimize(bowl, Vec<double>::Zero(2), Lbfgs<double>({.m = 6}));
  const Result<double> d = minimize(bowl, x0, Adam<double>({.lr = 0.1}));
  Objective<double>& base = bowl;
  const Result<double> e = minimize(base, x0, *by_name);
  for (const Result<double>* r : {&a, &b, &c, &e}) {
    EXPECT_TRUE(r->converged()) << r->brief_report();
    EXPECT_EQ(r->x, a.x);
  }
  EXPECT_NEAR(d.x[0], 3.0, 1e-3) << d.brief_report();
  // Observers as a std::vector: the callable overloads take the span's scalar from x0.
  int records = 0;
  CallbackObserver<double> count([&](const IterationRecord<double>&) { return ++records > 0; });
  std::vector<Observer<double>*> observers = {&count};
  const Result<double> f = minimize(rosenbrock_with_gradient<double>, start_point(),
                                    Lbfgs<double>(), StopOptions{}, observers);
  EXPECT_EQ(records, f.iterations);  // one record per iteration
}

// The caller's callable is used in place, never copied: a stateful, non-copyable functor works
// and keeps its state.
TEST(MinimizeFunction, CallableIsNotCopied) {
  struct CountingValue {
    long calls = 0;
    CountingValue() = default;
    CountingValue(const CountingValue&) = delete;
    double operator()(const Vec<double>& x) {
      ++calls;
      return (x.array() - 1.0).square().sum();
    }
  } f;
  const Result<double> r = minimize(f, Eigen::VectorXd::Zero(3), Lbfgs<double>());
  EXPECT_TRUE(r.converged()) << r.brief_report();
  EXPECT_GT(f.calls, 0);
  EXPECT_EQ(f.calls, r.evals.f);
}

// The adapter is an ordinary Objective for the other tools (here the gradient checker), owning a
// copy of the callable when given a value type.
TEST(MinimizeFunction, FunctionObjectiveWorksWithGradientCheck) {
  auto f = [](const Vec<double>& x, Vec<double>* g) { return rosenbrock_with_gradient(x, g); };
  FunctionObjective<double, decltype(f)> objective(f, 2);
  EXPECT_EQ(objective.dim(), 2);
  EXPECT_TRUE(check_gradient(objective, start_point()).ok(1e-6));
  ValueOnlyObjective<double, decltype(&rosenbrock<double>)> values(&rosenbrock<double>, 2);
  Vec<double> g(2);
  EXPECT_THROW(values.evaluate(start_point(), &g), std::logic_error);
  EXPECT_EQ(values.value(start_point()), rosenbrock(start_point()));
}

TEST(MinimizeFunction, WrongInputsStillThrow) {
  Vec<double> x0(2);
  x0 << std::nan(""), 0.0;
  EXPECT_THROW(minimize(rosenbrock_with_gradient<double>, x0, Lbfgs<double>()),
               std::invalid_argument);
}

}  // namespace
}  // namespace optim
