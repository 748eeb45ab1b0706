// Newton's method: one step on a quadratic, attraction of plain Newton to saddles, and the
// safeguards (identity shift, eigenvalue modification, saddle-free) reaching minima.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <cmath>

#include "optim/driver.hpp"
#include "optim/finite_difference.hpp"
#include "optim/registry.hpp"
#include "optim/second_order/critical_point.hpp"
#include "optim/second_order/newton.hpp"
#include "problems/registry.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

using testfn::BealeFn;
using testfn::QuadraticFn;
using testfn::RosenbrockFn;
using testfn::SaddleFn;

NewtonParams with(HessianModification m, std::string ls = "armijo") {
  NewtonParams p;
  p.modification = m;
  p.line_search = line_search_fields(true).read(ParamSet{{"line_search", ls}});
  return p;
}

TEST(Newton, OneStepOnAQuadratic) {
  // f = 1/2 x'Ax - b'x: the Newton step from anywhere lands on A^{-1} b (seed 003 eq. 10 is exact
  // for a quadratic), so the run converges at iteration 1.
  Mat<double> a(3, 3);
  a << 4, 1, 0, 1, 3, 1, 0, 1, 2;
  Vec<double> b(3);
  b << 1, 2, 3;
  QuadraticFn<double> q(a, b);
  for (auto m : {HessianModification::None, HessianModification::IdentityShift,
                 HessianModification::Eigen, HessianModification::SaddleFree}) {
    SCOPED_TRACE(std::string(to_string(m)));
    StopOptions stop;
    stop.gtol = 1e-10;
    auto res = minimize<double>(q, Vec<double>::Constant(3, 7.0), Newton<double>(with(m)), stop);
    EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
    EXPECT_EQ(res.iterations, 1);
    EXPECT_EQ(res.evals.h, 1);
    // A is SPD with condition ~ 5, so x = A^{-1} b is accurate to ~1e-15 relative.
    EXPECT_LT((res.x - a.ldlt().solve(b)).norm(), 1e-12);
  }
}

TEST(Newton, PlainNewtonIsAttractedToTheSaddle) {
  // f = x^2 - y^2 from (0.7, 0.3): H = diag(2, -2), d = -H^{-1} g = -(x, y) lands on (0, 0) in one
  // step. |x| > |y| makes d a descent direction (g'd = -2x^2 + 2y^2 < 0), so Armijo accepts the
  // unit step; the run "converges" with zero gradient at a saddle (seeds 000, 002).
  auto prob = problems::make_problem<double>("saddle");  // the analytic registry's x^2 - y^2
  Objective<double>& s = *prob.objective;
  Vec<double> x0(2);
  x0 << 0.7, 0.3;
  for (std::string ls : {"armijo", "none"}) {
    auto res = minimize<double>(s, x0, Newton<double>(with(HessianModification::None, ls)));
    EXPECT_EQ(res.status, Status::ConvergedGradient) << ls << ": " << res.message;
    EXPECT_LT(res.x.norm(), 1e-12) << ls;
    EXPECT_EQ(classify_point<double>(s, res.x).kind, CriticalPointKind::Saddle) << ls;
  }
}

TEST(Newton, SaddleFreeLeavesTheSaddle) {
  // Same start: saddle-free Newton uses |H| = 2 I, so d = -g/2 = (-x, +y): it moves away from the
  // saddle along the negative-curvature direction and f decreases without bound. Stopped after 5
  // iterations, f must be far below f(x0) = 0.4 and |y| must have grown.
  SaddleFn<double> s;
  Vec<double> x0(2);
  x0 << 0.7, 0.3;
  StopOptions stop;
  stop.max_iter = 5;
  auto res = minimize<double>(s, x0, Newton<double>(with(HessianModification::SaddleFree)), stop);
  EXPECT_EQ(res.status, Status::MaxIterations) << res.message;
  EXPECT_LT(res.f, -1.0);
  EXPECT_GT(std::abs(res.x[1]), 1.0);
}

// Records the last accepted iterate (the driver returns the best point, which may be the start).
class LastPoint : public Observer<double> {
 public:
  Status on_iteration(const IterationRecord<double>& rec) override {
    last = *rec.x;
    return Status::Running;
  }
  Vec<double> last;
};

TEST(Newton, BealeFromOneOnePlainFailsSafeguardsReachTheMinimum) {
  // Beale at (1, 1): g = (0, 27.75), H = [[0, 27.75], [27.75, 68.5]] (indefinite, det < 0), so the
  // plain Newton direction is d = -H^{-1} g = (-1, 0) with g'd = 0: not a descent direction.
  auto prob = problems::make_problem<double>("beale");  // the analytic registry's Beale
  Objective<double>& beale = *prob.objective;
  const Vec<double> x0 = prob.x0;
  ASSERT_EQ(x0, (Vec<double>(2) << 1, 1).finished()) << "Beale's standard start (MGH) is (1, 1)";
  const double f0 = beale.value(x0);  // 14.203125
  StopOptions stop;
  stop.gtol = 1e-8;
  stop.max_iter = 200;

  // With a line search, plain Newton fails as a result: no descent along d.
  auto plain = minimize<double>(beale, x0, Newton<double>(with(HessianModification::None)), stop);
  EXPECT_EQ(plain.status, Status::LineSearchFailed) << plain.message;
  EXPECT_NE(plain.message.find("indefinite"), std::string::npos) << plain.message;
  EXPECT_EQ(plain.f, f0);  // no progress

  // With the full step (the seeds' update), it jumps to (0, 1), a critical point with
  // f = f(x0) = 14.203125: the saddle of Beale (Hessian [[0, 27.75], [27.75, 0]]).
  LastPoint last;
  Observer<double>* obs[] = {&last};
  auto full = minimize<double>(beale, x0, Newton<double>(with(HessianModification::None, "none")),
                               stop, obs);
  EXPECT_EQ(full.status, Status::ConvergedGradient) << full.message;
  ASSERT_EQ(last.last.size(), 2);
  EXPECT_NEAR(last.last[0], 0.0, 1e-12);
  EXPECT_NEAR(last.last[1], 1.0, 1e-12);
  EXPECT_NEAR(beale.value(last.last), f0, 1e-12);
  const auto cls = classify_point<double>(beale, last.last);
  EXPECT_EQ(cls.kind, CriticalPointKind::Saddle) << cls.describe();

  // The safeguards reach the global minimum (3, 0.5), f = 0, a minimum by the Hessian test.
  for (auto m : {HessianModification::IdentityShift, HessianModification::Eigen,
                 HessianModification::SaddleFree}) {
    SCOPED_TRACE(std::string(to_string(m)));
    auto res = minimize<double>(beale, x0, Newton<double>(with(m)), stop);
    EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
    EXPECT_LT(res.f, 1e-14);  // quadratic convergence from gtol 1e-8 leaves f ~ 1e-17
    EXPECT_LT(res.f, f0);
    EXPECT_NEAR(res.x[0], 3.0, 1e-6);
    EXPECT_NEAR(res.x[1], 0.5, 1e-6);
    EXPECT_EQ(classify_point<double>(beale, res.x).kind, CriticalPointKind::Minimum);
    EXPECT_LE(res.iterations, 30);
  }
}

TEST(Newton, ModifiedStepsByHandOnTheSaddle) {
  // One full step (line_search=none) from (0.7, 0.3) on x^2 - y^2, H = diag(2, -2), g = (1.4,
  // -0.6).
  SaddleFn<double> s;
  Vec<double> x0(2);
  x0 << 0.7, 0.3;
  StopOptions stop;
  stop.max_iter = 1;
  auto one = [&](HessianModification m) {
    return minimize<double>(s, x0, Newton<double>(with(m, "none")), stop).x;
  };
  // Identity shift (N&W Alg. 3.3, beta = 1e-3): min diag = -2, tau = 2.001, H + tau I =
  // diag(4.001, 0.001) is positive definite at the first try.
  Vec<double> x = one(HessianModification::IdentityShift);
  EXPECT_NEAR(x[0], 0.7 - 1.4 / 4.001, 1e-12);
  EXPECT_NEAR(x[1], 0.3 + 0.6 / 0.001, 1e-9);
  // Saddle-free: |H| = 2 I, d = -g / 2 = (-0.7, 0.3).
  x = one(HessianModification::SaddleFree);
  EXPECT_NEAR(x[0], 0.0, 1e-15);
  EXPECT_NEAR(x[1], 0.6, 1e-15);
  // Eigenvalue modification: lambda = -2 -> delta = 1e-8 * max(1, 2) = 2e-8.
  x = one(HessianModification::Eigen);
  EXPECT_NEAR(x[0], 0.0, 1e-15);
  EXPECT_NEAR(x[1], 0.3 + 0.6 / 2e-8, 1e-6 * 3e7);
}

// f = x^4 + y^2: Hessian diag(12 x^2, 2), singular on the line x = 0.
class QuarticFn : public Objective<double>, public HessianProvider<double> {
 public:
  Index dim() const override { return 2; }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    if (g) *g << 4 * std::pow(x[0], 3), 2 * x[1];
    return std::pow(x[0], 4) + x[1] * x[1];
  }
  void hessian(const Vec<double>& x, Mat<double>* h) override { *h << 12 * x[0] * x[0], 0, 0, 2; }
};

TEST(Newton, SingularHessianIsANumericalErrorForPlainNewton) {
  QuarticFn q;
  Vec<double> x0(2);
  x0 << 0.0, 1.0;
  auto res = minimize<double>(q, x0, Newton<double>(with(HessianModification::None)));
  EXPECT_EQ(res.status, Status::NumericalError);
  EXPECT_NE(res.message.find("singular"), std::string::npos) << res.message;
  EXPECT_EQ(res.x, x0);
  // The identity shift handles it: tau = beta on the zero diagonal entry.
  auto ok = minimize<double>(q, x0, Newton<double>(with(HessianModification::IdentityShift)));
  EXPECT_EQ(ok.status, Status::ConvergedGradient) << ok.message;
}

TEST(Newton, RosenbrockTwoAndTenDimensions) {
  // From the standard start (-1.2, 1, ...), every safeguarded variant reaches the minimum at 1.
  // double: gtol 1e-8 (Newton converges quadratically, so the last step overshoots it by far).
  for (Index n : {2, 10}) {
    RosenbrockFn<double> rb(n);
    for (auto m : {HessianModification::IdentityShift, HessianModification::Eigen,
                   HessianModification::SaddleFree}) {
      SCOPED_TRACE("n = " + std::to_string(n) + ", " + std::string(to_string(m)));
      StopOptions stop;
      stop.gtol = 1e-8;
      stop.max_iter = 200;
      auto res =
          minimize<double>(rb, RosenbrockFn<double>::start(n), Newton<double>(with(m)), stop);
      EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
      EXPECT_LT((res.x - Vec<double>::Ones(n)).norm(), 1e-7);
      EXPECT_LE(res.iterations, 60);
    }
  }
}

TEST(Newton, FloatRosenbrock) {
  // float: gtol 1e-3. At x ~ 1 the gradient 400 x (x^2 - y) + ... is computed from terms ~400 with
  // eps_float ~ 6e-8, so rounding alone leaves |g| ~ 1e-4; 1e-3 is reliably reachable.
  RosenbrockFn<float> rb(2);
  StopOptions stop;
  stop.gtol = 1e-3;
  auto res = minimize<float>(rb, RosenbrockFn<float>::start(2), Newton<float>(), stop);
  EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
  EXPECT_LT((res.x - Vec<float>::Ones(2)).norm(), 1e-2f);
}

class NoHessian : public Objective<double> {
 public:
  Index dim() const override { return 2; }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    if (g) *g = 2 * x;
    return x.squaredNorm();
  }
};

// Through the driver an objective without a Hessian gets one by differences of its gradient
// (test_hessian_by_differences.cpp); Newton's state started directly on such an objective, outside
// a run, refuses it and names the adapter.
TEST(Newton, MissingHessianOutsideARunThrowsAndNamesTheAdapter) {
  NoHessian f;
  Evaluator<double> eval(f);
  Iterate<double> x0;
  x0.resize(2);
  x0.x = Vec<double>::Ones(2);
  try {
    Newton<double>().start(eval, x0);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("HessianProvider"), std::string::npos) << msg;
    EXPECT_NE(msg.find("FiniteDifference"), std::string::npos) << msg;
  }
  const Result<double> r = minimize<double>(f, Vec<double>::Ones(2), Newton<double>());
  EXPECT_EQ(r.hessian_source, HessianSource::GradientDifferences);
}

TEST(Newton, WorksThroughTheFiniteDifferenceHessianAdapter) {
  // An objective with a gradient but no Hessian: wrapped in FiniteDifference (central
  // differences of the exact gradient, error ~ eps^(2/3) ~ 4e-11 relative), Newton converges as
  // with the exact Hessian; gtol 1e-8 is far above the Hessian error's effect on the step.
  class RosenNoHessian : public Objective<double> {
   public:
    Index dim() const override { return 2; }
    double evaluate(const Vec<double>& x, Vec<double>* g) override { return rb.evaluate(x, g); }
    RosenbrockFn<double> rb{2};
  } inner;
  FdOptions opts;
  opts.use_inner_gradient = true;
  FiniteDifference<double> fd(inner, opts);
  StopOptions stop;
  stop.gtol = 1e-8;
  auto res = minimize<double>(fd, RosenbrockFn<double>::start(2), Newton<double>(), stop);
  EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
  EXPECT_LT((res.x - Vec<double>::Ones(2)).norm(), 1e-7);
}

TEST(Newton, BadHyperparametersThrow) {
  auto bad = [](auto mutate, const std::string& field) {
    NewtonParams p;
    mutate(p);
    try {
      Newton<double> n(p);
      ADD_FAILURE() << field;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  };
  bad([](NewtonParams& p) { p.line_search.more_thuente.c1 = 0; }, "c1");
  bad([](NewtonParams& p) { p.shift_beta = -1; }, "shift_beta");
  bad([](NewtonParams& p) { p.eigen_delta = 0; }, "eigen_delta");
  bad([](NewtonParams& p) { p.max_shifts = 0; }, "max_shifts");
  try {
    make_method<double>("newton", ParamSet{{"line_search", "bogus"}});
    FAIL() << "line_search bogus accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("bogus"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_hessian_modification("cholesky"), std::invalid_argument);
  EXPECT_EQ(parse_hessian_modification("saddle_free"), HessianModification::SaddleFree);
}

TEST(Newton, RegistryBuildsEachModification) {
  BealeFn<double> beale;
  Vec<double> x0(2);
  x0 << 1, 1;
  for (std::string m : {"identity_shift", "eigen", "saddle_free"}) {
    auto method = make_method<double>("newton", ParamSet{{"modification", m}});
    auto res = minimize<double>(beale, x0, *method);
    EXPECT_TRUE(res.converged()) << m << ": " << res.message;
    EXPECT_EQ(res.method, "newton");
  }
  EXPECT_THROW(make_method<float>("newton", ParamSet{{"modification", "lu"}}),
               std::invalid_argument);
  EXPECT_THROW(make_method<float>("newton", ParamSet{{"c1", "2"}}), std::invalid_argument);
}

}  // namespace
}  // namespace optim
