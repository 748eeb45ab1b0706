// The analytic entries of the problem registry, their facts, dimension handling and errors, and
// the quadratic-from-spectrum builder.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <set>

#include "optim/optim.hpp"
#include "problems/analytic/analytic.hpp"
#include "problems/analytic/quadratic.hpp"
#include "problems/registry.hpp"

namespace optim::problems {
namespace {

const std::vector<std::string> kNames = {
    "sphere", "quadratic",       "rosenbrock",       "beale",           "booth",
    "matyas", "himmelblau",      "three_hump_camel", "goldstein_price", "rastrigin",
    "ackley", "styblinski_tang", "saddle",           "monkey_saddle"};

template <class S>
void check_facts(const std::string& name) {
  const ProblemInfo& info = find_problem(name);
  Problem<S> p = make_problem<S>(name);
  EXPECT_EQ(p.name, name);
  EXPECT_EQ(p.family, "analytic");
  EXPECT_EQ(info.family, "analytic");
  ASSERT_NE(p.objective, nullptr);
  EXPECT_EQ(p.objective->dim(), info.default_dim);
  EXPECT_EQ(p.x0.size(), info.default_dim);
  EXPECT_TRUE(p.x0.allFinite());
  EXPECT_TRUE(std::isfinite(static_cast<double>(p.objective->value(p.x0))));
  EXPECT_FALSE(p.notes.empty());
  EXPECT_NE(dynamic_cast<HessianProvider<S>*>(p.objective.get()), nullptr);
  for (const auto& m : p.minimizers) EXPECT_EQ(m.size(), info.default_dim);
}

TEST(AnalyticRegistry, AllFourteenProblemsAreRegisteredWithTheirFacts) {
  std::set<std::string> analytic;
  for (const auto& info : all_problems()) {
    if (info.family == "analytic") analytic.insert(info.name);
  }
  EXPECT_EQ(analytic.size(), kNames.size());
  for (const auto& name : kNames) {
    SCOPED_TRACE(name);
    EXPECT_EQ(analytic.count(name), 1u);
    check_facts<float>(name);
    check_facts<double>(name);
  }
}

TEST(AnalyticRegistry, UnknownNameListsKnownOnes) {
  try {
    make_problem<double>("rosenbrok");
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("rosenbrok"), std::string::npos) << msg;
    for (const auto& name : kNames) EXPECT_NE(msg.find(name), std::string::npos) << msg;
  }
}

TEST(AnalyticRegistry, FixedDimensionProblemsRejectOtherDims) {
  for (const char* name : {"beale", "booth", "matyas", "himmelblau", "three_hump_camel",
                           "goldstein_price", "saddle", "monkey_saddle"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(make_problem<double>(name, 2).objective->dim(), 2);
    try {
      make_problem<double>(name, 3);
      FAIL() << "expected invalid_argument";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("fixed dimension 2"), std::string::npos) << e.what();
    }
    // The classes themselves also refuse a wrong dimension.
  }
  EXPECT_THROW(Beale<double>(3), std::invalid_argument);
  EXPECT_THROW(MonkeySaddle<float>(1), std::invalid_argument);
}

TEST(AnalyticRegistry, NDimensionalProblemsTakeDim) {
  for (const char* name :
       {"sphere", "quadratic", "rosenbrock", "rastrigin", "ackley", "styblinski_tang"}) {
    SCOPED_TRACE(name);
    auto p = make_problem<float>(name, 6);
    EXPECT_EQ(p.objective->dim(), 6);
    EXPECT_EQ(p.x0.size(), 6);
    for (const auto& m : p.minimizers) EXPECT_EQ(m.size(), 6);
  }
  // Rosenbrock needs an even dimension; every n-D problem needs n >= 1.
  try {
    make_problem<double>("rosenbrock", 5);
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("even"), std::string::npos) << e.what();
  }
  EXPECT_THROW(make_problem<double>("sphere", -1), std::invalid_argument);
  EXPECT_THROW(Sphere<double>(0), std::invalid_argument);
}

TEST(AnalyticRegistry, StartPointsAndMinima) {
  // Rosenbrock's standard start (-1.2, 1, -1.2, 1) and f there = 2 * 24.2 (hand: 100 * (1 -
  // 1.44)^2 + 2.2^2 = 19.36 + 4.84 = 24.2 per pair).
  auto r = make_problem<double>("rosenbrock", 4);
  EXPECT_EQ(r.x0, (Vec<double>(4) << -1.2, 1, -1.2, 1).finished());
  EXPECT_NEAR(r.objective->value(r.x0), 48.4, 1e-12);
  // Styblinski-Tang: f_min = -39.16616570377142 n.
  auto st = make_problem<double>("styblinski_tang", 3);
  EXPECT_NEAR(*st.f_min, -39.16616570377142 * 3, 1e-12);
  EXPECT_NEAR(st.minimizers[0][2], -2.903534027771178, 1e-15);
  // Himmelblau: four distinct minima; Goldstein-Price: 3 at (0, -1) (hand: A = 1 + 0 = 1,
  // B = 30 + 9 * (18 - 48 + 27) = 3; f = A B = 3).
  auto h = make_problem<double>("himmelblau");
  EXPECT_EQ(h.minimizers.size(), 4u);
  auto gp = make_problem<double>("goldstein_price");
  EXPECT_DOUBLE_EQ(*gp.f_min, 3.0);
  EXPECT_DOUBLE_EQ(gp.objective->value(gp.minimizers[0]), 3.0);
  // Saddles are unbounded below: no minimum, and f decreases without bound.
  for (const char* name : {"saddle", "monkey_saddle"}) {
    auto s = make_problem<double>(name);
    EXPECT_FALSE(s.f_min.has_value());
    EXPECT_TRUE(s.minimizers.empty());
  }
  // f decreases without bound: x^2 - y^2 = -1e4 at (0, 100); x^3 - 3xy^2 = -1e6 at (-100, 0).
  EXPECT_EQ(Saddle<double>().value((Vec<double>(2) << 0, 100).finished()), -1e4);
  EXPECT_EQ(MonkeySaddle<double>().value((Vec<double>(2) << -100, 0).finished()), -1e6);
}

// The origin of both saddles is a critical point whose Hessian is indefinite (saddle) or zero
// (monkey saddle): seed 002, "Saddle points as critical points".
TEST(AnalyticRegistry, SaddlePointsAreCriticalButNotMinima) {
  const Vec<double> o = Vec<double>::Zero(2);
  Vec<double> g(2);
  Mat<double> h(2, 2);
  Saddle<double> s;
  s.evaluate(o, &g);
  s.hessian(o, &h);
  EXPECT_EQ(g, Vec<double>::Zero(2));
  const Vec<double> ev = Eigen::SelfAdjointEigenSolver<Mat<double>>(h).eigenvalues();
  EXPECT_EQ(ev[0], -2.0);
  EXPECT_EQ(ev[1], 2.0);
  MonkeySaddle<double> m;
  m.evaluate(o, &g);
  m.hessian(o, &h);
  EXPECT_EQ(g, Vec<double>::Zero(2));
  EXPECT_EQ(h, Mat<double>::Zero(2, 2));
}

TEST(AnalyticRegistry, AckleyIsGracefulAtTheConePoint) {
  Ackley<double> a(3);
  const Vec<double> o = Vec<double>::Zero(3);
  Vec<double> g(3);
  Mat<double> h(3, 3);
  EXPECT_NEAR(a.evaluate(o, &g), 0.0, 1e-14);
  EXPECT_EQ(g, Vec<double>::Zero(3));
  a.hessian(o, &h);
  EXPECT_TRUE(h.allFinite());
}

TEST(Quadratic, LogSpacedSpectrumByHand) {
  const auto e = log_spaced_spectrum(3, 100.0);  // 100^(0/2), 100^(1/2), 100^(2/2)
  ASSERT_EQ(e.size(), 3u);
  EXPECT_DOUBLE_EQ(e[0], 1.0);
  EXPECT_DOUBLE_EQ(e[1], 10.0);
  EXPECT_DOUBLE_EQ(e[2], 100.0);
  EXPECT_EQ(log_spaced_spectrum(1, 50.0), std::vector<double>{1.0});
  EXPECT_THROW(log_spaced_spectrum(0, 10.0), std::invalid_argument);
  EXPECT_THROW(log_spaced_spectrum(3, 0.5), std::invalid_argument);
  EXPECT_THROW(log_spaced_spectrum(3, std::nan("")), std::invalid_argument);
}

TEST(Quadratic, MatrixHasTheRequestedSpectrum) {
  const std::vector<double> eigs = {0.5, 2.0, 3.0, 40.0};
  const Mat<double> a = matrix_from_spectrum(eigs, true, 7);
  EXPECT_EQ(a, a.transpose());
  EXPECT_GT((a - Mat<double>(a.diagonal().asDiagonal())).cwiseAbs().maxCoeff(), 0.1)
      << "rotated matrix should not be diagonal";
  const Vec<double> ev = Eigen::SelfAdjointEigenSolver<Mat<double>>(a).eigenvalues();
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(ev[i], eigs[i], 1e-12);
  EXPECT_EQ(matrix_from_spectrum(eigs, true, 7), a) << "same seed, same matrix";
  const Mat<double> d = matrix_from_spectrum(eigs, false);
  EXPECT_EQ(d, Mat<double>(Vec<double>::Map(eigs.data(), 4).asDiagonal()));
  EXPECT_THROW(matrix_from_spectrum({1.0, 0.0}), std::invalid_argument);
  EXPECT_THROW(matrix_from_spectrum({}), std::invalid_argument);
}

TEST(Quadratic, ValueGradientMinimiserByHand) {
  // A = diag(2, 4), b = (-2, 4): f(x) = x0^2 + 2 x1^2 - 2 x0 + 4 x1, x* = (1, -1), f* = -3.
  auto q = quadratic_from_spectrum<double>({2.0, 4.0}, (Vec<double>(2) << -2, 4).finished(), false);
  Vec<double> g(2);
  const Vec<double> x = (Vec<double>(2) << 1, 1).finished();
  EXPECT_DOUBLE_EQ(q.evaluate(x, &g), 1 + 2 - 2 + 4);
  EXPECT_EQ(g, (Vec<double>(2) << 0, 8).finished());
  EXPECT_TRUE(q.minimizer().isApprox((Vec<double>(2) << 1, -1).finished(), 1e-15));
  EXPECT_DOUBLE_EQ(q.f_min(), -3.0);
  EXPECT_THROW(
      Quadratic<double>((Mat<double>(2, 2) << 1, 2, 0, 1).finished(), Vec<double>::Zero(2)),
      std::invalid_argument);
  EXPECT_THROW(Quadratic<double>(Mat<double>::Identity(2, 2), Vec<double>::Zero(3)),
               std::invalid_argument);
  Quadratic<double> indefinite(
      Mat<double>(Vec<double>(Vec<double>::LinSpaced(2, -1, 1)).asDiagonal()),
      Vec<double>::Zero(2));
  EXPECT_THROW(indefinite.minimizer(), std::invalid_argument);
}

TEST(Quadratic, RegistryEntryHasConditionNumber100AndMinimiserOnes) {
  auto p = make_problem<double>("quadratic", 8);
  auto* q = dynamic_cast<Quadratic<double>*>(p.objective.get());
  ASSERT_NE(q, nullptr);
  const Vec<double> ev = Eigen::SelfAdjointEigenSolver<Mat<double>>(q->a()).eigenvalues();
  EXPECT_NEAR(ev.minCoeff(), 1.0, 1e-12);
  EXPECT_NEAR(ev.maxCoeff(), 100.0, 1e-10);
  EXPECT_TRUE(p.minimizers[0].isApprox(Vec<double>::Ones(8), 1e-12));
  EXPECT_NEAR(*p.f_min, -0.5 * Vec<double>::Ones(8).dot(q->a() * Vec<double>::Ones(8)), 1e-10);
}

// Seed 004: the step size must stay below 2 / lambda_max. Gradient descent on the registry
// quadratic (lambda_max = 100) converges with lr = 0.019 and diverges with lr = 0.021.
TEST(Quadratic, GradientDescentStabilityLimitIsTwoOverLambdaMax) {
  auto p = make_problem<double>("quadratic", 6);
  StopOptions stop;
  stop.gtol = 1e-8;
  stop.max_iter = 20000;
  auto gd = [](double lr) {
    return FirstOrder<double>(std::make_shared<GradientDescent<double>>(GradientDescentParams{lr}));
  };
  auto ok = minimize<double>(*p.objective, p.x0, gd(0.019), stop);
  EXPECT_EQ(ok.status, Status::ConvergedGradient) << ok.message;
  EXPECT_TRUE(ok.x.isApprox(Vec<double>::Ones(6), 1e-6));
  // lr = 0.021: the top eigencomponent is multiplied by |1 - 2.1| = 1.1 per step, so |g| grows
  // until f overflows; the driver then stops with NonFinite and keeps the last finite point.
  stop.max_iter = 20000;
  double g_first = -1, g_last = -1;
  CallbackObserver<double> watch([&](const IterationRecord<double>& r) {
    if (g_first < 0) g_first = r.grad_norm;
    g_last = r.grad_norm;
    return true;
  });
  Observer<double>* obs[] = {&watch};
  auto bad = minimize<double>(*p.objective, p.x0, gd(0.021), stop, obs);
  EXPECT_EQ(bad.status, Status::NonFinite) << bad.message;
  EXPECT_GT(g_last, 1e100 * g_first);
  EXPECT_TRUE(bad.x.allFinite());
}

}  // namespace
}  // namespace optim::problems
