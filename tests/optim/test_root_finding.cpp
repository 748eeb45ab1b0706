// Root finding for square systems (optim/root_finding/): Broyden's update satisfies the secant
// equation exactly and changes B only along s (Broyden 1965; N&W eq. 11.27); Newton converges
// quadratically with the constant the Taylor expansion predicts (N&W Theorem 11.2); both solve
// MGH square systems with known roots; a singular Jacobian and a non-square system give a status
// or a clear error, never a crash.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "optim/checkpoint/run_checkpoint.hpp"
#include "optim/driver.hpp"
#include "optim/observer.hpp"
#include "optim/registry.hpp"
#include "optim/root_finding/broyden.hpp"
#include "optim/root_finding/newton_system.hpp"
#include "problems/registry.hpp"
#include "support/alloc_counter.hpp"

namespace optim {
namespace {

// r(x, y) = (x^2 + y^2 - 4, x - y): the circle of radius 2 meets the diagonal at (sqrt 2, sqrt 2).
class CircleDiagonal final : public LeastSquaresObjective<double> {
 public:
  Index dim() const override { return 2; }
  Index num_residuals() const override { return 2; }
  void residuals(const Vec<double>& x, Vec<double>* r, Mat<double>* j) override {
    (*r)[0] = x[0] * x[0] + x[1] * x[1] - 4;
    (*r)[1] = x[0] - x[1];
    if (j) *j << 2 * x[0], 2 * x[1], 1, -1;
  }
};

// r = (x + y, 2x + 2y - 1): the rows are dependent, J is singular everywhere, there is no root.
class Dependent final : public LeastSquaresObjective<double> {
 public:
  Index dim() const override { return 2; }
  Index num_residuals() const override { return 2; }
  void residuals(const Vec<double>& x, Vec<double>* r, Mat<double>* j) override {
    (*r)[0] = x[0] + x[1];
    (*r)[1] = 2 * x[0] + 2 * x[1] - 1;
    if (j) *j << 1, 1, 2, 2;
  }
};

// Keeps every accepted iterate.
class Iterates final : public Observer<double> {
 public:
  void on_start(const IterationRecord<double>& r) override { xs.push_back(*r.x); }
  Status on_iteration(const IterationRecord<double>& r) override {
    xs.push_back(*r.x);
    return Status::Running;
  }
  std::vector<Vec<double>> xs;
};

TEST(Broyden, UpdateSatisfiesTheSecantEquationAndChangesBOnlyAlongS) {
  std::mt19937 rng(7);  // fixed seed
  std::normal_distribution<double> z;
  const Index n = 5;
  Mat<double> b(n, n), b0(n, n);
  Vec<double> s(n), y(n), bs(n), v(n);
  for (int trial = 0; trial < 20; ++trial) {
    for (Index i = 0; i < n; ++i) {
      s[i] = z(rng);
      y[i] = z(rng);
      v[i] = z(rng);
      for (Index k = 0; k < n; ++k) b(i, k) = z(rng);
    }
    b0 = b;
    ASSERT_TRUE(broyden_update<double>(b, s, y, bs));
    // B+ s = B s + (y - B s) (s's)/(s's) = y: exact up to rounding of O(n) products of O(1)
    // entries, so 1e-13 relative to the scale of y and B s.
    const double scale = 1 + y.norm() + (b0 * s).norm();
    EXPECT_LT((b * s - y).norm(), 1e-13 * scale) << trial;
    // Least change: for v orthogonal to s, B+ v = B v (the update is a rank-one term in s').
    v -= (v.dot(s) / s.squaredNorm()) * s;
    EXPECT_LT((b * v - b0 * v).norm(), 1e-13 * (1 + (b0 * v).norm())) << trial;
    // Hand-checkable: the update is (y - B s) s' / (s's).
    const Mat<double> expected = b0 + (y - b0 * s) * s.transpose() / s.squaredNorm();
    EXPECT_LT((b - expected).norm(), 1e-13 * (1 + expected.norm())) << trial;
  }
  // s = 0 carries no information: B is left as it is.
  Vec<double> zero = Vec<double>::Zero(n);
  const Mat<double> before = b;
  EXPECT_FALSE(broyden_update<double>(b, zero, y, bs));
  EXPECT_EQ(b, before);
}

TEST(NewtonSystem, ConvergesQuadraticallyWithThePredictedConstant) {
  // At the root a = sqrt 2, J = [2a 2a; 1 -1] and the second derivative of r is (2|e|^2, 0), so
  // e_{k+1} = J^{-1} (1/2) r''[e, e] + O(|e|^3) = |e|^2/(4a) (1, 1), |e_{k+1}| = |e_k|^2 / 4.
  CircleDiagonal sys;
  NewtonSystem<double> newton;
  Iterates obs;
  std::vector<Observer<double>*> observers{&obs};
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = 50;
  const Result<double> r =
      minimize<double>(sys, (Vec<double>(2) << 1, 2).finished(), newton, stop, observers);
  ASSERT_EQ(r.status, Status::ConvergedResidual) << r.message;
  EXPECT_NE(r.message.find("residual norm"), std::string::npos) << r.message;
  const double a = std::sqrt(2.0);
  std::vector<double> e;
  for (const auto& x : obs.xs) e.push_back((x - Vec<double>::Constant(2, a)).norm());
  int checked = 0;
  for (size_t k = 0; k + 1 < e.size(); ++k) {
    // In [1e-6, 1e-2] the O(|e|^3) term is <= 1e-2 relative and rounding (1e-16 / 1e-12) is
    // far below it: the ratio is 1/4 within 2%.
    if (e[k] > 1e-2 || e[k] < 1e-6) continue;
    EXPECT_NEAR(e[k + 1] / (e[k] * e[k]), 0.25, 0.005) << "k = " << k << " e_k = " << e[k];
    ++checked;
  }
  EXPECT_GE(checked, 1) << "no iterate in the quadratic range";
  // It stops once ||r|| <= residual_tol = 1e-10; sigma_min(J) = sqrt 2 at the root (J'J has
  // eigenvalues 16 and 2), so |e| <= 1e-10 / sqrt 2.
  EXPECT_LT(e.back(), 1e-10 / std::sqrt(2.0));
  EXPECT_LE(r.iterations, 8);
}

TEST(NewtonSystem, StepAllocatesNothing) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  CircleDiagonal sys;
  for (const char* name : {"newton-system", "broyden"}) {
    auto method = make_method<double>(name);
    Evaluator<double> eval(sys);
    Iterate<double> cur, next;
    cur.resize(2);
    next.resize(2);
    cur.x << 1, 2;
    auto state = method->start(eval, cur);
    StepReport rep;
    {
      testing::AllocationCounter count;
      rep = state->step(eval, cur, next);
      EXPECT_EQ(count.count(), 0) << name;
    }
    EXPECT_EQ(rep.status, Status::Running) << name << ": " << rep.message;
  }
}

// Square MGH systems with a known root (F* = 0), from the paper's standard start; both methods
// must end at a root (||r|| <= residual_tol = 1e-10) on the residual test.
TEST(RootFinding, SolvesMghSquareSystems) {
  struct Case {
    const char* problem;
    Index n;
  };
  // powell_singular has a singular Jacobian at its root (0, 0, 0, 0): Newton converges only
  // linearly there, still well inside the iteration budget.
  const std::vector<Case> cases = {{"mgh_rosenbrock", 2},
                                   {"mgh_helical_valley", 3},
                                   {"mgh_powell_singular", 4},
                                   {"mgh_broyden_tridiagonal", 10},
                                   {"mgh_discrete_boundary_value", 10},
                                   {"mgh_brown_almost_linear", 10},
                                   {"mgh_trigonometric", 10},
                                   {"mgh_chebyquad", 7}};
  for (const auto& c : cases) {
    for (const char* method : {"newton-system", "broyden"}) {
      SCOPED_TRACE(std::string(c.problem) + " " + method);
      auto p = problems::make_problem<double>(c.problem, c.n);
      auto* lsq = dynamic_cast<LeastSquaresObjective<double>*>(p.objective.get());
      ASSERT_NE(lsq, nullptr);
      ASSERT_EQ(lsq->num_residuals(), c.n);
      StopOptions stop;
      stop.gtol = 0;
      stop.max_iter = 500;
      const Result<double> r =
          minimize<double>(*p.objective, p.x0, *make_method<double>(method), stop);
      Vec<double> res(c.n);
      lsq->residuals(r.x, &res, nullptr);
      // Newton can land on a root exactly (Rosenbrock's residuals are linear in x2, quadratic in
      // x1): then J'r = 0 exactly and the driver's gradient test (gtol 0) ends the run first.
      const bool exact_root = r.status == Status::ConvergedGradient && r.grad_norm == 0;
      EXPECT_TRUE(r.status == Status::ConvergedResidual || exact_root)
          << to_string(r.status) << ": " << r.message;
      EXPECT_LE(res.norm(), 1e-10) << r.message;
      if (!p.minimizers.empty() && std::string(c.problem) != "mgh_brown_almost_linear") {
        // The root is isolated: the error is of the order of ||r|| / sigma_min(J), except for
        // powell_singular, whose singular root gives |x - x*| ~ sqrt(||r||) ~ 1e-5.
        EXPECT_LT((r.x - p.minimizers.front()).norm(), 1e-4);
      }
    }
  }
}

TEST(RootFinding, LocalMinimumOfTheResidualIsAStatus) {
  // Freudenstein-Roth's standard start leads to its local minimum of ||r|| (F = 48.98), no root:
  // J is nearly singular there and the Newton direction gives no decrease. Both methods end with
  // a failure status, never with a converged one.
  auto p = problems::make_problem<double>("mgh_freudenstein_roth", 2);
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = 500;
  for (const char* method : {"newton-system", "broyden"}) {
    const Result<double> r =
        minimize<double>(*p.objective, p.x0, *make_method<double>(method), stop);
    EXPECT_FALSE(r.converged()) << method << ": " << r.message;
    EXPECT_EQ(r.status, Status::LineSearchFailed) << method << ": " << r.message;
    EXPECT_GT(r.f, 20.0) << method;  // the local minimum has f = F/2 = 24.49
  }
}

TEST(RootFinding, SingularJacobianIsAStatus) {
  Dependent sys;
  StopOptions stop;
  stop.gtol = 0;
  for (const char* method : {"newton-system", "broyden"}) {
    const Result<double> r =
        minimize<double>(sys, Vec<double>::Zero(2), *make_method<double>(method), stop);
    EXPECT_EQ(r.status, Status::NumericalError) << method << ": " << r.message;
    EXPECT_NE(r.message.find("singular"), std::string::npos) << r.message;
    EXPECT_EQ(r.iterations, 0);
  }
}

TEST(RootFinding, BroydenRestartsFromTheJacobianWhenItsModelFails) {
  // Started far away on the circle problem, Broyden's secant model goes stale; whatever it does,
  // it ends at the root, and needs fewer Jacobians than Newton (one per iteration).
  CircleDiagonal sys;
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = 200;
  const Vec<double> x0 = (Vec<double>(2) << 30, -7).finished();
  const Result<double> b = minimize<double>(sys, x0, Broyden<double>(), stop);
  const Result<double> n = minimize<double>(sys, x0, NewtonSystem<double>(), stop);
  ASSERT_EQ(b.status, Status::ConvergedResidual) << b.message;
  ASSERT_EQ(n.status, Status::ConvergedResidual) << n.message;
  EXPECT_NEAR(b.x[0], std::sqrt(2.0), 1e-9);
  EXPECT_NEAR(b.x[1], std::sqrt(2.0), 1e-9);
  EXPECT_LT(b.evals.h, n.evals.h);
  EXPECT_EQ(n.evals.h, n.iterations + 1);  // J at x0 and at every accepted point
}

TEST(RootFinding, RefusesANonSquareSystemNamingTheCounts) {
  auto p = problems::make_problem<double>("mgh_wood", 4);  // 6 residuals in 4 unknowns
  for (const char* method : {"newton-system", "broyden"}) {
    try {
      minimize<double>(*p.objective, p.x0, *make_method<double>(method), StopOptions{});
      ADD_FAILURE() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("6 equations in 4 unknowns"), std::string::npos)
          << e.what();
    }
  }
}

TEST(RootFinding, ResumedRunIsBitIdentical) {
  // Checkpoint after 3 iterations, resume to the end: the same iterates bit for bit as one run.
  CircleDiagonal sys;
  const Vec<double> x0 = (Vec<double>(2) << 30, -7).finished();
  for (const char* method : {"newton-system", "broyden"}) {
    SCOPED_TRACE(method);
    auto m = make_method<double>(method);
    StopOptions stop;
    stop.gtol = 0;
    stop.max_iter = 200;
    const Result<double> whole = minimize<double>(sys, x0, *m, stop);
    CheckpointOptions ck;
    ck.path = ::testing::TempDir() + "root_finding_" + method + ".ckpt";
    std::remove(ck.path.c_str());
    StopOptions first = stop;
    first.max_iter = 3;
    minimize<double>(sys, x0, *m, first, {}, ck);
    ck.resume = true;
    const Result<double> resumed = minimize<double>(sys, x0, *m, stop, {}, ck);
    EXPECT_EQ(resumed.iterations, whole.iterations);
    EXPECT_EQ(resumed.x, whole.x);
    EXPECT_EQ(resumed.evals.f, whole.evals.f);
    EXPECT_EQ(resumed.evals.h, whole.evals.h);
    std::remove(ck.path.c_str());
  }
}

}  // namespace
}  // namespace optim
