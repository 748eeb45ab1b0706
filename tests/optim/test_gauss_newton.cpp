// Gauss-Newton: the Gauss-Newton matrix J'J (seed 003, eqs. 12-13), the step, the line search,
// both solvers, and the NumericalError status on a rank-deficient Jacobian.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <cmath>

#include "optim/least_squares/gauss_newton.hpp"
#include "optim/line_search/armijo.hpp"
#include "optim/optim.hpp"

namespace optim {
namespace {

std::shared_ptr<const LineSearch<double>> armijo() {
  return std::make_shared<ArmijoLineSearch<double>>();
}

// r(x) = A x - b, m = 3, n = 2: f = 1/2||Ax - b||^2 is quadratic with Hessian exactly A'A (the
// residual-curvature term of seed 003 eq. 12 vanishes), so Gauss-Newton is Newton here and one
// full step lands on the normal-equation solution.
class Linear : public LeastSquaresObjective<double> {
 public:
  Linear() {
    a_.resize(3, 2);
    a_ << 1, 2, 3, 4, 5, 7;
    b_.resize(3);
    b_ << 1, 0, 2;
  }
  Index dim() const override { return 2; }
  Index num_residuals() const override { return 3; }
  void residuals(const Vec<double>& x, Vec<double>* r, Mat<double>* j) override {
    *r = a_ * x - b_;
    if (j) *j = a_;
  }
  Mat<double> a_;
  Vec<double> b_;
};

// Rosenbrock residuals r = (10 (x1 - x0^2), 1 - x0).
class Rosenbrock : public LeastSquaresObjective<double> {
 public:
  Index dim() const override { return 2; }
  Index num_residuals() const override { return 2; }
  void residuals(const Vec<double>& x, Vec<double>* r, Mat<double>* j) override {
    (*r) << 10 * (x[1] - x[0] * x[0]), 1 - x[0];
    if (j) (*j) << -20 * x[0], 10, -1, 0;
  }
};

TEST(GaussNewton, OneFullStepSolvesALinearProblem) {
  for (auto solver : {GaussNewtonSolver::Qr, GaussNewtonSolver::Ldlt}) {
    Linear f;
    GaussNewtonParams p;
    p.solver = solver;
    GaussNewton<double> gn(armijo(), p);
    StopOptions stop;
    stop.gtol = 1e-10;
    auto res = minimize<double>(f, Vec<double>::Zero(2), gn, stop);
    // x* solves A'A x = A'b (seed 003 eq. 13 with the exact Gauss-Newton matrix).
    const Vec<double> xstar = (f.a_.transpose() * f.a_).ldlt().solve(f.a_.transpose() * f.b_);
    EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
    EXPECT_EQ(res.iterations, 1);
    EXPECT_NEAR((res.x - xstar).norm(), 0, 1e-12);
  }
}

TEST(GaussNewtonMatrix, EqualsTheHessianAtAZeroResidualSolution) {
  // Seed 003 eq. 12: H = sum r_i H_i + J'J; at x* = (1, 1) of Rosenbrock r = 0, so H = J'J.
  // The exact Hessian of f = 50 (x1 - x0^2)^2 + 1/2 (1 - x0)^2 at (1,1) is [[401, -200], [-200,
  // 100]].
  Rosenbrock f;
  Vec<double> x(2), r(2);
  x << 1, 1;
  Mat<double> j(2, 2);
  f.residuals(x, &r, &j);
  Mat<double> h(2, 2);
  h << 401, -200, -200, 100;
  EXPECT_LT((j.transpose() * j - h).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(GaussNewton, SolvesRosenbrockWithBothSolvers) {
  Vec<double> x0(2);
  x0 << -1.2, 1;
  for (auto solver : {GaussNewtonSolver::Qr, GaussNewtonSolver::Ldlt}) {
    Rosenbrock f;
    GaussNewtonParams p;
    p.solver = solver;
    GaussNewton<double> gn(armijo(), p);
    StopOptions stop;
    stop.gtol = 1e-10;
    auto res = minimize<double>(f, x0, gn, stop);
    EXPECT_TRUE(res.converged()) << res.message;
    EXPECT_NEAR(res.x[0], 1, 1e-9);
    EXPECT_NEAR(res.x[1], 1, 1e-9);
  }
}

TEST(GaussNewton, RankDeficientJacobianIsANumericalErrorStatus) {
  class RankOne : public LeastSquaresObjective<double> {
   public:
    Index dim() const override { return 2; }
    Index num_residuals() const override { return 2; }
    void residuals(const Vec<double>& x, Vec<double>* r, Mat<double>* j) override {
      (*r) << x[0] + x[1] - 1, 2 * (x[0] + x[1]) - 3;
      if (j) (*j) << 1, 1, 2, 2;
    }
  };
  for (auto solver : {GaussNewtonSolver::Qr, GaussNewtonSolver::Ldlt}) {
    RankOne f;
    GaussNewtonParams p;
    p.solver = solver;
    GaussNewton<double> gn(armijo(), p);
    auto res = minimize<double>(f, Vec<double>::Zero(2), gn);
    EXPECT_EQ(res.status, Status::NumericalError);
    EXPECT_NE(res.message.find("rank deficient"), std::string::npos) << res.message;
    EXPECT_EQ(res.iterations, 0);
    EXPECT_TRUE(res.x.allFinite());
  }
}

TEST(GaussNewton, StopsWhenThePredictedReductionIsAtRoundingLevel) {
  // Started at the solution of a nonzero-residual problem the model predicts no reduction.
  Linear f;
  const Vec<double> xstar = (f.a_.transpose() * f.a_).ldlt().solve(f.a_.transpose() * f.b_);
  GaussNewton<double> gn(armijo());
  StopOptions stop;
  stop.gtol = 0;
  auto res = minimize<double>(f, xstar, gn, stop);
  EXPECT_EQ(res.status, Status::ConvergedFChange) << res.message;
  EXPECT_EQ(res.iterations, 0);
}

TEST(GaussNewton, BadInputThrows) {
  EXPECT_THROW(GaussNewton<double>(nullptr), std::invalid_argument);
  GaussNewtonParams p;
  p.rank_tol = 1;
  EXPECT_THROW(GaussNewton<double>(armijo(), p), std::invalid_argument);
  p = {};
  p.prediction_tol = -1;
  EXPECT_THROW(GaussNewton<double>(armijo(), p), std::invalid_argument);
  class Plain : public Objective<double> {
   public:
    Index dim() const override { return 1; }
    double evaluate(const Vec<double>& x, Vec<double>* g) override {
      if (g) (*g)[0] = 2 * x[0];
      return x[0] * x[0];
    }
  } f;
  GaussNewton<double> gn(armijo());
  EXPECT_THROW(minimize<double>(f, Vec<double>::Ones(1), gn), std::invalid_argument);
}

TEST(GaussNewton, RegisteredByNameWithSolverAndLineSearch) {
  EXPECT_EQ(make_method<double>("gauss-newton")->name(), "gauss-newton");
  EXPECT_NO_THROW(
      make_method<float>("gauss-newton", ParamSet::parse("solver=ldlt,line_search=wolfe")));
  try {
    make_method<double>("gauss-newton", ParamSet::parse("solver=svd"));
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("solver"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace optim
