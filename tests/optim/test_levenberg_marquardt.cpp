// Levenberg-Marquardt (Moré 1978): trust-region step size, scaling invariance, convergence,
// finite-difference Jacobians, bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "optim/least_squares/finite_difference_jacobian.hpp"
#include "optim/least_squares/levenberg_marquardt.hpp"
#include "optim/optim.hpp"
#include "support/alloc_counter.hpp"

namespace optim {
namespace {

// r_i = s_i (x_i - c_i): J = diag(s), so Moré's D = |s| and the damped step is
// p(lambda) = -(x - c) / (1 + lambda), a hand-computable case.
class ScaledLinear : public LeastSquaresObjective<double> {
 public:
  ScaledLinear(Vec<double> s, Vec<double> c) : s_(std::move(s)), c_(std::move(c)) {}
  Index dim() const override { return s_.size(); }
  Index num_residuals() const override { return s_.size(); }
  void residuals(const Vec<double>& x, Vec<double>* r, Mat<double>* j) override {
    *r = s_.cwiseProduct(x - c_);
    if (j) *j = s_.asDiagonal();
  }

 private:
  Vec<double> s_, c_;
};

// Rosenbrock as least squares, r = (a (x1 - x0^2), 1 - x0) with the variables scaled by
// (sx, sy): r(x0 / sx, x1 / sy). Zero residual at (sx, sy).
template <class S>
class Rosenbrock : public LeastSquaresObjective<S> {
 public:
  Rosenbrock(S sx = 1, S sy = 1) : sx_(sx), sy_(sy) {}
  Index dim() const override { return 2; }
  Index num_residuals() const override { return 2; }
  void residuals(const Vec<S>& x, Vec<S>* r, Mat<S>* j) override {
    const S u = x[0] / sx_, v = x[1] / sy_;
    (*r) << S(10) * (v - u * u), S(1) - u;
    if (j) (*j) << S(-20) * u / sx_, S(10) / sy_, S(-1) / sx_, S(0);
  }

 private:
  S sx_, sy_;
};

class Recorder : public Observer<double> {
 public:
  Status on_iteration(const IterationRecord<double>& r) override {
    xs.push_back(*r.x);
    return Status::Running;
  }
  std::vector<Vec<double>> xs;
};

TEST(LevenbergMarquardt, FirstStepLiesOnTheTrustRegionBoundaryInTheScaledNorm) {
  // radius_factor 0.1: Delta_0 = 0.1 ||D x0||, far shorter than the Gauss-Newton step, so lambda >
  // 0 is chosen with | ||D p|| - Delta | <= 0.1 Delta (Moré 1978, eq. 5.4 acceptance rule).
  Vec<double> s(3), c(3), x0(3);
  s << 1, 100, 1e-2;
  c << 5, -3, 200;
  x0 << 1, 1, 1;
  ScaledLinear f(s, c);
  LevenbergMarquardtParams p;
  p.radius_factor = 0.1;
  LevenbergMarquardt<double> lm(p);
  Recorder rec;
  Observer<double>* obs[] = {&rec};
  StopOptions stop;
  stop.max_iter = 1;
  minimize<double>(f, x0, lm, stop, obs);
  ASSERT_EQ(rec.xs.size(), 1u);
  const Vec<double> step = rec.xs[0] - x0;
  const double delta0 = 0.1 * s.cwiseAbs().cwiseProduct(x0).norm();
  const double dp = s.cwiseAbs().cwiseProduct(step).norm();
  EXPECT_GE(dp, 0.9 * delta0);
  EXPECT_LE(dp, 1.1 * delta0);
  // p(lambda) = -(x0 - c) / (1 + lambda): parallel to c - x0 in every coordinate.
  const Vec<double> ratio = step.cwiseQuotient(c - x0);
  EXPECT_NEAR(ratio.minCoeff(), ratio.maxCoeff(), 1e-12);
  EXPECT_GT(ratio[0], 0);
  EXPECT_LT(ratio[0], 1);
}

TEST(LevenbergMarquardt, LinearProblemSolvedByTheUndampedStep) {
  // With the default radius (100 ||D x0||) the Gauss-Newton step fits: lambda = 0 and one step
  // reaches c exactly (to rounding).
  Vec<double> s(2), c(2);
  s << 3, 0.5;
  c << -1, 2;
  ScaledLinear f(s, c);
  LevenbergMarquardt<double> lm;
  StopOptions stop;
  stop.gtol = 1e-12;
  auto res = minimize<double>(f, Vec<double>::Ones(2), lm, stop);
  EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
  EXPECT_EQ(res.iterations, 1);
  EXPECT_NEAR((res.x - c).norm(), 0, 1e-14);
}

TEST(LevenbergMarquardt, SolvesRosenbrockFromTheStandardStart) {
  Rosenbrock<double> f;
  LevenbergMarquardt<double> lm;
  StopOptions stop;
  stop.gtol = 1e-10;
  Vec<double> x0(2);
  x0 << -1.2, 1;
  auto res = minimize<double>(f, x0, lm, stop);
  EXPECT_TRUE(res.converged()) << res.message;
  EXPECT_NEAR(res.x[0], 1, 1e-8);
  EXPECT_NEAR(res.x[1], 1, 1e-8);
  EXPECT_LT(res.iterations, 40);
}

TEST(LevenbergMarquardt, GeodesicAccelerationSolvesRosenbrockWithoutAllocating) {
  // The accelerated step v + a/2 (Transtrum & Sethna 2012) must still converge to the minimiser;
  // every trial costs one more residual evaluation (at x + h v), so a run of k trials makes at
  // least k more evaluations than it would with the plain trials. Steps do not allocate: all
  // the extra vectors (r_vv, a, the trial step) are sized in start().
  Rosenbrock<double> f;
  LevenbergMarquardtParams p;
  p.geodesic_accel = true;
  LevenbergMarquardt<double> lm(p);
  StopOptions stop;
  stop.gtol = 1e-10;
  Vec<double> x0(2);
  x0 << -1.2, 1;
  auto res = minimize<double>(f, x0, lm, stop);
  EXPECT_TRUE(res.converged()) << res.message;
  EXPECT_NEAR(res.x[0], 1, 1e-8);
  EXPECT_NEAR(res.x[1], 1, 1e-8);
  // At least two residual evaluations per iteration: the trial and the r_vv probe.
  EXPECT_GE(res.evals.f, 2 * res.iterations);

  OPTIM_REQUIRE_ALLOC_COUNTING();
  Evaluator<double> eval(f);
  Iterate<double> cur, next;
  cur.resize(2);
  next.resize(2);
  cur.x = x0;
  auto state = lm.start(eval, cur);
  cur.f = eval.value_gradient(cur.x, cur.g);
  // The first step sizes Eigen's QR workspaces; count from the second on.
  ASSERT_EQ(state->step(eval, cur, next).status, Status::Running);
  cur.x.swap(next.x);
  cur.g.swap(next.g);
  std::swap(cur.f, next.f);
  testing::AllocationCounter c;
  for (int k = 0; k < 5; ++k) {
    if (state->step(eval, cur, next).status != Status::Running) break;
    cur.x.swap(next.x);
    cur.g.swap(next.g);
    std::swap(cur.f, next.f);
  }
  EXPECT_EQ(c.count(), 0);
}

TEST(LevenbergMarquardt, InvariantToDiagonalScalingOfTheVariables) {
  // Moré 1978 section 6: with D from the column norms of J the iterates of the problem in
  // y = diag(sx, sy) x are the scaled iterates of the original one.
  Vec<double> x0(2);
  x0 << -1.2, 1;
  Rosenbrock<double> plain, scaled(1e3, 1e-4);
  LevenbergMarquardt<double> lm;
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = 8;
  Recorder a, b;
  Observer<double>* oa[] = {&a};
  Observer<double>* ob[] = {&b};
  minimize<double>(plain, x0, lm, stop, oa);
  Vec<double> y0(2);
  y0 << -1.2e3, 1e-4;
  minimize<double>(scaled, y0, lm, stop, ob);
  ASSERT_EQ(a.xs.size(), b.xs.size());
  for (size_t k = 0; k < a.xs.size(); ++k) {
    // 1e-10: rounding differences amplified over a few iterations, far below any step size.
    EXPECT_NEAR(b.xs[k][0] / 1e3, a.xs[k][0], 1e-10) << "iteration " << k + 1;
    EXPECT_NEAR(b.xs[k][1] / 1e-4, a.xs[k][1], 1e-10) << "iteration " << k + 1;
  }
}

TEST(LevenbergMarquardt, FloatInstantiationConverges) {
  Rosenbrock<float> f;
  LevenbergMarquardt<float> lm;
  StopOptions stop;
  stop.gtol = 1e-4;
  Vec<float> x0(2);
  x0 << -1.2f, 1.f;
  auto res = minimize<float>(f, x0, lm, stop);
  EXPECT_TRUE(res.converged()) << res.message;
  EXPECT_NEAR(res.x[0], 1.f, 1e-3f);  // float: ~sqrt(eps_float) accuracy on x near a zero residual
}

// r = (x0^2 - 2, x0 x1 - 1): no Jacobian given, solution (sqrt 2, 1/sqrt 2).
class NoJacobian : public ResidualFunction<double> {
 public:
  Index dim() const override { return 2; }
  Index num_residuals() const override { return 2; }
  void residuals(const Vec<double>& x, Vec<double>* r) override {
    (*r) << x[0] * x[0] - 2, x[0] * x[1] - 1;
  }
};

TEST(FiniteDifferenceJacobian, MatchesAnalyticAndDrivesLm) {
  auto fn = std::make_shared<NoJacobian>();
  FiniteDifferenceLeastSquares<double> f(fn);
  Vec<double> x(2), r(2);
  x << 1.5, -0.5;
  Mat<double> j(2, 2), exact(2, 2);
  f.residuals(x, &r, &j);
  exact << 2 * x[0], 0, x[1], x[0];
  // Forward differences with h = sqrt(eps) max(|x|,1): error ~ h |r''| / 2 ~ 1e-8.
  EXPECT_LT((j - exact).cwiseAbs().maxCoeff(), 1e-7);
  EXPECT_EQ(f.extra_evaluations(), 2);

  LevenbergMarquardt<double> lm;
  StopOptions stop;
  stop.gtol = 1e-9;
  Vec<double> x0(2);
  x0 << 1, 1;
  auto res = minimize<double>(f, x0, lm, stop);
  EXPECT_TRUE(res.converged()) << res.message;
  EXPECT_NEAR(res.x[0], std::sqrt(2.0), 1e-8);
  EXPECT_NEAR(res.x[1], 1 / std::sqrt(2.0), 1e-8);
}

TEST(FiniteDifferenceJacobian, RejectsEmptyFunction) {
  EXPECT_THROW(FiniteDifferenceLeastSquares<double>(nullptr), std::invalid_argument);
}

TEST(LevenbergMarquardt, RankDeficientJacobianStillConverges) {
  // r = (x0 + x1 - 1, 2 (x0 + x1) - 3): J has rank 1; min f = 1/2 * 0.2 at x0 + x1 = 1.4.
  class RankOne : public LeastSquaresObjective<double> {
   public:
    Index dim() const override { return 2; }
    Index num_residuals() const override { return 2; }
    void residuals(const Vec<double>& x, Vec<double>* r, Mat<double>* j) override {
      (*r) << x[0] + x[1] - 1, 2 * (x[0] + x[1]) - 3;
      if (j) (*j) << 1, 1, 2, 2;
    }
  } f;
  LevenbergMarquardt<double> lm;
  StopOptions stop;
  stop.gtol = 1e-10;
  auto res = minimize<double>(f, Vec<double>::Zero(2), lm, stop);
  EXPECT_TRUE(res.converged()) << res.message;
  EXPECT_NEAR(res.x.sum(), 1.4, 1e-9);
  EXPECT_NEAR(res.f, 0.1, 1e-12);
}

TEST(LevenbergMarquardt, NeedsALeastSquaresObjective) {
  class Plain : public Objective<double> {
   public:
    Index dim() const override { return 1; }
    double evaluate(const Vec<double>& x, Vec<double>* g) override {
      if (g) (*g)[0] = 2 * x[0];
      return x[0] * x[0];
    }
  } f;
  LevenbergMarquardt<double> lm;
  try {
    minimize<double>(f, Vec<double>::Ones(1), lm);
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("least-squares"), std::string::npos) << e.what();
  }
}

TEST(LevenbergMarquardt, InvalidParametersNameTheField) {
  auto expect_field = [](LevenbergMarquardtParams p, const std::string& field) {
    try {
      LevenbergMarquardt<double> lm(p);
      FAIL() << "expected invalid_argument for " << field;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  };
  LevenbergMarquardtParams p;
  p.radius_factor = 0;
  expect_field(p, "radius_factor");
  p = {};
  p.reduction_tol = -1;
  expect_field(p, "reduction_tol");
  p = {};
  p.radius_tol = -1;
  expect_field(p, "radius_tol");
  p = {};
  p.cosine_tol = -1;
  expect_field(p, "cosine_tol");
  p = {};
  p.eta = 0.5;
  expect_field(p, "eta");
  p = {};
  p.max_trials = 0;
  expect_field(p, "max_trials");
  p = {};
  p.accel_alpha = 0;
  expect_field(p, "accel_alpha");
  p = {};
  p.accel_h = -0.1;
  expect_field(p, "accel_h");
}

TEST(LevenbergMarquardt, RegisteredByName) {
  auto m = make_method<double>("lm", ParamSet::parse("reduction_tol=1e-12,scaling=false"));
  EXPECT_EQ(m->name(), "lm");
  EXPECT_EQ(find_method("lm").family, "least-squares");
  EXPECT_THROW(make_method<double>("lm", ParamSet::parse("eta=2")), std::invalid_argument);
  EXPECT_THROW(make_method<double>("lm", ParamSet::parse("bogus=1")), std::invalid_argument);
  EXPECT_NO_THROW(
      make_method<double>("lm", ParamSet::parse("geodesic_accel=true,accel_alpha=0.5")));
  EXPECT_THROW(make_method<double>("lm", ParamSet::parse("accel_h=0")), std::invalid_argument);
}

}  // namespace
}  // namespace optim
