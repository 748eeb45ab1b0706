// SR1 and DFP (optim/second_order/sr1.hpp, dfp.hpp): each update against the secant equation
// (B+ s = y for SR1, H+ y = s for DFP) and the formula itself, SR1's skip rule (N&W eq. 6.26) on
// a pair that fails it, and convergence through the driver.
#include <gtest/gtest.h>

#include <random>

#include "optim/optim.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

using testfn::BealeFn;
using testfn::RosenbrockFn;

Mat<double> random_symmetric(Index n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(-1, 1);
  Mat<double> a(n, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j) a(i, j) = u(rng);
  return (a + a.transpose()) / 2;
}

Vec<double> random_vec(Index n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(-1, 1);
  Vec<double> v(n);
  for (Index i = 0; i < n; ++i) v[i] = u(rng);
  return v;
}

// Tolerances: one rank-one update of O(1) data, rounding ~n eps per entry; 1e-12 leaves a margin.
TEST(Sr1Update, SatisfiesTheSecantEquationAndTheFormula) {
  std::mt19937_64 rng(3);  // fixed seed
  for (int trial = 0; trial < 20; ++trial) {
    const Index n = 6;
    Mat<double> b = random_symmetric(n, rng);  // SR1's B need not be definite
    const Mat<double> b0 = b;
    const Vec<double> s = random_vec(n, rng), y = random_vec(n, rng);
    Vec<double> v(n);
    ASSERT_TRUE(sr1_update<double>(b, s, y, 1e-8, v));
    EXPECT_LE((b * s - y).norm(), 1e-12) << "B+ s = y";
    const Vec<double> w = y - b0 * s;
    EXPECT_LE((b - (b0 + w * w.transpose() / w.dot(s))).norm(), 1e-12);
    EXPECT_LE((b - b.transpose()).norm(), 1e-14);
  }
}

// s = e1, B = I, y = s + e2: v = y - Bs = e2 is orthogonal to s, |s'v| = 0 < r |s||v|: skipped,
// B unchanged. With y = s + e2 + 1e-9 e1, |s'v| = 1e-9 >= 1e-8 * 1 * 1.0 fails too (1e-9 < 1e-8);
// with 1e-7 e1 it passes.
TEST(Sr1Update, SkipsWhenTheDenominatorIsUnsafe) {
  Mat<double> b = Mat<double>::Identity(3, 3);
  const Vec<double> s = Eigen::Vector3d(1, 0, 0);
  Vec<double> v(3);
  EXPECT_FALSE(sr1_update<double>(b, s, Eigen::Vector3d(1, 1, 0), 1e-8, v));
  EXPECT_EQ(b, Mat<double>::Identity(3, 3));
  EXPECT_FALSE(sr1_update<double>(b, s, Eigen::Vector3d(1 + 1e-9, 1, 0), 1e-8, v));
  EXPECT_EQ(b, Mat<double>::Identity(3, 3));
  EXPECT_TRUE(sr1_update<double>(b, s, Eigen::Vector3d(1 + 1e-7, 1, 0), 1e-8, v));
  EXPECT_LE((b * s - Eigen::Vector3d(1 + 1e-7, 1, 0)).norm(), 1e-9);  // |v|^2/v's ~ 1e7 entries
}

TEST(DfpUpdate, SatisfiesTheSecantEquationAndTheFormula) {
  std::mt19937_64 rng(5);  // fixed seed
  for (int trial = 0; trial < 20; ++trial) {
    const Index n = 6;
    Mat<double> a = random_symmetric(n, rng);
    Mat<double> h = a * a.transpose() + Mat<double>::Identity(n, n);  // positive definite
    const Mat<double> h0 = h;
    const Vec<double> s = random_vec(n, rng);
    Vec<double> y = random_vec(n, rng);
    if (y.dot(s) < 0) y = -y;  // the curvature condition the line search guarantees
    Vec<double> hy(n);
    dfp_inverse_update<double>(h, s, y, hy);
    EXPECT_LE((h * y - s).norm(), 1e-11 * (1 + h0.norm())) << "H+ y = s";
    const Vec<double> h0y = h0 * y;
    const Mat<double> formula =
        h0 - h0y * h0y.transpose() / y.dot(h0y) + s * s.transpose() / y.dot(s);
    EXPECT_LE((h - formula).norm(), 1e-11 * (1 + h0.norm()));
  }
}

TEST(QuasiNewtonFamily, Sr1AndDfpConvergeOnRosenbrockAndBeale) {
  for (const char* name : {"sr1", "dfp"}) {
    SCOPED_TRACE(name);
    StopOptions stop;
    stop.gtol = 1e-8;
    stop.max_iter = 2000;
    RosenbrockFn<double> rosen(4);
    auto m = make_method<double>(name);
    auto r = minimize<double>(rosen, RosenbrockFn<double>::start(4), *m, stop);
    ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
    EXPECT_LE((r.x - Vec<double>::Ones(4)).lpNorm<Eigen::Infinity>(), 1e-6);
    EXPECT_EQ(r.evals.h, 0);  // quasi-Newton: no Hessian
    BealeFn<double> beale;
    r = minimize<double>(beale, Eigen::Vector2d(1, 1), *m, stop);
    ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
    EXPECT_NEAR(r.x[0], 3.0, 1e-6);
    EXPECT_NEAR(r.x[1], 0.5, 1e-6);
  }
}

}  // namespace
}  // namespace optim
