// Finite-difference adapter (forward O(h), central O(h^2), default steps, Hessian by differences
// of gradients, evaluation counts) and the gradient checker.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "optim/optim.hpp"

namespace optim {
namespace {

// f(x) = exp(x0) + x0 x1^3 + sin(x2): smooth, with hand derivatives
//   g = (exp(x0) + x1^3, 3 x0 x1^2, cos(x2)),
//   H = [[exp(x0), 3 x1^2, 0], [3 x1^2, 6 x0 x1, 0], [0, 0, -sin(x2)]].
template <class S>
class Smooth : public Objective<S> {
 public:
  Index dim() const override { return 3; }
  S evaluate(const Vec<S>& x, Vec<S>* g) override {
    ++calls;
    if (g != nullptr) {
      (*g)[0] = std::exp(x[0]) + x[1] * x[1] * x[1] + bias0;
      (*g)[1] = S(3) * x[0] * x[1] * x[1];
      (*g)[2] = std::cos(x[2]);
    }
    return std::exp(x[0]) + x[0] * x[1] * x[1] * x[1] + std::sin(x[2]);
  }
  static Vec<S> grad(const Vec<S>& x) {
    Vec<S> g(3);
    g << std::exp(x[0]) + x[1] * x[1] * x[1], S(3) * x[0] * x[1] * x[1], std::cos(x[2]);
    return g;
  }
  static Mat<S> hess(const Vec<S>& x) {
    Mat<S> h(3, 3);
    h << std::exp(x[0]), S(3) * x[1] * x[1], S(0), S(3) * x[1] * x[1], S(6) * x[0] * x[1], S(0),
        S(0), S(0), -std::sin(x[2]);
    return h;
  }
  Index calls = 0;
  S bias0 = 0;  // a deliberate error in gradient component 0 (for the checker tests)
};

Vec<double> point() {
  return (Vec<double>(3) << 0.5, 0.7, 0.3).finished();
}

double fd_error(FdScheme scheme, double rel_step) {
  Smooth<double> f;
  FdOptions o;
  o.scheme = scheme;
  o.rel_step = rel_step;
  FiniteDifference<double> fd(f, o);
  const Vec<double> x = point();
  Vec<double> g(3);
  fd.evaluate(x, &g);
  return (g - Smooth<double>::grad(x)).cwiseAbs().maxCoeff();
}

// Forward differences are first order: err(h) ~ h |f''| / 2, so dividing h by 10 divides the
// error by ~10; central differences are second order (err ~ h^2 |f'''| / 6): by ~100. The steps
// 1e-2 and 1e-3 keep rounding (~1e-16 / h) far below truncation, so the ratios are clean; the
// bands [8, 12] and [80, 120] allow for the next term of the Taylor series (relative O(h)).
TEST(FiniteDifference, ForwardIsFirstOrderCentralIsSecondOrder) {
  const double ef1 = fd_error(FdScheme::Forward, 1e-2), ef2 = fd_error(FdScheme::Forward, 1e-3);
  const double ec1 = fd_error(FdScheme::Central, 1e-2), ec2 = fd_error(FdScheme::Central, 1e-3);
  EXPECT_GT(ef1 / ef2, 8.0);
  EXPECT_LT(ef1 / ef2, 12.0);
  EXPECT_GT(ec1 / ec2, 80.0);
  EXPECT_LT(ec1 / ec2, 120.0);
  // Leading forward term by hand: component 1 has f_11 = 6 x0 x1 = 2.1, h = 1e-3 * max(1, 0.7)
  // = 1e-3, so err_1 ~ h f_11 / 2 = 1.05e-3; the worst component is 0 or 1, f_00 = e^0.5 = 1.65
  // gives 8.2e-4 < 1.05e-3.
  EXPECT_NEAR(ef2, 1.05e-3, 0.05e-3);
}

// Default steps: sqrt(u) and cbrt(u) (Nocedal & Wright section 8.1) give errors ~ sqrt(u) ~ 1e-8
// (forward) and ~ u^(2/3) ~ 4e-11 (central) times the derivative scale (here ~3).
TEST(FiniteDifference, DefaultStepsAreSqrtAndCbrtEps) {
  Smooth<double> f;
  const double u = std::numeric_limits<double>::epsilon();
  EXPECT_DOUBLE_EQ(FiniteDifference<double>(f, {FdScheme::Forward}).gradient_rel_step(),
                   std::sqrt(u));
  EXPECT_DOUBLE_EQ(FiniteDifference<double>(f, {FdScheme::Central}).gradient_rel_step(),
                   std::cbrt(u));
  EXPECT_LT(fd_error(FdScheme::Forward, 0), 1e-7);
  EXPECT_LT(fd_error(FdScheme::Central, 0), 1e-9);
  // float: forward ~ sqrt(1.2e-7) ~ 3.5e-4, central ~ (1.2e-7)^(2/3) ~ 2.4e-5, times ~3.
  Smooth<float> ff;
  FiniteDifference<float> fdf(ff, {FdScheme::Central});
  const Vec<float> xf = point().cast<float>();
  Vec<float> gf(3);
  fdf.evaluate(xf, &gf);
  EXPECT_LT((gf - Smooth<float>::grad(xf)).cwiseAbs().maxCoeff(), 2e-4f);
}

TEST(FiniteDifference, EvaluationCountsAndValue) {
  Smooth<double> f;
  const Vec<double> x = point();
  Vec<double> g(3);
  FiniteDifference<double> fwd(f, {FdScheme::Forward});
  const double v = fwd.evaluate(x, &g);
  EXPECT_EQ(v, f.value(x));
  EXPECT_EQ(fwd.inner_evaluations(), 3 + 1);  // f(x) and one probe per coordinate
  FiniteDifference<double> cen(f, {FdScheme::Central});
  cen.evaluate(x, &g);
  EXPECT_EQ(cen.inner_evaluations(), 2 * 3 + 1);
  cen.evaluate(x, nullptr);
  EXPECT_EQ(cen.inner_evaluations(), 2 * 3 + 2);  // value only: one call
}

// Hessian by central differences of gradients. Exact inner gradient: error ~ u^(2/3) ~ 4e-11
// times the third-derivative scale; differenced gradient (h = u^(2/9)): error ~ u^(4/9) ~ 1e-7.
TEST(FiniteDifference, HessianByDifferencesOfGradients) {
  Smooth<double> f;
  const Vec<double> x = point();
  const Mat<double> h_true = Smooth<double>::hess(x);
  Mat<double> h(3, 3);
  FiniteDifference<double> exact_g(f, {FdScheme::Central, true});
  exact_g.hessian(x, &h);
  EXPECT_LT((h - h_true).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_EQ(h, h.transpose());
  FiniteDifference<double> values_only(f, {FdScheme::Central, false});
  values_only.hessian(x, &h);
  EXPECT_LT((h - h_true).cwiseAbs().maxCoeff(), 1e-5);
  EXPECT_NEAR(values_only.hessian_rel_step(),
              std::pow(std::numeric_limits<double>::epsilon(), 2.0 / 9.0), 1e-18);
  // Forward differences of exact gradients: error ~ sqrt(u) ~ 1.5e-8 times |g''| (~3).
  FiniteDifference<double> fwd(f, {FdScheme::Forward, true});
  fwd.hessian(x, &h);
  EXPECT_LT((h - h_true).cwiseAbs().maxCoeff(), 1e-6);
  // Hessian-vector product along v.
  const Vec<double> v = (Vec<double>(3) << 1.0, -2.0, 0.5).finished();
  Vec<double> hv(3);
  exact_g.hessian_vector(x, v, &hv);
  EXPECT_LT((hv - h_true * v).cwiseAbs().maxCoeff(), 1e-8);
  exact_g.hessian_vector(x, Vec<double>::Zero(3), &hv);
  EXPECT_EQ(hv, Vec<double>::Zero(3));
  // The adapter is a HessianProvider, so the Evaluator finds the capability.
  Evaluator<double> ev(exact_g);
  EXPECT_NE(ev.hessian_provider(), nullptr);
}

// A value-only objective that is NaN for x0 > 1 (outside its domain).
class Domain : public Objective<double> {
 public:
  Index dim() const override { return 2; }
  double evaluate(const Vec<double>& x, Vec<double>*) override {
    return x[0] > 1.0 ? std::numeric_limits<double>::quiet_NaN() : x.squaredNorm();
  }
};

TEST(FiniteDifference, ProbeOutsideTheDomainGivesNonFiniteGradientNotAnException) {
  Domain d;
  FiniteDifference<double> fd(d, {FdScheme::Central});
  Vec<double> g(2);
  const Vec<double> x = (Vec<double>(2) << 1.0, 0.5).finished();
  EXPECT_NO_THROW(fd.evaluate(x, &g));
  EXPECT_FALSE(std::isfinite(g[0]));
  EXPECT_NEAR(g[1], 1.0, 1e-9);
}

TEST(FiniteDifference, DrivesGradientDescentLikeTheExactGradient) {
  // The value-only quadratic sum x_i^2 with differenced gradients: GD converges to 0.
  class Sq : public Objective<double> {
   public:
    Index dim() const override { return 4; }
    double evaluate(const Vec<double>& x, Vec<double>*) override { return x.squaredNorm(); }
  } sq;
  FiniteDifference<double> fd(sq);
  StopOptions stop;
  stop.gtol = 1e-8;
  auto res = minimize<double>(
      fd, Vec<double>::Ones(4),
      FirstOrder<double>(std::make_shared<GradientDescent<double>>(GradientDescentParams{0.25})),
      stop);
  EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
  EXPECT_LT(res.x.norm(), 1e-8);
}

TEST(FiniteDifference, InvalidOptionsThrowNamingTheField) {
  Smooth<double> f;
  FdOptions o;
  o.rel_step = -1e-3;
  try {
    FiniteDifference<double> fd(f, o);
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("rel_step"), std::string::npos) << e.what();
  }
  o.rel_step = std::numeric_limits<double>::infinity();
  EXPECT_THROW(FiniteDifference<double>(f, o), std::invalid_argument);
}

TEST(GradientChecker, CorrectGradientPasses) {
  Smooth<double> f;
  const GradientCheck c = check_gradient(f, point());
  EXPECT_TRUE(c.finite);
  EXPECT_LT(c.rel_error, 1e-9);  // central differences, see DefaultStepsAreSqrtAndCbrtEps
  EXPECT_TRUE(c.ok(1e-6));
}

TEST(GradientChecker, FindsADeliberatelyWrongComponent) {
  Smooth<double> f;
  f.bias0 = 0.01;  // gradient component 0 is off by 0.01
  const Vec<double> x = point();
  const GradientCheck c = check_gradient(f, x);
  EXPECT_EQ(c.worst_index, 0);
  const double true_g0 = std::exp(0.5) + 0.7 * 0.7 * 0.7;  // 1.9917...
  EXPECT_NEAR(c.analytic, true_g0 + 0.01, 1e-12);
  EXPECT_NEAR(c.numeric, true_g0, 1e-9);
  EXPECT_NEAR(c.rel_error, 0.01 / (true_g0 + 0.01), 1e-8);
  EXPECT_NEAR(c.max_abs_error, 0.01, 1e-9);
  EXPECT_FALSE(c.ok(1e-3));
  // Same in float: the error 0.01 stands far above float differencing noise (~1e-4).
  Smooth<float> ff;
  ff.bias0 = 0.01f;
  const GradientCheck cf = check_gradient(ff, x.cast<float>());
  EXPECT_EQ(cf.worst_index, 0);
  EXPECT_GT(cf.rel_error, 3e-3);
}

TEST(GradientChecker, ReportsNonFiniteAndBadSize) {
  Domain d;
  class G : public Objective<double> {  // wraps Domain with a (wrong) zero gradient
   public:
    Index dim() const override { return 2; }
    double evaluate(const Vec<double>& x, Vec<double>* g) override {
      if (g) g->setZero();
      return d.evaluate(x, nullptr);
    }
    Domain d;
  } g;
  const GradientCheck c = check_gradient(g, (Vec<double>(2) << 1.0, 0.5).finished());
  EXPECT_FALSE(c.finite);
  EXPECT_EQ(c.worst_index, 0);
  EXPECT_FALSE(c.ok(1.0));
  EXPECT_THROW(check_gradient(g, Vec<double>::Zero(3)), std::invalid_argument);
}

}  // namespace
}  // namespace optim
