// The box of a run (optim/bounds/bounds.hpp): its checks and errors, projection, the
// projected-gradient measure, the largest feasible step and the active set, and how the driver
// uses it (refusing methods that do not accept bounds, projecting the start point, the evaluator's
// guard, the result's active bounds).
#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bounded_problems.hpp"
#include "optim/bounds/bounded_run.hpp"
#include "optim/optim.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

using testfn::kInf;
using testfn::vec;

template <class F>
std::string invalid_argument_message(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no std::invalid_argument)";
}

TEST(Bounds, RefusesMalformedBoxesNamingTheCoordinate) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(invalid_argument_message([] {
              Bounds<double>(vec({0, 0}), vec({1}));
            }),
            "bounds: lower has 2 entries but upper has 1");
  EXPECT_EQ(invalid_argument_message([] {
              Bounds<double>(vec({0, 2}), vec({1, 1}));
            }),
            "bounds: lower 2 > upper 1 at coordinate 1");
  EXPECT_EQ(invalid_argument_message([&] {
              Bounds<double>(vec({0, nan}), vec({1, 1}));
            }),
            "bounds: NaN at coordinate 1");
  EXPECT_EQ(invalid_argument_message([] { Bounds<double>(vec({kInf}), vec({kInf})); }),
            "bounds: lower bound +inf at coordinate 0");
  EXPECT_EQ(invalid_argument_message([] { Bounds<double>(vec({-kInf}), vec({-kInf})); }),
            "bounds: upper bound -inf at coordinate 0");
  EXPECT_EQ(invalid_argument_message([] { Bounds<double>(2, 0.0, 1.0).check_size(3); }),
            "bounds have 2 entries but the problem has dimension 3");
  // A fixed variable (l == u) and infinite sides are fine.
  const Bounds<double> ok(vec({1, -kInf}), vec({1, kInf}));
  EXPECT_TRUE(ok.constrains());
  EXPECT_FALSE(ok.boxed());
  EXPECT_FALSE(Bounds<double>(2, -kInf, kInf).constrains());
  EXPECT_TRUE(Bounds<double>(2, -1.0, 1.0).boxed());
  EXPECT_EQ(Bounds<double>::lower_only(vec({0, 1})).upper(), vec({kInf, kInf}));
  EXPECT_EQ(Bounds<double>::upper_only(vec({0, 1})).lower(), vec({-kInf, -kInf}));
}

TEST(Bounds, ProjectionClipsEachCoordinateAndSaysWhetherItMoved) {
  const Bounds<double> box(vec({0, -1, -kInf, 2}), vec({1, 1, 0, 2}));
  Vec<double> x = vec({-3, 0.5, 7, 5});
  EXPECT_TRUE(box.project(x));
  EXPECT_EQ(x, vec({0, 0.5, 0, 2}));
  EXPECT_FALSE(box.project(x));  // already inside
  EXPECT_TRUE(box.contains(x));
  EXPECT_EQ(box.first_outside(vec({0, 0.5, 0.1, 2})), 2);
  EXPECT_EQ(box.first_outside(vec({0, std::numeric_limits<double>::quiet_NaN(), 0, 2})), 1);
}

TEST(Bounds, ProjectedGradientIsTheClippedStep) {
  // P(x - g) - x per coordinate: x = (0, 0.5, 1) on [0, 1]^3 with g = (2, -3, -1):
  //   0: x at lower, -g = -2 points out -> 0;   1: -g = 3 clipped to u - x = 0.5;
  //   2: x at upper, -g = 1 points out -> 0.
  const Bounds<double> box(3, 0.0, 1.0);
  const Vec<double> x = vec({0, 0.5, 1}), g = vec({2, -3, -1});
  EXPECT_DOUBLE_EQ(box.projected_gradient_norm(x, g), 0.5);
  EXPECT_DOUBLE_EQ(box.projected_gradient_norm(x, g, NormKind::Two), 0.5);
  // Gradient pointing inside at both bounds: the full components count.
  EXPECT_DOUBLE_EQ(box.projected_gradient_norm(vec({0, 0.5, 1}), vec({-0.25, 0.1, 0.75})), 0.75);
  EXPECT_DOUBLE_EQ(
      box.projected_gradient_norm(vec({0, 0.5, 1}), vec({-0.25, 0.1, 0.75}), NormKind::Two),
      std::sqrt(0.25 * 0.25 + 0.1 * 0.1 + 0.75 * 0.75));
  // A KKT point: zero; a non-finite gradient: NaN.
  EXPECT_EQ(box.projected_gradient_norm(vec({0, 0.5, 1}), vec({1, 0, -1})), 0.0);
  EXPECT_TRUE(std::isnan(box.projected_gradient_norm(x, vec({0, kInf, 0}))));
}

TEST(Bounds, MaxStepIsTheFirstBoundOnTheRay) {
  const Bounds<double> box(vec({0, -kInf, -1}), vec({4, 2, 1}));
  const Vec<double> x = vec({1, 0, 0});
  EXPECT_DOUBLE_EQ(box.max_step(x, vec({1, 0, 0})), 3.0);         // u0 - x0 = 3
  EXPECT_DOUBLE_EQ(box.max_step(x, vec({-2, 0, 0})), 0.5);        // (l0 - x0) / -2
  EXPECT_DOUBLE_EQ(box.max_step(x, vec({1, 1, 0.5})), 2.0);       // x1 reaches 2 first
  EXPECT_EQ(box.max_step(x, vec({0, -1, 0})), kInf);              // no lower bound on x1
  EXPECT_EQ(box.max_step(vec({0, 0, 0}), vec({-1, 0, 0})), 0.0);  // on l0, pointing out
}

TEST(Bounds, ActiveSetListsLowerUpperAndFixed) {
  const Bounds<double> box(vec({0, 0, 3, -kInf}), vec({1, 1, 3, kInf}));
  const ActiveBounds a = box.active(vec({0, 1, 3, 5}));
  EXPECT_EQ(a.at_lower, std::vector<Index>{0});
  EXPECT_EQ(a.at_upper, std::vector<Index>{1});
  EXPECT_EQ(a.fixed, std::vector<Index>{2});
  EXPECT_EQ(a.summary(), "3 bounds active (1 at lower, 1 at upper, 1 fixed)");
  EXPECT_EQ(box.active(vec({0.5, 0.5, 3, 0})).summary(),
            "1 bound active (0 at lower, 0 at upper, 1 fixed)");
  EXPECT_EQ(ActiveBounds{}.summary(), "no bound active");
}

TEST(Bounds, RunsAreTheMaximalStretchesOfOneIntervalWhenFew) {
  const double inf = std::numeric_limits<double>::infinity();
  // 1024 coordinates: at most 1024 / 256 = 4 runs are kept.
  Vec<double> lo = Vec<double>::Zero(1024), hi = Vec<double>::Constant(1024, inf);
  lo.segment(300, 200).setConstant(-inf);  // [300, 500) free
  hi.tail(24).setConstant(2.0);            // [1000, 1024) in [0, 2]
  const Bounds<double> b(lo, hi);
  ASSERT_EQ(b.runs().size(), 4u);
  const Index begins[] = {0, 300, 500, 1000}, ends[] = {300, 500, 1000, 1024};
  for (std::size_t r = 0; r < 4; ++r) {
    EXPECT_EQ(b.runs()[r].begin, begins[r]);
    EXPECT_EQ(b.runs()[r].end, ends[r]);
    EXPECT_EQ(b.runs()[r].lower, lo[begins[r]]);
    EXPECT_EQ(b.runs()[r].upper, hi[begins[r]]);
  }
  EXPECT_EQ(Bounds<double>(8, 0.0, 1.0).runs().size(), 1u);  // uniform: one run
  lo[700] = -1;  // a fifth and sixth run: too many, none kept
  EXPECT_TRUE(Bounds<double>(lo, hi).runs().empty());
}

TEST(Bounds, TheEvaluatorGuardRefusesPointsOutsideTheBox) {
  testfn::RosenbrockFn<double> f;
  Evaluator<double> eval(f);
  Bounds<double> box(2, 0.0, 1.0);
  box.guard_evaluations();
  eval.set_bounds(&box);
  EXPECT_EQ(eval.bounds(), &box);
  Vec<double> g(2);
  EXPECT_NO_THROW(eval.value_gradient(vec({0, 1}), g));
  try {
    eval.value(vec({0.5, 1.5}));
    ADD_FAILURE() << "no std::logic_error";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(),
                 "a method asked for the objective outside the bounds: x[1] = 1.5 not in [0, 1]");
  }
  EXPECT_EQ(eval.counts().f, 1);  // the refused call is not counted
  box.guard_evaluations(false);
  eval.set_bounds(&box);
  EXPECT_NO_THROW(eval.value(vec({0.5, 1.5})));
}

TEST(BoundedRun, MethodsThatDoNotAcceptBoundsAreRefusedByName) {
  testfn::RosenbrockFn<double> f;
  const Bounds<double> box(2, -2.0, 2.0);
  const std::string msg = invalid_argument_message([&] {
    minimize<double>(f, vec({-1.2, 1}), Lbfgs<double>(), box);
  });
  // Every first-order rule projects its updates (test_projected_first_order.cpp); newton and bfgs
  // take Bertsekas' two-metric projection (test_projected_newton.cpp); lbfgsb; and lm's active-set
  // trust-region step (test_lm_bounds.cpp).
  const std::string accepting =
      "gd, momentum, nesterov, adagrad, rmsprop, adam, adamw, amsgrad, rprop, quickprop, newton, "
      "bfgs, lbfgsb, lm";
  EXPECT_EQ(msg, "method 'lbfgs' does not accept bounds; methods that do: " + accepting);
  EXPECT_EQ(methods_accepting_bounds(), accepting);
  // Nonlinear CG through the function form (a projected CG is no small change: Hager & Zhang's
  // active-set algorithm is a method of its own).
  auto fg = [](const Vec<double>& x, Vec<double>* g) { return testfn::rosenbrock(x, g); };
  for (const char* name : {"cg"}) {
    auto method = make_method<double>(name, {});
    EXPECT_EQ(
        invalid_argument_message([&] {
          minimize(fg, vec({-1.2, 1}), *method, box);
        }),
        "method '" + std::string(name) + "' does not accept bounds; methods that do: " + accepting);
  }
  // A box of the wrong length.
  EXPECT_EQ(invalid_argument_message([&] {
              minimize<double>(f, vec({-1.2, 1}), Lbfgsb<double>(), Bounds<double>(3, 0.0, 1.0));
            }),
            "bounds have 3 entries but the problem has dimension 2");
}

TEST(BoundedRun, AValueOnlyFunctionGetsDifferencesThatStayInTheBox) {
  // Rosenbrock on x1 <= 0.5 from the standard start: the bound is active at the minimiser
  // (0.5, 0.25), where a central probe x1 + h would leave the box. The function fails the test
  // whenever it is called outside, and the run must end at the exact-gradient run's minimiser.
  const Bounds<double> box(vec({-kInf, -kInf}), vec({0.5, kInf}));
  Index outside = 0;
  auto value_only = [&](const Vec<double>& x) {
    outside += !box.contains(x);
    return testfn::rosenbrock(x, nullptr);
  };
  auto exact = [](const Vec<double>& x, Vec<double>* g) { return testfn::rosenbrock(x, g); };
  for (const char* name : {"lbfgsb", "bfgs", "newton"}) {
    auto method = make_method<double>(name, {});
    const Result<double> r = minimize(value_only, vec({-1.2, 1}), *method, box,
                                      StopOptions{.gtol = 1e-6, .max_iter = 500});
    const Result<double> e =
        minimize(exact, vec({-1.2, 1}), *method, box, StopOptions{.gtol = 1e-6, .max_iter = 500});
    EXPECT_EQ(outside, 0) << name;
    EXPECT_TRUE(r.converged()) << name << ": " << r.message;
    EXPECT_EQ(r.gradient_source, GradientSource::CentralDifferences) << name;
    // At the corner x1 = 0.5 sits on its bound exactly; x2 = x1^2 is found to the accuracy of
    // the differenced gradient (one-sided O(sqrt(u)) in x1, central O(u^(2/3)) in x2) over the
    // curvature 200 of the x2 direction: 1e-6 is wide of both.
    EXPECT_EQ(r.x[0], 0.5) << name;
    EXPECT_NEAR(r.x[1], e.x[1], 1e-6) << name;
    EXPECT_EQ(r.active.at_upper, std::vector<Index>{0}) << name;
  }
}

TEST(FiniteDifference, PartialsTurnOneSidedAtABound) {
  // f = x1^2 + 3 x1 + x2^2 on [0, 1] x [-1, 1]: at x = (0, 0) the central probe x1 - h leaves the
  // box, so g1 is the forward difference (f(h) - f(0)) / h = 3 + h; x2 is interior (central,
  // exact for a quadratic); at x = (1, 0) g1 is the backward difference 5 - h.
  Index outside = 0;
  const Bounds<double> box(vec({0, -1}), vec({1, 1}));
  auto fn = [&](const Vec<double>& x) {
    outside += !box.contains(x);
    return x[0] * x[0] + 3 * x[0] + x[1] * x[1];
  };
  ValueOnlyObjective<double, decltype(fn)&> values(fn, 2);
  FiniteDifference<double> fd(values);
  fd.set_box(&box);
  Vec<double> g(2);
  const double h = std::sqrt(std::numeric_limits<double>::epsilon());  // the one-sided rule
  fd.evaluate(vec({0, 0}), &g);
  EXPECT_NEAR(g[0], 3 + h, 1e-7);  // the O(h) term is h itself here; 1e-7 is its rounding
  EXPECT_NEAR(g[1], 0, 1e-10);
  fd.evaluate(vec({1, 0}), &g);
  EXPECT_NEAR(g[0], 5 - h, 1e-7);
  EXPECT_EQ(outside, 0);
}

TEST(BoundedRun, ABoxWithoutFiniteBoundsIsNoBox) {
  // Any method accepts it, and the run is the unbounded one bit for bit.
  testfn::RosenbrockFn<double> f;
  const Bounds<double> free_box(2, -kInf, kInf);
  const Result<double> a = minimize<double>(f, vec({-1.2, 1}), Lbfgs<double>(), free_box);
  const Result<double> b = minimize<double>(f, vec({-1.2, 1}), Lbfgs<double>());
  EXPECT_FALSE(a.bounded);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.evals.f, b.evals.f);
  EXPECT_EQ(a.message, b.message);
}

TEST(BoundedRun, TheStartIsProjectedAndTheResultListsTheActiveBounds) {
  // Rosenbrock with x1 <= 0.5 from (3, 3): the start moves to (0.5, 3); the solution (0.5, 0.25)
  // has x1 on its upper bound.
  const testfn::BoundedProblem p = testfn::rosenbrock_x1_at_most_half();
  testfn::GuardedProblem<double> f(p);
  const Bounds<double> box = testfn::box_of<double>(p);
  testfn::FeasibleIterates<double> feasible(box);
  std::vector<Observer<double>*> obs{&feasible};
  const Result<double> r =
      minimize<double>(f, vec({3, 3}), Lbfgsb<double>(), box, {.gtol = 1e-9}, obs);
  ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
  EXPECT_TRUE(r.bounded);
  EXPECT_TRUE(r.start_projected);
  EXPECT_EQ(r.x[0], 0.5);  // exactly on the bound
  EXPECT_NEAR(r.x[1], 0.25, 1e-10);
  EXPECT_EQ(r.active.at_upper, std::vector<Index>{0});
  EXPECT_TRUE(r.active.at_lower.empty());
  EXPECT_NE(r.message.find("projected gradient norm"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("; 1 bound active (0 at lower, 1 at upper)"), std::string::npos)
      << r.message;
  EXPECT_NE(r.brief_report().find("the start point was projected onto the box"), std::string::npos);
  EXPECT_LE(r.grad_norm, 1e-9);  // the projected gradient (the plain one is |df/dx1| = 1)
  EXPECT_GT(feasible.seen(), 1);
  EXPECT_EQ(f.outside(), 0);
  // A start inside the box is not reported as projected.
  const Result<double> inside = minimize<double>(f, vec({-1.2, 1}), Lbfgsb<double>(), box);
  EXPECT_FALSE(inside.start_projected);
}

TEST(BoundedRun, AStartAtAKktPointStopsAtOnceOnTheProjectedGradient) {
  // x = (0.5, 0.25) is optimal for x1 <= 0.5 although |g| = 1 there.
  const testfn::BoundedProblem p = testfn::rosenbrock_x1_at_most_half();
  testfn::GuardedProblem<double> f(p);
  const Result<double> r =
      minimize<double>(f, vec({0.5, 0.25}), Lbfgsb<double>(), testfn::box_of<double>(p));
  EXPECT_EQ(r.status, Status::ConvergedGradient);
  EXPECT_EQ(r.iterations, 0);
  EXPECT_EQ(r.grad_norm, 0.0);
  EXPECT_EQ(r.message,
            "projected gradient norm 0 <= gtol 1e-05 at the start point; 1 bound active (0 at "
            "lower, 1 at upper)");
}

// A method that claims to honour bounds but probes x + 1 along the first axis: the run's guard
// must stop it with std::logic_error at that evaluation.
class CarelessMethod final : public Method<double> {
 public:
  std::string name() const override { return "careless"; }
  bool accepts_bounds() const override { return true; }
  std::unique_ptr<MethodState<double>> start(Evaluator<double>&, Iterate<double>&) const override {
    struct State final : MethodState<double> {
      StepReport step(Evaluator<double>& eval, const Iterate<double>& cur,
                      Iterate<double>& next) override {
        next.x = cur.x;
        next.x[0] += 1;
        next.f = eval.value_gradient(next.x, next.g);
        return {};
      }
    };
    return std::make_unique<State>();
  }
};

TEST(BoundedRun, TheGuardStopsAMethodThatLeavesTheBox) {
  testfn::RosenbrockFn<double> f;
  Bounds<double> box(2, -1.0, 1.0);
  box.guard_evaluations();
  try {
    minimize<double>(f, vec({0.5, 0}), CarelessMethod(), box);
    ADD_FAILURE() << "no std::logic_error";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(),
                 "a method asked for the objective outside the bounds: x[0] = 1.5 not in [-1, 1]");
  }
  // Without the guard the evaluation happens (the guard is what catches such a method).
  box.guard_evaluations(false);
  EXPECT_NO_THROW(minimize<double>(f, vec({0.5, 0}), CarelessMethod(), box, {.max_iter = 1}));
}

TEST(BoundedRun, TheLibraryDocsExample) {
  // docs/library.md, section "Bounds", verbatim.
  auto rosen = [](const optim::Vec<double>& x, optim::Vec<double>* g) {
    const double t = x[1] - x[0] * x[0], u = 1 - x[0];
    if (g) *g << -400 * x[0] * t - 2 * u, 200 * t;
    return 100 * t * t + u * u;
  };
  const double inf = std::numeric_limits<double>::infinity();
  optim::Bounds<double> box(Eigen::Vector2d(-inf, -inf), Eigen::Vector2d(0.5, inf));
  auto r = optim::minimize(rosen, Eigen::Vector2d(-1.2, 1), optim::Lbfgsb<double>(), box,
                           {.gtol = 1e-9});
  EXPECT_EQ(r.x[0], 0.5);
  EXPECT_NEAR(r.x[1], 0.25, 1e-9);
  EXPECT_EQ(r.active.at_upper, std::vector<Index>{0});
  EXPECT_TRUE(r.message.ends_with("; 1 bound active (0 at lower, 1 at upper)")) << r.message;
  EXPECT_LE(r.grad_norm, 1e-9);
}

}  // namespace
}  // namespace optim
