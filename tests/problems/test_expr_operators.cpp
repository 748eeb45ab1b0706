// The single operator table (problems/expr/operators.hpp): every operator's partials against
// central differences of its value, its second derivatives (the dual-number path the Hessian
// uses) against central differences of its partials, and bit-for-bit agreement of the reference
// graph evaluator and the tape on a formula that uses every operator.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <set>
#include <vector>

#include "problems/expr/operators.hpp"
#include "problems/expr/parser.hpp"
#include "problems/expr/tape.hpp"

namespace optim::expr {
namespace {

struct Case {
  Op op;
  double c;  // PowConst exponent, else 0
  std::vector<std::pair<double, double>> points;
};

// Points inside each operator's domain, away from kinks (abs at 0) and ties (min, max).
const std::vector<std::pair<double, double>> kAnywhere = {{0.35, 0.6}, {0.8, 1.7}, {-0.55, 0.45}};
const std::vector<std::pair<double, double>> kPositive = {{0.35, 0.6}, {0.8, 1.7}, {2.5, -0.7}};

std::vector<Case> all_operations() {
  return {
      {Op::Add, 0, kAnywhere},         {Op::Sub, 0, kAnywhere},        {Op::Mul, 0, kAnywhere},
      {Op::Div, 0, kAnywhere},         {Op::Neg, 0, kAnywhere},        {Op::Pow, 0, kPositive},
      {Op::PowConst, 2, kAnywhere},    {Op::PowConst, 0, kAnywhere},   {Op::PowConst, 3, kAnywhere},
      {Op::PowConst, -1.5, kPositive}, {Op::PowConst, 0.5, kPositive}, {Op::Exp, 0, kAnywhere},
      {Op::Log, 0, kPositive},         {Op::Sqrt, 0, kPositive},       {Op::Sin, 0, kAnywhere},
      {Op::Cos, 0, kAnywhere},         {Op::Tan, 0, kAnywhere},        {Op::Asin, 0, kAnywhere},
      {Op::Acos, 0, kAnywhere},        {Op::Atan, 0, kAnywhere},       {Op::Atan2, 0, kAnywhere},
      {Op::Sinh, 0, kAnywhere},        {Op::Cosh, 0, kAnywhere},       {Op::Tanh, 0, kAnywhere},
      {Op::Abs, 0, kAnywhere},         {Op::Min, 0, kAnywhere},        {Op::Max, 0, kAnywhere}};
}

double value(const Case& k, double a, double b) {
  return op_value(k.op, a, b, k.c);
}

// Partials (pa, pb) in double.
std::pair<double, double> partials(const Case& k, double a, double b) {
  double pa = 0, pb = 0;
  op_partials(k.op, a, b, k.c, pa, pb);
  return {pa, pb};
}

// Central difference (f(t + h) - f(t - h)) / 2h: error O(h^2 f'''), h balances it with rounding.
template <class F>
double central(F f, double t) {
  const double h = 1e-5 * (1 + std::abs(t));
  return (f(t + h) - f(t - h)) / (2 * h);
}

bool binary(Op op) {
  return op_arity(op) == 2;
}

TEST(ExprOperators, TableCoversEveryOperation) {
  std::set<Op> seen;
  for (const Case& k : all_operations()) seen.insert(k.op);
  // Every Op except the two leaves.
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(Op::Max) + 1 - 2);
}

TEST(ExprOperators, FirstDerivativesMatchCentralDifferences) {
  for (const Case& k : all_operations()) {
    for (auto [a, b] : k.points) {
      const auto [pa, pb] = partials(k, a, b);
      const double fa = central([&](double t) { return value(k, t, b); }, a);
      EXPECT_NEAR(pa, fa, 1e-7 * (1 + std::abs(fa)))
          << op_name(k.op) << " c=" << k.c << " at " << a << "," << b;
      if (binary(k.op)) {
        const double fb = central([&](double t) { return value(k, a, t); }, b);
        EXPECT_NEAR(pb, fb, 1e-7 * (1 + std::abs(fb)))
            << op_name(k.op) << " d/db at " << a << "," << b;
      }
    }
  }
}

// The Hessian path evaluates the same table on dual numbers: with a = (a, 1) the tangent of the
// value is d op / d a and the tangents of the partials are the second derivatives d pa / d a and
// d pb / d a; likewise along b.
TEST(ExprOperators, DualTangentsAreFirstAndSecondDerivatives) {
  for (const Case& k : all_operations()) {
    for (auto [a, b] : k.points) {
      const auto [pa, pb] = partials(k, a, b);
      for (int dir = 0; dir < (binary(k.op) ? 2 : 1); ++dir) {
        const Dual<double> da(a, dir == 0 ? 1.0 : 0.0), db(b, dir == 1 ? 1.0 : 0.0);
        Dual<double> dpa, dpb;
        const Dual<double> v = op_partials(k.op, da, db, k.c, dpa, dpb);
        EXPECT_EQ(v.v, value(k, a, b)) << op_name(k.op);
        const double first = dir == 0 ? pa : pb;
        EXPECT_NEAR(v.d, first, 1e-14 * (1 + std::abs(first))) << op_name(k.op) << " dir " << dir;
        auto along = [&](double t, bool want_a) {
          const auto p = dir == 0 ? partials(k, t, b) : partials(k, a, t);
          return want_a ? p.first : p.second;
        };
        const double t0 = dir == 0 ? a : b;
        const double saa = central([&](double t) { return along(t, true); }, t0);
        EXPECT_NEAR(dpa.d, saa, 1e-6 * (1 + std::abs(saa)))
            << op_name(k.op) << " c=" << k.c << " d2/da d" << dir << " at " << a << "," << b;
        if (binary(k.op)) {
          const double sbb = central([&](double t) { return along(t, false); }, t0);
          EXPECT_NEAR(dpb.d, sbb, 1e-6 * (1 + std::abs(sbb)))
              << op_name(k.op) << " d2/db d" << dir << " at " << a << "," << b;
        }
      }
    }
  }
}

// One formula with every operation (x^3 and x^2 are PowConst, x^y is Pow, -x is Neg).
const char* kEveryOperator =
    "x + y - x*y / (1 + y) + -x + x^y + x^3 + x^2 + x^0.5 + exp(x) + log(y) + sqrt(y) + sin(x) + "
    "cos(y) + tan(x) + asin(x/2) + acos(y/3) + atan(x) + atan2(x, y) + sinh(x) + cosh(y) + "
    "tanh(x) + abs(x - y) + min(x, y) + max(x*y, y)";

TEST(ExprOperators, GraphAndTapeAgreeBitForBit) {
  auto graph = std::make_shared<const Graph>(parse(kEveryOperator));
  std::set<Op> used;
  for (const Node& n : graph->nodes()) used.insert(n.op);
  for (int o = 0; o <= static_cast<int>(Op::Max); ++o) {
    EXPECT_TRUE(used.count(static_cast<Op>(o))) << "formula misses " << op_name(static_cast<Op>(o));
  }
  Tape<double> tape(graph);
  const std::vector<std::vector<double>> points = {
      {0.7, 1.3}, {1.1, 0.4}, {0.123456789, 2.718281828}, {1.9, 2.9}};
  for (const auto& x : points) {
    const double reference = graph->evaluate(x);
    ASSERT_TRUE(std::isfinite(reference));
    EXPECT_EQ(tape.value(x.data()), reference);
    double g[2], hv[2];
    EXPECT_EQ(tape.value_gradient(x.data(), g), reference);
    const double v[2] = {0.3, -0.8};
    EXPECT_EQ(tape.hessian_vector(x.data(), v, g, hv), reference);
  }
  // x^2 by the table is a*a, which std::pow(x, 2) misses by one ulp for some x; the graph and the
  // tape must both use the table's a*a.
  auto square = std::make_shared<const Graph>(parse("x^2"));
  Tape<double> square_tape(square);
  std::vector<double> xs = {0.0013418983573214411, 0.0015039268635104355};  // pow(x, 2) != x*x
  for (double x = 0.001; x < 50; x *= 1.0001) xs.push_back(x);
  for (double x : xs) {
    ASSERT_EQ(square->evaluate({x}), square_tape.value(&x)) << x;
    ASSERT_EQ(square->evaluate({x}), x * x) << x;
  }
}

}  // namespace
}  // namespace optim::expr
