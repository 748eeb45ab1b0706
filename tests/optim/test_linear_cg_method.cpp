// linear-cg as a method (optim/second_order/linear_cg_method.hpp) on generated SPD quadratics:
// the minimiser against a direct (Cholesky) solve, at most n iterations, the iterates equal to
// those of the library's linear_cg on A x = -b, and a clear failure on a non-convex quadratic.
#include <gtest/gtest.h>

#include "optim/optim.hpp"
#include "problems/analytic/quadratic.hpp"

namespace optim {
namespace {

TEST(LinearCgMethod, MatchesADirectSolveWithinNIterations) {
  const Index n = 30;
  Vec<double> b(n);
  for (Index i = 0; i < n; ++i) b[i] = std::sin(0.3 * i) + 0.5;
  // Eigenvalues in [1, 10]: CG's residual after n steps is ~1e-12 relative (docs/second_order.md),
  // so 1e-9 on x (condition 10) is a margin of ~100.
  auto q = problems::quadratic_from_spectrum<double>(problems::log_spaced_spectrum(n, 10.0), b);
  const Vec<double> direct = -q.a().llt().solve(q.b());
  auto m = make_method<double>("linear-cg");
  StopOptions stop;
  stop.gtol = 1e-10;
  const auto r = minimize<double>(q, Vec<double>::Zero(n), *m, stop);
  ASSERT_EQ(r.status, Status::ConvergedGradient) << r.message;
  EXPECT_LE(r.iterations, n);
  EXPECT_LE((r.x - direct).norm(), 1e-9 * direct.norm());
  EXPECT_EQ(r.evals.h, r.iterations);  // one product A d per iteration
  EXPECT_EQ(r.hessian_source, HessianSource::Objective);
}

// The k-th iterate is linear_cg's after k steps on A x = -b from 0 (the same recursion; the
// method re-evaluates g instead of updating r, so they agree to rounding, 1e-12 relative).
TEST(LinearCgMethod, IteratesAreLinearCgs) {
  const Index n = 12;
  auto q = problems::quadratic_from_spectrum<double>(problems::log_spaced_spectrum(n, 100.0),
                                                     Vec<double>::LinSpaced(n, -1, 1));
  for (const Index k : {1, 2, 5}) {
    auto m = make_method<double>("linear-cg");
    StopOptions stop;
    stop.max_iter = k;
    stop.gtol = 0;
    const auto r = minimize<double>(q, Vec<double>::Zero(n), *m, stop);
    Vec<double> x = Vec<double>::Zero(n);
    const Vec<double> rhs = -q.b();
    linear_cg<double>(q.a(), rhs, x, 0.0, k);
    EXPECT_LE((r.x - x).norm(), 1e-12 * std::max(1.0, x.norm())) << "k = " << k;
  }
}

// A = diag(-1, 2, 3), b = e_1: d_0 = -g_0 = -e_1 has d'Ad = -1.
TEST(LinearCgMethod, RefusesANonConvexQuadratic) {
  auto q =
      problems::quadratic_from_spectrum<double>({-1.0, 2.0, 3.0}, Vec<double>::Unit(3, 0), false);
  auto m = make_method<double>("linear-cg");
  const auto r = minimize<double>(q, Vec<double>::Zero(3), *m);
  EXPECT_EQ(r.status, Status::NumericalError);
  EXPECT_NE(r.message.find("not a convex quadratic"), std::string::npos) << r.message;
}

}  // namespace
}  // namespace optim
