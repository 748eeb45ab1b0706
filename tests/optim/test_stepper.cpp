// The stepping API for users who own their loop: Stepper(rule, n), step(x, g) per update. It must
// give bit for bit the iterates of minimize() with the same rule on a full-batch objective, and
// not allocate per step.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "optim/first_order/adam.hpp"
#include "optim/first_order/decoupled_decay.hpp"
#include "optim/first_order/first_order.hpp"
#include "optim/first_order/nesterov.hpp"
#include "optim/first_order/schedules.hpp"
#include "optim/first_order/stepper.hpp"
#include "optim/minimize.hpp"
#include "optim/observer.hpp"
#include "support/alloc_counter.hpp"

namespace optim {
namespace {

template <class S>
S rosenbrock(const Vec<S>& x, Vec<S>* g) {
  const S a = x[1] - x[0] * x[0], b = S(1) - x[0];
  if (g != nullptr) {
    (*g)[0] = S(-400) * a * x[0] - S(2) * b;
    (*g)[1] = S(200) * a;
  }
  return S(100) * a * a + b * b;
}

template <class S>
Vec<S> start() {
  Vec<S> x(2);
  x << S(-1.2), S(1);
  return x;
}

// The iterates x_1 .. x_k of a driver run (k = max_iter, no other stopping test can fire).
template <class S, class M>
std::vector<Vec<S>> driver_iterates(const M& method, Index iters) {
  std::vector<Vec<S>> xs;
  CallbackObserver<S> record([&](const IterationRecord<S>& rec) {
    if (rec.k > 0) xs.push_back(*rec.x);
    return true;
  });
  Observer<S>* observers[] = {&record};
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = iters;
  const Result<S> r = minimize(rosenbrock<S>, start<S>(), method, stop, observers);
  EXPECT_EQ(r.status, Status::MaxIterations) << r.brief_report();
  return xs;
}

// The user's loop: gradient where the rule asks for it, f at x, one step.
template <class S>
std::vector<Vec<S>> stepped_iterates(Stepper<S>& stepper, Index iters) {
  std::vector<Vec<S>> xs;
  Vec<S> x = start<S>(), g(2);
  for (Index k = 0; k < iters; ++k) {
    const S f = rosenbrock<S>(x, nullptr);
    rosenbrock<S>(stepper.gradient_point(x), &g);
    stepper.step(x, g, f);
    xs.push_back(x);
  }
  return xs;
}

TEST(Stepper, AdamByHandEqualsMinimizeBitForBit) {
  const Adam<double> adam({.lr = 1e-2});
  const auto expected = driver_iterates<double>(adam, 300);
  Stepper stepper(adam, 2);  // CTAD: Stepper<double>
  static_assert(std::is_same_v<decltype(stepper), Stepper<double>>);
  const auto got = stepped_iterates(stepper, 300);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t k = 0; k < got.size(); ++k) ASSERT_EQ(got[k], expected[k]) << "update " << k + 1;
  EXPECT_EQ(stepper.steps(), 300);
  EXPECT_EQ(stepper.lr(), 1e-2);
}

TEST(Stepper, FloatAdamBitForBit) {
  const Adam<float> adam({.lr = 1e-3, .amsgrad = true});
  const auto expected = driver_iterates<float>(adam, 100);
  Stepper<float> stepper(Adam<float>({.lr = 1e-3, .amsgrad = true}), 2);
  const auto got = stepped_iterates(stepper, 100);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t k = 0; k < got.size(); ++k) ASSERT_EQ(got[k], expected[k]) << "update " << k + 1;
}

// Nesterov takes its gradient at the look-ahead point, which gradient_point() hands out.
TEST(Stepper, NesterovLookAheadBitForBit) {
  const Nesterov<double> nag({.lr = 1e-4, .momentum = 0.9});
  const auto expected = driver_iterates<double>(nag, 200);
  Stepper stepper(nag, 2);
  const auto got = stepped_iterates(stepper, 200);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t k = 0; k < got.size(); ++k) ASSERT_EQ(got[k], expected[k]) << "update " << k + 1;
}

// With a schedule, including a stateful one that observes f.
TEST(Stepper, SchedulesMatchTheLoop) {
  auto rule = std::make_shared<const Adam<double>>(AdamParams{.lr = 5e-2});
  const std::vector<std::shared_ptr<const Schedule>> schedules = {
      std::make_shared<ReduceOnPlateauSchedule>(0.5, 3, 1e-4),
      std::make_shared<ExponentialSchedule>(0.99)};
  for (const auto& schedule : schedules) {
    const FirstOrder<double> method(rule, schedule);
    const auto expected = driver_iterates<double>(method, 250);
    Stepper<double> stepper(rule, 2, *schedule);
    const auto got = stepped_iterates(stepper, 250);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t k = 0; k < got.size(); ++k)
      ASSERT_EQ(got[k], expected[k]) << schedule->name() << ", update " << k + 1;
    EXPECT_LT(stepper.lr(), 5e-2) << schedule->name();  // the schedule did act
  }
}

TEST(Stepper, StepDoesNotAllocate) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  const Index n = 1000;
  Stepper stepper(DecoupledDecay<double>(Adam<double>({.lr = 1e-3}), {.weight_decay = 0.01}), n,
                  ExponentialSchedule(0.999));
  Vec<double> x = Vec<double>::Ones(n), g(n);
  long allocations = 0;
  {
    testing::AllocationCounter counter;
    for (int k = 0; k < 100; ++k) {
      g = 2 * x;  // gradient of |x|^2, into the existing buffer
      stepper.step(x, g);
    }
    allocations = counter.count();
  }
  EXPECT_EQ(allocations, 0);
  EXPECT_LT(x[0], 1.0);
}

}  // namespace
}  // namespace optim
