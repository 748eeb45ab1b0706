// An expression objective plugs into every registered method, in float and double, and its
// evaluations allocate nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>

#include "optim/optim.hpp"
#include "problems/expr/expression_objective.hpp"

// Counting global allocation: the test binary's operator new counts calls while a probe is armed.
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  if (size == 0) size = 1;
  if (void* p = std::malloc(size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace optim::expr {
namespace {

// A convex quadratic with minimiser (x, y) = (48/31, -68/31): solve 2(x-1) + y/2 = 0 and
// 4(y+2) + x/2 = 0.
const char* kQuadratic = "(x-1)^2 + 2*(y+2)^2 + x*y/2";

template <class S>
void every_method_decreases(const char* scalar) {
  const auto& methods = all_methods();
  ASSERT_FALSE(methods.empty());
  for (const auto& info : methods) {
    ExpressionObjective<S> obj(kQuadratic);
    Vec<S> x0 = Vec<S>::Zero(2);
    const S f0 = obj.value(x0);
    auto method = make_method<S>(info.name);
    StopOptions stop;
    stop.max_iter = 200;
    // diag-newton needs a network's Gauss-Newton diagonal (tests/nn/test_gauss_newton_diagonal).
    if (info.family == "least-squares" || info.family == "root-finding" ||
        info.name == "diag-newton") {
      // Least-squares methods and root finders need residuals; a formula is a scalar objective.
      // They are run on expression models (test_expr_model.cpp) and systems (test_root_finding*)
      // instead; here they must refuse with a clear error.
      EXPECT_THROW(minimize<S>(obj, x0, *method, stop), std::invalid_argument) << info.name;
      continue;
    }
    const Result<S> res = minimize<S>(obj, x0, *method, stop);
    EXPECT_TRUE(std::isfinite(res.f)) << info.name << " " << scalar;
    EXPECT_LT(res.f, f0) << info.name << " " << scalar << ": " << res.message;
  }
}

TEST(ExprObjective, EveryMethodRunsOnAFormulaDouble) {
  every_method_decreases<double>("double");
}
TEST(ExprObjective, EveryMethodRunsOnAFormulaFloat) {
  every_method_decreases<float>("float");
}

TEST(ExprObjective, GradientDescentReachesTheMinimiser) {
  ExpressionObjective<double> obj(kQuadratic);
  StopOptions stop;
  stop.gtol = 1e-10;
  stop.max_iter = 5000;
  auto gd = make_method<double>("gd");
  const Result<double> res = minimize<double>(obj, Vec<double>::Zero(2), *gd, stop);
  EXPECT_TRUE(res.converged()) << res.message;
  // The driver returns the lowest-f point, which near the minimum may be an earlier iterate (f
  // differs there only by rounding), so bound the error by the returned gradient norm: with
  // Hessian eigenvalues 3 -+ sqrt(1.25) >= 1.88, |x - x*|_2 <= |g|_2 / 1.88 <= sqrt(2) |g|_inf
  // / 1.88.
  EXPECT_LE(res.grad_norm, 1e-7) << res.message;
  const double bound = std::sqrt(2.0) * res.grad_norm / 1.88 + 1e-15;
  EXPECT_LE(std::hypot(res.x[0] - 48.0 / 31.0, res.x[1] + 68.0 / 31.0), bound);
}

TEST(ExprObjective, EvaluationAllocatesNothing) {
  ExpressionObjective<double> obj("sum = sin(x)*exp(y) + log(1 + x^2); sum^2 + atan2(y, x) - z/x");
  Vec<double> x(3), g(3), v(3), hv(3);
  x << 0.7, -0.2, 1.5;
  v << 1.0, 2.0, -1.0;
  Mat<double> h(3, 3);
  g_allocations = 0;
  g_counting = true;
  double sink = 0;
  for (int k = 0; k < 10; ++k) {
    sink += obj.value(x);
    sink += obj.evaluate(x, &g);
    obj.hessian_vector(x, v, &hv);
    obj.hessian(x, &h);
  }
  g_counting = false;
  EXPECT_TRUE(std::isfinite(sink));
  EXPECT_EQ(g_allocations.load(), 0);
}

}  // namespace
}  // namespace optim::expr
