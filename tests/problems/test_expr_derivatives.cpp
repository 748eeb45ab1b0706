// Gradient (one reverse sweep), Hessian and Hessian-vector products (forward-over-reverse) of
// parsed formulas, against the seed's worked example, an independent path enumeration, hand
// derivatives and finite differences.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>

#include "problems/expr/expression_objective.hpp"
#include "problems/expr/tape.hpp"

namespace optim::expr {
namespace {

// Seed 000_7fb68bb28a6a5040.txt, Example 3.1: a = b c, b = d + e, c = e + 2, d = 3 + f, e = f g.
const char* kSeedExample = "d = 3 + f; e = f*g; b = d + e; c = e + 2; b*c";

TEST(ExprDerivatives, SeedWorkedExample) {
  auto graph = std::make_shared<const Graph>(parse(kSeedExample));
  Tape<double> tape(graph);
  const double x[2] = {4.0, 2.0};  // f = 4, g = 2
  double grad[2];
  // Example 3.2: "when f = 4, g = 2 we have that a = 150 and da/df = 60".
  EXPECT_DOUBLE_EQ(tape.value_gradient(x, grad), 150.0);
  EXPECT_DOUBLE_EQ(grad[0], 60.0);
  // da/dg = b f + c f (paths g -> e -> b -> a and g -> e -> c -> a) = 15*4 + 10*4.
  EXPECT_DOUBLE_EQ(grad[1], 100.0);
  // The closed form da/df = 2 + 5g + 2fg + 2fg^2 at other points (fixed seed 7).
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-3, 3);
  for (int k = 0; k < 20; ++k) {
    const double f = u(rng), g = u(rng);
    const double y[2] = {f, g};
    tape.value_gradient(y, grad);
    const double expected = 2 + 5 * g + 2 * f * g + 2 * f * g * g;
    // Exact in exact arithmetic; a few ulps of rounding on values of order 100.
    EXPECT_NEAR(grad[0], expected, 1e-12 * (1 + std::abs(expected))) << "f=" << f << " g=" << g;
  }
}

// Definition 3.5 of the seed: d out / d node as the sum over all paths from the node to the output
// of the product of the local derivatives along the path. Exponential in general (Remark 3.2) but
// an independent check of the reverse sweep on small graphs made of + and *.
double path_sum(const Graph& g, const Tape<double>& t, std::int32_t from) {
  if (from == g.output()) return 1.0;
  double total = 0;
  const auto& nodes = g.nodes();
  for (std::size_t u = 0; u < nodes.size(); ++u) {
    const Node& n = nodes[u];
    for (int side = 0; side < 2; ++side) {
      const std::int32_t operand = side == 0 ? n.a : n.b;
      if (operand != from) continue;
      double local = 0;
      if (n.op == Op::Add)
        local = 1;
      else if (n.op == Op::Mul)
        local = t.node_value(side == 0 ? n.b : n.a);
      else
        ADD_FAILURE() << "path_sum handles + and * only";
      total += local * path_sum(g, t, static_cast<std::int32_t>(u));
    }
  }
  return total;
}

TEST(ExprDerivatives, ReverseSweepEqualsTheSumOverPaths) {
  auto graph = std::make_shared<const Graph>(parse(kSeedExample));
  Tape<double> tape(graph);
  const double x[2] = {1.5, -0.7};
  double grad[2];
  tape.value_gradient(x, grad);
  for (std::size_t i = 0; i < graph->size(); ++i) {
    if (graph->nodes()[i].op == Op::Const) continue;
    EXPECT_NEAR(tape.node_adjoint(i), path_sum(*graph, tape, static_cast<std::int32_t>(i)), 1e-12)
        << "node " << i;
  }
  // Three paths from f to a (Example 3.2, step i): c + g c + g b.
  const double f = x[0], g = x[1], b = 3 + f + f * g, c = f * g + 2;
  EXPECT_NEAR(grad[0], c + g * c + g * b, 1e-12);
}

TEST(ExprDerivatives, SeedExampleHessian) {
  ExpressionObjective<double> obj(kSeedExample);
  Vec<double> x(2);
  x << 4.0, 2.0;
  Mat<double> h(2, 2);
  obj.hessian(x, &h);
  // a = u w with u = 3 + f + f g, w = f g + 2: a_ff = 2 g (1 + g), a_gg = 2 f^2,
  // a_fg = w + (1 + g) f + f g + u.
  const double f = 4, g = 2, u = 3 + f + f * g, w = f * g + 2;
  EXPECT_DOUBLE_EQ(h(0, 0), 2 * g * (1 + g));
  EXPECT_DOUBLE_EQ(h(1, 1), 2 * f * f);
  EXPECT_DOUBLE_EQ(h(0, 1), w + (1 + g) * f + f * g + u);
  EXPECT_DOUBLE_EQ(h(1, 0), h(0, 1));
}

// Formulas covering every operation, with points inside their domains.
struct Case {
  const char* formula;
  std::vector<double> lo, hi;  // box the random points are drawn from
};

const std::vector<Case>& cases() {
  static const std::vector<Case> c = {
      {"(1-x)^2 + 100*(y-x^2)^2", {-2, -2}, {2, 2}},
      {"x*y/(1+z^2) - z/x", {0.5, -2, -2}, {2, 2, 2}},
      {"exp(-x*y) + log(1 + x^2 + y^2) + sqrt(2 + x*y)", {-1, -1}, {1, 1}},
      {"sin(x)*cos(y) + tan(x/2) - x**3", {-1, -1}, {1, 1}},
      {"asin(x/2) + acos(y/3) + atan(x*y) + atan2(y, x + 3)", {-1, -1}, {1, 1}},
      {"sinh(x) * cosh(y) + tanh(x*y)", {-1, -1}, {1, 1}},
      {"pow(x, y) + x^y^2 + e^(x*y)", {0.5, 0.5}, {2, 1.5}},
      {"abs(x - 3) * min(x, y + 10) + max(x*y, -5)", {-1, -1}, {1, 1}},
      {"-x^-2 + 2^x + pi*x/y", {0.5, 0.5}, {2, 2}},
      {"d = 3 + f; e = f*g; b = d + e; c = e + 2; b*c", {-2, -2}, {2, 2}},
  };
  return c;
}

TEST(ExprDerivatives, GradientHessianAndHessianVectorAgainstFiniteDifferences) {
  std::mt19937 rng(20261125);  // fixed seed
  for (const Case& c : cases()) {
    ExpressionObjective<double> obj(c.formula);
    const Index n = obj.dim();
    ASSERT_EQ(static_cast<std::size_t>(n), c.lo.size()) << c.formula;
    for (int trial = 0; trial < 5; ++trial) {
      Vec<double> x(n), v(n), g(n), gp(n), gm(n), hv(n);
      for (Index i = 0; i < n; ++i) {
        x[i] = std::uniform_real_distribution<double>(c.lo[i], c.hi[i])(rng);
        v[i] = std::uniform_real_distribution<double>(-1, 1)(rng);
      }
      const double fx = obj.evaluate(x, &g);
      ASSERT_TRUE(std::isfinite(fx)) << c.formula;
      EXPECT_DOUBLE_EQ(obj.value(x), fx);
      Mat<double> h(n, n);
      obj.hessian(x, &h);
      obj.hessian_vector(x, v, &hv);
      for (Index i = 0; i < n; ++i) {
        // Central differences with h = 1e-5: truncation O(h^2 f''') ~ 1e-9, rounding
        // O(eps f / h) ~ 1e-10 for the values here; 1e-6 relative leaves a wide margin.
        const double step = 1e-5;
        Vec<double> xp = x, xm = x;
        xp[i] += step;
        xm[i] -= step;
        const double fd = (obj.value(xp) - obj.value(xm)) / (2 * step);
        EXPECT_NEAR(g[i], fd, 1e-6 * (1 + std::abs(fd))) << c.formula << " d/dx" << i;
        // Hessian column i from differences of the exact gradient.
        obj.evaluate(xp, &gp);
        obj.evaluate(xm, &gm);
        for (Index j = 0; j < n; ++j) {
          const double fdh = (gp[j] - gm[j]) / (2 * step);
          EXPECT_NEAR(h(j, i), fdh, 1e-6 * (1 + std::abs(fdh)))
              << c.formula << " H(" << j << "," << i << ")";
        }
      }
      const Vec<double> hv_ref = h * v;
      for (Index i = 0; i < n; ++i) {
        EXPECT_NEAR(hv[i], hv_ref[i], 1e-12 * (1 + h.cwiseAbs().maxCoeff() * v.cwiseAbs().sum()))
            << c.formula;
      }
    }
  }
}

TEST(ExprDerivatives, FloatAgreesWithDouble) {
  for (const Case& c : cases()) {
    ExpressionObjective<double> od(c.formula);
    ExpressionObjective<float> of(c.formula);
    const Index n = od.dim();
    Vec<double> xd(n), gd(n);
    for (Index i = 0; i < n; ++i) xd[i] = 0.5 * (c.lo[i] + c.hi[i]) + 0.1 * double(i);
    Vec<float> xf = xd.cast<float>(), gf(n);
    const double fd = od.evaluate(xd, &gd);
    const float ff = of.evaluate(xf, &gf);
    // float carries ~7 digits; a few operations lose a little more.
    EXPECT_NEAR(ff, fd, 1e-4 * (1 + std::abs(fd))) << c.formula;
    for (Index i = 0; i < n; ++i) EXPECT_NEAR(gf[i], gd[i], 1e-4 * (1 + std::abs(gd[i])));
    Mat<float> hf(n, n);
    Mat<double> hd(n, n);
    of.hessian(xf, &hf);
    od.hessian(xd, &hd);
    EXPECT_LE((hf.cast<double>() - hd).cwiseAbs().maxCoeff(), 1e-3 * (1 + hd.cwiseAbs().maxCoeff()))
        << c.formula;
  }
}

TEST(ExprDerivatives, SquareOfNegativeBaseHasFiniteDerivatives) {
  // x^2 uses the constant-exponent rule, so no log(x) appears at x < 0.
  ExpressionObjective<double> obj("x^2 + (x-1)^3");
  Vec<double> x(1), g(1);
  x << -2.0;
  EXPECT_DOUBLE_EQ(obj.evaluate(x, &g), 4.0 - 27.0);
  EXPECT_DOUBLE_EQ(g[0], -4.0 + 27.0);
  Mat<double> h(1, 1);
  obj.hessian(x, &h);
  EXPECT_DOUBLE_EQ(h(0, 0), 2.0 + 6.0 * -3.0);
}

TEST(ExprDerivatives, DomainErrorsGiveNaNNotACrash) {
  ExpressionObjective<double> obj("log(x) + 1/y");
  Vec<double> x(2), g(2);
  x << -1.0, 1.0;
  // The value says "cannot evaluate here"; the gradient at such a point carries no meaning.
  EXPECT_TRUE(std::isnan(obj.evaluate(x, &g)));
  x << 1.0, 0.0;
  EXPECT_FALSE(std::isfinite(obj.evaluate(x, &g)));
  EXPECT_FALSE(std::isfinite(g[1]));
  Mat<double> h(2, 2);
  obj.hessian(x, &h);
  EXPECT_FALSE(std::isfinite(h(1, 1)));
}

TEST(ExprDerivatives, UnusedNamedVariableHasZeroDerivative) {
  ExpressionObjective<double> obj("x^2", {"x", "y"});
  ASSERT_EQ(obj.dim(), 2);
  Vec<double> x(2), g(2);
  x << 3.0, 5.0;
  obj.evaluate(x, &g);
  EXPECT_DOUBLE_EQ(g[0], 6.0);
  EXPECT_EQ(g[1], 0.0);
  Mat<double> h(2, 2);
  obj.hessian(x, &h);
  EXPECT_EQ(h(1, 1), 0.0);
  EXPECT_EQ(h(0, 1), 0.0);
}

TEST(ExprDerivatives, WrongLengthIsRejected) {
  ExpressionObjective<double> obj("x*y");
  Vec<double> x(3), g(3);
  x.setOnes();
  EXPECT_THROW(obj.evaluate(x, &g), std::invalid_argument);
}

}  // namespace
}  // namespace optim::expr
