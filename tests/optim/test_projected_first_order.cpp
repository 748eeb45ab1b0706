// Every first-order rule on a box: each update is followed by the projection onto the box (and
// Nesterov's look-ahead point is projected before its gradient is taken), so no iterate and no
// evaluation leaves the box, in full-batch, minibatch and online runs; the active coordinates end
// exactly on their bounds and the free ones at the unconstrained minimiser.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "bounded_problems.hpp"
#include "checkpoint_test_support.hpp"
#include "optim/bounds/bounds.hpp"
#include "optim/driver.hpp"
#include "optim/registry.hpp"

namespace optim {
namespace {

using testfn::BoundedProblem;
using testfn::FeasibleIterates;
using testfn::GuardedProblem;
using testfn::vec;

// f = sum_i w_i (x_i - c_i)^2 on [0, 1]^6 with three centres outside the box: the minimiser is
// clamp(c, 0, 1) = (0, 0.3, 1, 0.7, 0, 1), coordinates 0, 2, 4, 5 active.
BoundedProblem clamped_bowl() {
  const Vec<double> c = vec({-1, 0.3, 2, 0.7, -0.5, 1.5});
  const Vec<double> w = vec({1, 2, 0.5, 1, 3, 1});
  auto f = [c, w](const Vec<double>& x, Vec<double>* g) {
    if (g) *g = 2 * w.cwiseProduct(x - c);
    return (w.cwiseProduct((x - c).cwiseAbs2())).sum();
  };
  return {"clamped bowl",
          6,
          f,
          Vec<double>::Zero(6),
          Vec<double>::Ones(6),
          vec({0.9, 0.1, 0.2, 0.4, 0.6, 0.5}),
          vec({0, 0.3, 1, 0.7, 0, 1}),
          0};
}

// Rates small enough for each rule to settle on this bowl (curvatures 1 to 6); the adaptive rules
// take steps of about lr near the minimiser, hence their tolerance below.
ParamSet settings_for(const std::string& rule) {
  if (rule == "gd" || rule == "momentum" || rule == "nesterov") return {{"lr", "0.05"}};
  if (rule == "adagrad") return {{"lr", "0.5"}};
  if (rule == "quickprop") return {{"lr", "0.05"}};
  if (rule == "rprop") return {};
  return {{"lr", "0.01"}};  // rmsprop, adam, adamw, amsgrad
}

TEST(ProjectedFirstOrder, EveryRuleStaysInTheBoxAndEndsOnTheActiveBounds) {
  const BoundedProblem p = clamped_bowl();
  for (const std::string rule : {"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam",
                                 "adamw", "amsgrad", "rprop", "quickprop"}) {
    SCOPED_TRACE(rule);
    GuardedProblem<double> objective(p);
    const Bounds<double> box = testfn::box_of<double>(p);
    FeasibleIterates<double> feasible(box);
    Observer<double>* observers[] = {&feasible};
    auto method = make_method<double>(rule, settings_for(rule));
    ASSERT_TRUE(method->accepts_bounds());
    StopOptions stop;
    stop.max_iter = 4000;
    stop.gtol = 1e-7;
    const Result<double> r = minimize<double>(objective, p.start, *method, box, stop, observers);
    EXPECT_EQ(objective.outside(), 0);
    EXPECT_EQ(feasible.seen(), r.iterations + 1);
    // Once a step pushes an active coordinate out of the box the projection puts it exactly on
    // its bound, and the gradient keeps pushing outwards there: it stays.
    for (Index i : {0, 2, 4, 5}) EXPECT_EQ(r.x[i], p.x_star[i]) << "coordinate " << i;
    // AdamW's decoupled decay pulls x towards 0 by lr * lambda * x each step, a bias of order
    // lambda x / (2 w) = 0.0035 at the free coordinates; the other rules settle within 1e-3.
    const double tol = rule == "adamw" ? 5e-3 : 1e-3;
    for (Index i : {1, 3}) EXPECT_NEAR(r.x[i], p.x_star[i], tol) << "coordinate " << i;
    EXPECT_EQ(r.active.at_lower, (std::vector<Index>{0, 4}));
    EXPECT_EQ(r.active.at_upper, (std::vector<Index>{2, 5}));
  }
}

// Minibatch and online runs on a separable objective with x >= 0.4: every batch gradient is taken
// inside the box and every iterate is feasible, where the same run without the box leaves it.
TEST(ProjectedFirstOrder, MinibatchAndOnlineRunsStayInTheBox) {
  testing::Separable<double> objective(64, 8);
  const Bounds<double> box = Bounds<double>(8, 0.4, 10.0).guard_evaluations();
  for (const char* batch : {"1", "8", "0"}) {
    for (const std::string rule : {"adam", "nesterov", "rmsprop"}) {
      SCOPED_TRACE(rule + " batch_size " + batch);
      FeasibleIterates<double> feasible(box);
      Observer<double>* observers[] = {&feasible};
      auto method = make_method<double>(rule, {{"batch_size", batch}, {"lr", "0.01"}});
      StopOptions stop;
      stop.max_iter = 400;
      const Result<double> r =
          minimize<double>(objective, Vec<double>::Constant(8, 1.0), *method, box, stop, observers);
      EXPECT_TRUE(box.contains(r.x));
      EXPECT_EQ(feasible.seen(), r.iterations + 1);
      const Result<double> free =
          minimize<double>(objective, Vec<double>::Constant(8, 1.0), *method, stop);
      EXPECT_TRUE((free.x.array() < 0.4).any()) << "the box does not bind: " << free.x.transpose();
    }
  }
}

}  // namespace
}  // namespace optim
