// Truncated CG (optim/second_order/truncated_cg.hpp) against its formulas: the Newton step of a
// convex quadratic in at most n products, the Steihaug-Toint exits on the trust-region boundary
// and at negative curvature (N&W Algorithm 7.2), the line-search variant's exits (Algorithm 7.1),
// the boundary root, and the accumulated model value against m(p) = g'p + 1/2 p'Bp computed
// directly. The negative-curvature cases are 2 x 2 and worked by hand in the comments.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <cmath>
#include <limits>

#include "optim/second_order/truncated_cg.hpp"
#include "optim/second_order/trust_radius.hpp"
#include "problems/analytic/quadratic.hpp"

namespace optim {
namespace {

class MatrixOperator final : public LinearOperator<double> {
 public:
  explicit MatrixOperator(Mat<double> b) : b_(std::move(b)) {}
  void apply(const Vec<double>& v, Vec<double>& out) override {
    out.noalias() = b_ * v;
    ++products;
  }
  const Mat<double>& b() const { return b_; }
  int products = 0;

 private:
  Mat<double> b_;
};

double model(const Mat<double>& b, const Vec<double>& g, const Vec<double>& p) {
  return g.dot(p) + 0.5 * p.dot(b * p);
}

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(TruncatedCg, GivesTheNewtonStepOfAConvexQuadraticInAtMostNProducts) {
  const Index n = 12;
  // Eigenvalues log-spaced in [1, 10], rotated: CG's rounding error is ~cond * eps, so 1e-10
  // relative is a margin of ~1e4 over it.
  MatrixOperator b(problems::matrix_from_spectrum(problems::log_spaced_spectrum(n, 10.0)));
  Vec<double> g(n);
  for (Index i = 0; i < n; ++i) g[i] = std::cos(1.0 + i);
  const Vec<double> newton = -b.b().llt().solve(g);
  for (const double delta : {kInf, 10 * newton.norm()}) {  // no radius, and one that never binds
    b.products = 0;
    TruncatedCg<double> cg(n);
    Vec<double> p(n);
    const auto res = cg.solve(b, g, delta, 1e-13 * g.norm(), 0, p);
    EXPECT_EQ(res.exit, TruncatedCgExit::Converged) << to_string(res.exit);
    EXPECT_LE(res.iterations, n);
    EXPECT_EQ(b.products, res.iterations);
    EXPECT_LE((p - newton).norm(), 1e-10 * newton.norm());
    EXPECT_FALSE(res.on_boundary);
    // At the Newton step m = -1/2 g'B^-1 g; the accumulated value equals the direct one to the
    // rounding of the sums (|m| ~ 1, a few hundred operations: 1e-12).
    EXPECT_NEAR(res.model, model(b.b(), g, p), 1e-12);
    EXPECT_NEAR(res.model, 0.5 * g.dot(newton), 1e-12);
    EXPECT_NEAR(res.step_norm, p.norm(), 1e-14);
  }
}

TEST(TruncatedCg, StopsOnTheBoundaryWhenTheNewtonStepLiesOutsideTheRadius) {
  const Index n = 8;
  MatrixOperator b(problems::matrix_from_spectrum(problems::log_spaced_spectrum(n, 50.0)));
  const Vec<double> g = Vec<double>::LinSpaced(n, -1.0, 2.0);
  const double newton_norm = b.b().llt().solve(g).norm();
  const double delta = 0.3 * newton_norm;
  TruncatedCg<double> cg(n);
  Vec<double> p(n);
  const auto res = cg.solve(b, g, delta, 0.0, 0, p);
  EXPECT_EQ(res.exit, TruncatedCgExit::Boundary);
  EXPECT_TRUE(res.on_boundary);
  EXPECT_NEAR(p.norm(), delta, 1e-13 * delta);
  EXPECT_NEAR(res.model, model(b.b(), g, p), 1e-12);
  EXPECT_LT(res.model, 0);
  // The first CG iterate is the Cauchy step; Steihaug's point does at least as well (N&W Thm 7.3).
  const double gbg = g.dot(b.b() * g);
  const double tc = std::min(g.squaredNorm() / gbg, delta / g.norm());
  EXPECT_LE(res.model, model(b.b(), g, -tc * g) + 1e-12);
}

// B = diag(1, -2), g = (1, 1): d_0 = -g has d'Bd = 1 - 2 = -1 < 0 at the first direction.
TEST(TruncatedCg, NegativeCurvatureAtTheFirstDirection) {
  MatrixOperator b(Vec<double>(Eigen::Vector2d(1, -2)).asDiagonal().toDenseMatrix());
  const Vec<double> g = Eigen::Vector2d(1, 1);
  TruncatedCg<double> cg(2);
  Vec<double> p(2);
  // Trust region Delta = 2: p = tau (-g) with |p| = 2, tau = +-sqrt 2. m(tau) = -2 tau - tau^2 / 2
  // is -2 sqrt2 - 1 at tau = sqrt2 and 2 sqrt2 - 1 at -sqrt2: the positive root.
  auto res = cg.solve(b, g, 2.0, 0.0, 0, p);
  EXPECT_EQ(res.exit, TruncatedCgExit::NegativeCurvature);
  EXPECT_TRUE(res.on_boundary);
  EXPECT_EQ(res.iterations, 1);
  EXPECT_NEAR(p[0], -std::sqrt(2.0), 1e-15);
  EXPECT_NEAR(p[1], -std::sqrt(2.0), 1e-15);
  EXPECT_NEAR(res.model, -2 * std::sqrt(2.0) - 1, 1e-14);
  EXPECT_NEAR(res.model, model(b.b(), g, p), 1e-14);
  // Line-search variant (N&W Alg. 7.1): p = -g.
  res = cg.solve(b, g, kInf, 0.0, 0, p);
  EXPECT_EQ(res.exit, TruncatedCgExit::NegativeCurvature);
  EXPECT_FALSE(res.on_boundary);
  EXPECT_EQ(p, -g);
  EXPECT_NEAR(res.model, model(b.b(), g, p), 1e-15);  // g'(-g) + g'Bg / 2 = -2 - 1/2
  EXPECT_NEAR(res.model, -2.5, 1e-15);
}

// B = diag(1, -1/4), g = (1, 1). d_0 = (-1, -1): d'Bd = 3/4, alpha = 2 / (3/4) = 8/3,
// z_1 = (-8/3, -8/3), r_1 = g + alpha B d_0 = (-5/3, 5/3), beta = (50/9) / 2 = 25/9,
// d_1 = -r_1 + beta d_0 = (-10/9, -40/9), d_1'Bd_1 = (100 - 400) / 81 < 0.
TEST(TruncatedCg, NegativeCurvatureAtTheSecondDirection) {
  MatrixOperator b(Vec<double>(Eigen::Vector2d(1, -0.25)).asDiagonal().toDenseMatrix());
  const Vec<double> g = Eigen::Vector2d(1, 1);
  TruncatedCg<double> cg(2);
  Vec<double> p(2);
  auto res = cg.solve(b, g, kInf, 0.0, 0, p);  // N&W Alg. 7.1: the last iterate z_1
  EXPECT_EQ(res.exit, TruncatedCgExit::NegativeCurvature);
  EXPECT_EQ(res.iterations, 2);
  EXPECT_NEAR(p[0], -8.0 / 3, 1e-15);
  EXPECT_NEAR(p[1], -8.0 / 3, 1e-15);
  // m(z_1) = -alpha r'r / 2 = -8/3
  EXPECT_NEAR(res.model, -8.0 / 3, 1e-14);
  EXPECT_NEAR(res.model, model(b.b(), g, p), 1e-14);

  // With Delta = 10 (|z_1| = 3.77): p = z_1 + tau d_1 on the boundary, the root of lower m.
  res = cg.solve(b, g, 10.0, 0.0, 0, p);
  EXPECT_EQ(res.exit, TruncatedCgExit::NegativeCurvature);
  EXPECT_TRUE(res.on_boundary);
  EXPECT_NEAR(p.norm(), 10.0, 1e-13);
  EXPECT_NEAR(res.model, model(b.b(), g, p), 1e-12);
  // The other root, by the quadratic formula written out here.
  const Vec<double> z = Eigen::Vector2d(-8.0 / 3, -8.0 / 3);
  const Vec<double> d = Eigen::Vector2d(-10.0 / 9, -40.0 / 9);
  const double a2 = d.squaredNorm(), a1 = 2 * z.dot(d), a0 = z.squaredNorm() - 100;
  const double disc = std::sqrt(a1 * a1 - 4 * a2 * a0);
  const double t1 = (-a1 + disc) / (2 * a2), t2 = (-a1 - disc) / (2 * a2);
  const double m1 = model(b.b(), g, z + t1 * d), m2 = model(b.b(), g, z + t2 * d);
  EXPECT_NEAR(res.model, std::min(m1, m2), 1e-12);
  EXPECT_LE((p - (m1 < m2 ? z + t1 * d : z + t2 * d)).norm(), 1e-12);
}

TEST(TruncatedCg, BoundaryRootAndTheEmptySolve) {
  const Vec<double> o = Eigen::Vector2d(0, 0);
  EXPECT_DOUBLE_EQ(boundary_step<double>(o, Eigen::Vector2d(3, 4), 10.0), 2.0);  // |2 (3,4)| = 10
  // z = (1, 0): along +e1 the boundary |x| = 3 is 2 away (z'd > 0 branch), along -e1 it is 4.
  EXPECT_DOUBLE_EQ(boundary_step<double>(Eigen::Vector2d(1, 0), Eigen::Vector2d(1, 0), 3.0), 2.0);
  EXPECT_DOUBLE_EQ(boundary_step<double>(Eigen::Vector2d(1, 0), Eigen::Vector2d(-1, 0), 3.0), 4.0);
  // A gradient that already passes the residual test: p = 0 and no product.
  MatrixOperator b(Mat<double>::Identity(2, 2));
  TruncatedCg<double> cg(2);
  Vec<double> p = Eigen::Vector2d(5, 5);
  const auto res = cg.solve(b, Eigen::Vector2d(1e-9, 0), 1.0, 1e-8, 0, p);
  EXPECT_EQ(res.exit, TruncatedCgExit::Converged);
  EXPECT_EQ(res.iterations, 0);
  EXPECT_EQ(b.products, 0);
  EXPECT_EQ(p, o);
}

TEST(TruncatedCg, StopsAfterMaxIterDirections) {
  const Index n = 20;
  MatrixOperator b(problems::matrix_from_spectrum(problems::log_spaced_spectrum(n, 1e3)));
  TruncatedCg<double> cg(n);
  Vec<double> p(n);
  const auto res = cg.solve(b, Vec<double>::Ones(n), kInf, 0.0, 3, p);
  EXPECT_EQ(res.exit, TruncatedCgExit::MaxIterations);
  EXPECT_EQ(res.iterations, 3);
  EXPECT_EQ(b.products, 3);
  EXPECT_NEAR(res.model, model(b.b(), Vec<double>::Ones(n), p), 1e-10);
}

// N&W Algorithm 4.1's radius update (trust_radius.hpp), case by case.
TEST(TrustRadius, FollowsAlgorithm41) {
  // rho < 1/4: a quarter of min(Delta, |p|).
  EXPECT_DOUBLE_EQ(next_trust_radius(2.0, 2.0, true, 0.1, 100), 0.5);
  EXPECT_DOUBLE_EQ(next_trust_radius(2.0, 0.4, false, 0.1, 100), 0.1);  // interior step
  EXPECT_DOUBLE_EQ(next_trust_radius(2.0, 2.0, true, -5, 100), 0.5);
  EXPECT_DOUBLE_EQ(next_trust_radius(2.0, 2.0, true, std::nan(""), 100), 0.5);
  // rho > 3/4 on the boundary: doubled, capped by Delta_max.
  EXPECT_DOUBLE_EQ(next_trust_radius(2.0, 2.0, true, 0.9, 100), 4.0);
  EXPECT_DOUBLE_EQ(next_trust_radius(80.0, 80.0, true, 0.9, 100), 100.0);
  // rho > 3/4 inside the ball, or 1/4 <= rho <= 3/4: unchanged.
  EXPECT_DOUBLE_EQ(next_trust_radius(2.0, 1.0, false, 0.9, 100), 2.0);
  EXPECT_DOUBLE_EQ(next_trust_radius(2.0, 2.0, true, 0.5, 100), 2.0);
  EXPECT_DOUBLE_EQ(next_trust_radius(2.0, 2.0, true, 0.25, 100), 2.0);
}

}  // namespace
}  // namespace optim
