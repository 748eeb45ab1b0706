// The trust-region subproblem solvers against the optimality conditions of Moré & Sorensen
// (1983; N&W Theorem 4.1): p solves min g'p + 1/2 p'Bp, |p| <= Delta, iff for some lambda >= 0
//   (B + lambda I) p = -g,   lambda (Delta - |p|) = 0,   B + lambda I positive semidefinite;
// on positive definite, indefinite and singular B, the hard case included; and the dogleg path
// (N&W eqs. 4.15-4.16) and Cauchy point (eq. 4.12) against their formulas.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>
#include <random>

#include "optim/second_order/dogleg.hpp"
#include "optim/second_order/trust_subproblem.hpp"
#include "problems/analytic/quadratic.hpp"

namespace optim {
namespace {

double model(const Mat<double>& b, const Vec<double>& g, const Vec<double>& p) {
  return g.dot(p) + 0.5 * p.dot(b * p);
}

// The three conditions, with tolerances relative to the data's scale: the solver's lambda is the
// root of |p(lambda)| = Delta to 1000 ulp, and p is formed from it exactly, so the residual of
// (B + lambda I) p = -g is rounding of an n x n product (~n eps |B||p|: 1e-12 for n <= 10).
void expect_optimal(const Mat<double>& b, const Vec<double>& g, double delta,
                    const TrustSubproblemSolution<double>& s, const Vec<double>& p) {
  const Index n = g.size();
  const double scale = std::max(1.0, b.norm()) * std::max(1.0, p.norm()) + g.norm();
  const Mat<double> shifted = b + s.lambda * Mat<double>::Identity(n, n);
  EXPECT_GE(s.lambda, 0.0);
  EXPECT_LE((shifted * p + g).norm(), 1e-12 * scale) << "(B + lambda I) p = -g";
  EXPECT_LE(p.norm(), delta * (1 + 1e-12));
  EXPECT_LE(s.lambda * std::abs(delta - p.norm()), 1e-12 * scale) << "complementarity";
  const double mineig = Eigen::SelfAdjointEigenSolver<Mat<double>>(shifted).eigenvalues()[0];
  EXPECT_GE(mineig, -1e-10 * std::max(1.0, b.norm())) << "B + lambda I psd";
  EXPECT_NEAR(s.model, model(b, g, p), 1e-12 * scale);
  EXPECT_NEAR(s.step_norm, p.norm(), 1e-14 * std::max(1.0, delta));
}

TEST(ExactTrustSubproblem, InteriorNewtonStepWhenItFits) {
  const Mat<double> b = problems::matrix_from_spectrum({1, 2, 5, 10});
  const Vec<double> g = Eigen::Vector4d(1, -1, 0.5, 2);
  ExactTrustSubproblem<double> tr(4);
  ASSERT_TRUE(tr.factor(b));
  Vec<double> p(4);
  const Vec<double> newton = -b.llt().solve(g);
  const auto s = tr.solve(g, 2 * newton.norm(), p);
  EXPECT_EQ(s.lambda, 0.0);
  EXPECT_FALSE(s.on_boundary);
  EXPECT_LE((p - newton).norm(), 1e-13 * newton.norm());
  expect_optimal(b, g, 2 * newton.norm(), s, p);
}

TEST(ExactTrustSubproblem, BoundarySolutionsOnDefiniteIndefiniteAndSingularB) {
  std::mt19937_64 rng(7);  // fixed seed: the random g of each case
  std::uniform_real_distribution<double> u(-1, 1);
  const std::vector<std::vector<double>> spectra = {
      {1, 3, 10, 30, 100}, {-4, -1, 0.5, 2, 8}, {0, 0, 1, 2, 3}, {-2, -2, 1, 5, 9}};
  // A fixed orthogonal Q (the eigenvectors of a generated SPD matrix) rotates each spectrum, zero
  // eigenvalues included (matrix_from_spectrum refuses those).
  const Mat<double> q = Eigen::SelfAdjointEigenSolver<Mat<double>>(
                            problems::matrix_from_spectrum({1, 2, 3, 4, 5}, true, 11))
                            .eigenvectors();
  for (const auto& spec : spectra) {
    const Mat<double> b =
        q * Eigen::Map<const Vec<double>>(spec.data(), 5).asDiagonal() * q.transpose();
    Vec<double> g(5);
    for (Index i = 0; i < 5; ++i) g[i] = u(rng);
    ExactTrustSubproblem<double> tr(5);
    ASSERT_TRUE(tr.factor(b));
    for (const double delta : {1e-3, 0.1, 1.0, 10.0}) {
      SCOPED_TRACE("lambda_1 = " + std::to_string(spec[0]) + ", Delta = " + std::to_string(delta));
      Vec<double> p(5);
      const auto s = tr.solve(g, delta, p);
      expect_optimal(b, g, delta, s, p);
      if (spec[0] <= 0) {
        EXPECT_TRUE(s.on_boundary);  // no interior minimiser without positive definiteness
        EXPECT_FALSE(s.hard_case);   // a random g has a component along q_1
      }
      // Global optimality, checked independently: no point of the sphere sampled does better.
      for (int k = 0; k < 200; ++k) {
        Vec<double> z(5);
        for (Index i = 0; i < 5; ++i) z[i] = u(rng);
        z *= delta / z.norm() * (k % 2 == 0 ? 1.0 : 0.5);
        EXPECT_LE(s.model, model(b, g, z) + 1e-12);
      }
    }
  }
}

// B = diag(-1, 1, 2), g = (0, 1, 1): g has no component along q_1 = e_1. At lambda = 1,
// -(B + I)^+ g = (0, -1/2, -1/3), of norm 0.601 < Delta = 2: the hard case, lambda = -lambda_1 = 1
// and p = (tau, -1/2, -1/3) with tau^2 = 4 - 1/4 - 1/9 (N&W eq. 4.45).
TEST(ExactTrustSubproblem, HardCase) {
  const Mat<double> b = Eigen::Vector3d(-1, 1, 2).asDiagonal();
  const Vec<double> g = Eigen::Vector3d(0, 1, 1);
  ExactTrustSubproblem<double> tr(3);
  ASSERT_TRUE(tr.factor(b));
  Vec<double> p(3);
  const auto s = tr.solve(g, 2.0, p);
  EXPECT_TRUE(s.hard_case);
  EXPECT_DOUBLE_EQ(s.lambda, 1.0);
  EXPECT_NEAR(std::abs(p[0]), std::sqrt(4 - 0.25 - 1.0 / 9), 1e-14);
  EXPECT_NEAR(p[1], -0.5, 1e-15);
  EXPECT_NEAR(p[2], -1.0 / 3, 1e-15);
  expect_optimal(b, g, 2.0, s, p);
  // A smaller radius than 0.601 is not the hard case: lambda > 1 reaches the boundary.
  const auto s2 = tr.solve(g, 0.3, p);
  EXPECT_FALSE(s2.hard_case);
  EXPECT_GT(s2.lambda, 1.0);
  expect_optimal(b, g, 0.3, s2, p);
  // g = 0 with negative curvature: the step is Delta q_1, m = lambda_1 Delta^2 / 2.
  const auto s3 = tr.solve(Vec<double>::Zero(3), 2.0, p);
  EXPECT_TRUE(s3.hard_case);
  EXPECT_NEAR(s3.model, -2.0, 1e-14);
  expect_optimal(b, Vec<double>::Zero(3), 2.0, s3, p);
}

TEST(Dogleg, FollowsThePathOfEquations415To416) {
  const Mat<double> b = Eigen::Vector2d(1, 10).asDiagonal();
  const Vec<double> g = Eigen::Vector2d(1, 1);
  // p_B = (-1, -0.1), |p_B| = 1.005; p_U = -(2 / 11) g, |p_U| = 0.257.
  Dogleg<double> dl(2);
  dl.prepare(b, g);
  Vec<double> p(2);
  auto s = dl.solve(2.0, p);  // the full step fits
  EXPECT_FALSE(s.on_boundary);
  EXPECT_NEAR(p[0], -1.0, 1e-15);
  EXPECT_NEAR(p[1], -0.1, 1e-15);
  s = dl.solve(0.1, p);  // inside p_U: steepest descent to the boundary
  EXPECT_TRUE(s.on_boundary);
  EXPECT_NEAR(p[0], -0.1 / std::sqrt(2.0), 1e-15);
  EXPECT_NEAR(p[1], -0.1 / std::sqrt(2.0), 1e-15);
  s = dl.solve(0.5, p);  // on the second leg: p = p_U + t (p_B - p_U), |p| = 0.5, t in (0, 1)
  EXPECT_TRUE(s.on_boundary);
  EXPECT_NEAR(p.norm(), 0.5, 1e-15);
  const Vec<double> pu = -(2.0 / 11) * g, pb = Eigen::Vector2d(-1, -0.1);
  const double t = (p - pu).norm() / (pb - pu).norm();
  EXPECT_GT(t, 0);
  EXPECT_LT(t, 1);
  EXPECT_LE((pu + t * (pb - pu) - p).norm(), 1e-15);
  EXPECT_NEAR(s.model, model(b, g, p), 1e-15);
}

// Indefinite B = diag(1, -1): Algorithm 3.3's shift, tau_0 = 1e-3 - (-1) = 1.001, makes
// B + tau I = diag(2.001, 0.001) positive definite at once; the step is the dogleg of that
// matrix and the reported model is its model. With g = (1, 2): p_B = -(1/2.001, 2000), far
// outside Delta = 3, and |p_U| = 5 / (2.001 + 0.004) * sqrt 5 = 5.58 > 3: p = -3 g / |g|.
TEST(Dogleg, ShiftsAnIndefiniteBAsAlgorithm33) {
  Dogleg<double> dl(2);
  Vec<double> p(2);
  const Mat<double> b = Eigen::Vector2d(1, -1).asDiagonal();
  const Vec<double> g = Eigen::Vector2d(1, 2);
  dl.prepare(b, g);
  auto s = dl.solve(3.0, p);
  EXPECT_FALSE(s.cauchy);
  EXPECT_DOUBLE_EQ(s.shift, 1.001);
  EXPECT_TRUE(s.on_boundary);
  EXPECT_LE((p + 3.0 / std::sqrt(5.0) * g).norm(), 1e-15);
  const Mat<double> shifted = Eigen::Vector2d(2.001, 0.001).asDiagonal();
  EXPECT_NEAR(s.model, model(shifted, g, p), 1e-12);
  // A radius beyond p_B: the shifted Newton step itself.
  s = dl.solve(1e4, p);
  EXPECT_FALSE(s.on_boundary);
  EXPECT_NEAR(p[0], -1 / 2.001, 1e-12);
  EXPECT_NEAR(p[1], -2 / 0.001, 1e-9);
}

// A non-finite B has no positive definite shift: the Cauchy point of N&W eq. 4.12. With
// B = diag(inf, 1) and g = (0, 1), g'Bg = 0 * inf + 1 is NaN, not a positive number, so tau = 1
// and p = -Delta g / |g| = (0, -2).
TEST(Dogleg, CauchyPointWhenNoShiftHelps) {
  Dogleg<double> dl(2);
  Vec<double> p(2);
  const Mat<double> b = Eigen::Vector2d(std::numeric_limits<double>::infinity(), 1).asDiagonal();
  const Vec<double> g = Eigen::Vector2d(0, 1);
  dl.prepare(b, g);
  const auto s = dl.solve(2.0, p);
  EXPECT_TRUE(s.cauchy);
  EXPECT_LE((p - Eigen::Vector2d(0, -2)).norm(), 1e-15);
}

}  // namespace
}  // namespace optim
