// Newton-CG (optim/second_order/newton_cg.hpp), both globalizations, through the driver: the
// trust-region ratio on a quadratic (where the model is exact), convergence on Rosenbrock (2-D and
// extended), Beale from its indefinite start and the unbounded saddle (negative curvature is
// followed downhill, not to the saddle), the forcing term's CG counts, Hessian-vector products by
// differences for an objective without them, and no allocation inside step()
// (resumption: test_checkpoint_second_order.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "optim/optim.hpp"
#include "support/alloc_counter.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

using testfn::BealeFn;
using testfn::QuadraticFn;
using testfn::RosenbrockFn;
using testfn::SaddleFn;

// Extended Rosenbrock with an exact, allocation-free H v (the 2 x 2 blocks of each pair).
template <class S>
class RosenbrockHv final : public Objective<S>, public HessianVectorProvider<S> {
 public:
  explicit RosenbrockHv(Index n) : f_(n) {}
  Index dim() const override { return f_.dim(); }
  S evaluate(const Vec<S>& x, Vec<S>* g) override { return f_.evaluate(x, g); }
  void hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>* hv) override {
    for (Index i = 0; i + 1 < x.size(); i += 2) {
      const S a = x[i], b = x[i + 1];
      const S h11 = S(1200) * a * a - S(400) * b + S(2), h12 = S(-400) * a;
      (*hv)[i] = h11 * v[i] + h12 * v[i + 1];
      (*hv)[i + 1] = h12 * v[i] + S(200) * v[i + 1];
    }
  }

 private:
  RosenbrockFn<S> f_;
};

ParamSet line_search() {
  return {{"globalization", "line_search"}};
}

StopOptions tight(double gtol = 1e-8) {
  StopOptions s;
  s.gtol = gtol;
  s.max_iter = 500;
  return s;
}

TEST(NewtonCg, IsRegisteredWithItsSettings) {
  const MethodInfo& info = find_method("newton-cg");
  EXPECT_EQ(info.family, "second-order");
  for (const char* key :
       {"globalization", "line_search", "delta0", "delta_max", "eta", "max_cg", "max_trials"}) {
    bool found = false;
    for (const auto& hp : info.params) found = found || hp.name == key;
    EXPECT_TRUE(found) << key;
  }
  EXPECT_TRUE(make_method<double>("newton-cg")->needs_hessian_vector());
  EXPECT_THROW(make_method<double>("newton-cg", {{"globalization", "dogleg"}}),
               std::invalid_argument);
  EXPECT_THROW(make_method<double>("newton-cg", {{"eta", "0.25"}}), std::invalid_argument);
  EXPECT_THROW(make_method<double>("newton-cg", {{"delta0", "10"}, {"delta_max", "1"}}),
               std::invalid_argument);
}

// On a quadratic the model m is f itself, so rho = 1 at every trial: no step is ever rejected
// (f evaluations = iterations + 1) and the radius doubles whenever a step reaches it.
TEST(NewtonCg, TrustRegionOnAQuadraticAcceptsEveryStep) {
  const Index n = 10;
  Mat<double> a = Mat<double>::Zero(n, n);
  for (Index i = 0; i < n; ++i) a(i, i) = 1.0 + i;
  QuadraticFn<double> f(a, Vec<double>::Constant(n, 1.0));
  auto m = make_method<double>("newton-cg", {{"delta0", "0.01"}});
  const auto r = minimize<double>(f, Vec<double>::Zero(n), *m, tight(1e-10));
  ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
  EXPECT_EQ(r.evals.f, r.iterations + 1);
  // From Delta = 0.01 to |x*| = 0.84 by doubling takes at least 7 boundary steps.
  EXPECT_GE(r.iterations, 7);
  // The last steps change f at rounding level (|g| ~ 1e-9 moves f by ~1e-18 against |f| ~ 1.5),
  // where the driver returns the lowest f seen, which may be a point a step earlier with |g| up
  // to ~1e-8: 1e-8 on x (smallest eigenvalue 1).
  for (Index i = 0; i < n; ++i) EXPECT_NEAR(r.x[i], 1.0 / (1.0 + i), 1e-8);
}

TEST(NewtonCg, ConvergesOnRosenbrockWithEitherGlobalization) {
  for (const ParamSet& p : {ParamSet{}, line_search()}) {
    for (const Index n : {2, 100}) {
      RosenbrockFn<double> f(n);
      auto m = make_method<double>("newton-cg", p);
      const auto r = minimize<double>(f, RosenbrockFn<double>::start(n), *m, tight());
      SCOPED_TRACE("n = " + std::to_string(n) + (p.has("globalization") ? " line search" : ""));
      ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
      EXPECT_LE((r.x - Vec<double>::Ones(n)).lpNorm<Eigen::Infinity>(), 1e-7);
      // Measured: 27 (trust region) and 77 (line search) iterations, against 23 for Newton's
      // exact solve. The forcing term 0.5 |g| far from the solution lets CG stop after its
      // first, steepest-descent-like direction in the curved valley; the line-search variant
      // then crawls along it with unit steps (docs/second_order.md).
      EXPECT_LE(r.iterations, p.has("globalization") ? 100 : 40);
      EXPECT_GT(r.evals.h, r.iterations);  // products, at least one per iteration
    }
  }
}

TEST(NewtonCg, ConvergesInFloat) {
  RosenbrockFn<float> f(2);
  auto m = make_method<float>("newton-cg");
  StopOptions s;
  s.gtol = 1e-3;  // float: rounding leaves |g| ~ 1e-4 near the minimiser (docs/second_order.md)
  const auto r = minimize<float>(f, RosenbrockFn<float>::start(2), *m, s);
  ASSERT_TRUE(is_converged(r.status)) << r.message;
  EXPECT_NEAR(r.x[0], 1.0f, 1e-3f);
}

// Beale's Hessian at (1, 1) is indefinite; Newton-CG follows the negative curvature to the
// boundary (trust region) or stops CG there (line search) and still reaches (3, 0.5).
TEST(NewtonCg, ReachesBealesMinimumFromTheIndefiniteStart) {
  for (const ParamSet& p : {ParamSet{}, line_search()}) {
    BealeFn<double> f;
    auto m = make_method<double>("newton-cg", p);
    const auto r = minimize<double>(f, Eigen::Vector2d(1, 1), *m, tight());
    ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
    EXPECT_NEAR(r.x[0], 3.0, 1e-7);
    EXPECT_NEAR(r.x[1], 0.5, 1e-7);
  }
}

// f = x^2 - y^2 is unbounded below. Plain Newton jumps to the saddle (0, 0) (test_newton.cpp);
// the Steihaug step from (0.7, 0.3) meets d'Bd = 2 d_x^2 - 2 d_y^2 and, once negative curvature
// appears, runs along it to the boundary: f falls below the saddle's 0 and keeps falling.
TEST(NewtonCg, TrustRegionDescendsAlongNegativeCurvatureInsteadOfToTheSaddle) {
  SaddleFn<double> f;
  auto m = make_method<double>("newton-cg");
  StopOptions s;
  s.max_iter = 10;
  const auto r = minimize<double>(f, Eigen::Vector2d(0.7, 0.3), *m, s);
  EXPECT_EQ(r.status, Status::MaxIterations) << r.message;
  EXPECT_LT(r.f, -100.0);  // the radius doubles on each boundary step: |y| grows geometrically
  EXPECT_GT(std::abs(r.x[1]), 10.0);
}

// MGH-style objective without second derivatives: the driver supplies H v by differences of the
// gradient and says so; the run reaches the minimum all the same.
TEST(NewtonCg, UsesGradientDifferencesWhenTheObjectiveHasNoProduct) {
  struct GradientOnly final : Objective<double> {
    RosenbrockFn<double> f{4};
    Index dim() const override { return 4; }
    double evaluate(const Vec<double>& x, Vec<double>* g) override { return f.evaluate(x, g); }
  } f;
  for (const ParamSet& p : {ParamSet{}, line_search()}) {
    auto m = make_method<double>("newton-cg", p);
    const auto r = minimize<double>(f, RosenbrockFn<double>::start(4), *m, tight());
    ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
    EXPECT_EQ(r.hessian_source, HessianSource::GradientDifferences);
    // Each product takes two gradients, each counted as one f and one g evaluation, besides
    // the trial points (at least one per iteration and the start).
    EXPECT_GE(r.evals.f, 2 * r.evals.h + r.iterations + 1);
    EXPECT_GT(r.evals.h, 0);
    EXPECT_LE((r.x - Vec<double>::Ones(4)).norm(), 1e-7);
  }
  // Outside the driver the method says what is missing.
  Evaluator<double> eval(f);
  Iterate<double> x0;
  x0.resize(4);
  EXPECT_THROW(make_method<double>("newton-cg")->start(eval, x0), std::invalid_argument);
}

// The forcing term eta_k = min(0.5, sqrt |g|): far from the solution CG stops early (few
// products per step), near it the tolerance tightens. On the extended Rosenbrock at n = 1000,
// whose Hessian blocks are 2 x 2, the whole run takes few products per Newton step even though
// CG may take up to n directions.
TEST(NewtonCg, ForcingTermKeepsTheInnerIterationsFew) {
  const Index n = 1000;
  RosenbrockHv<double> f(n);
  auto m = make_method<double>("newton-cg");
  const auto r = minimize<double>(f, RosenbrockFn<double>::start(n), *m, tight());
  ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
  EXPECT_EQ(r.hessian_source, HessianSource::Objective);
  // Each 2 x 2 block has two distinct eigenvalues, but the blocks are identical along the run
  // (the start is periodic), so H has 2 distinct eigenvalues and CG ends within 2 products.
  EXPECT_LE(r.evals.h, 2 * r.iterations + 2);
}

template <class S>
long allocations_in_newton_cg_steps(const ParamSet& params, bool differences) {
  const Index n = 64;
  RosenbrockHv<S> exact(n);
  struct GradientOnly final : Objective<S> {
    RosenbrockFn<S> f{64};
    Index dim() const override { return 64; }
    S evaluate(const Vec<S>& x, Vec<S>* g) override { return f.evaluate(x, g); }
  } plain;
  Objective<S>& obj = differences ? static_cast<Objective<S>&>(plain) : exact;
  auto m = make_method<S>("newton-cg", params);
  Evaluator<S> eval(obj);
  if (differences) eval.supply_hessian_vector_by_differences();
  Iterate<S> cur, next;
  cur.resize(n);
  next.resize(n);
  cur.x = RosenbrockFn<S>::start(n);
  auto state = m->start(eval, cur);
  cur.f = eval.value_gradient(cur.x, cur.g);
  long total = 0;
  int running = 0;
  for (int k = 0; k < 12; ++k) {
    long here = 0;
    StepReport rep;
    {
      testing::AllocationCounter c;
      rep = state->step(eval, cur, next);
      here = c.count();
    }
    if (rep.status != Status::Running) break;  // a final report may carry a message string
    total += here;
    ++running;
    state->accepted(cur, next);
    cur.x.swap(next.x);
    cur.g.swap(next.g);
    std::swap(cur.f, next.f);
  }
  EXPECT_GE(running, 10);
  return total;
}

TEST(NewtonCg, StepsDoNotAllocate) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  for (const bool differences : {false, true}) {
    for (const ParamSet& p :
         {ParamSet{}, line_search(),
          ParamSet{{"line_search", "armijo"}, {"globalization", "line_search"}}}) {
      EXPECT_EQ(allocations_in_newton_cg_steps<double>(p, differences), 0)
          << p.get_string("globalization", "trust_region") << " differences " << differences;
      EXPECT_EQ(allocations_in_newton_cg_steps<float>(p, differences), 0);
    }
  }
}

}  // namespace
}  // namespace optim
