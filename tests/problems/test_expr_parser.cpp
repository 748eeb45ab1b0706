// The formula parser: numbers, precedence, associativity, functions, constants, variable order,
// merged subexpressions, and error messages with a caret under the offending character.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <numbers>

#include "problems/expr/parser.hpp"

namespace optim::expr {
namespace {

double eval(const std::string& text, const std::vector<double>& x = {}) {
  return parse(text).evaluate(x);
}

TEST(ExprParser, Numbers) {
  EXPECT_DOUBLE_EQ(eval("1.5e-3"), 1.5e-3);
  EXPECT_DOUBLE_EQ(eval("2E+2"), 200.0);
  EXPECT_DOUBLE_EQ(eval(".25"), 0.25);
  EXPECT_DOUBLE_EQ(eval("7."), 7.0);
  EXPECT_DOUBLE_EQ(eval("  42  "), 42.0);
}

TEST(ExprParser, PrecedenceAndAssociativity) {
  EXPECT_DOUBLE_EQ(eval("2+3*4"), 14.0);
  EXPECT_DOUBLE_EQ(eval("(2+3)*4"), 20.0);
  EXPECT_DOUBLE_EQ(eval("[2+3]*4"), 20.0);
  EXPECT_DOUBLE_EQ(eval("10-4-3"), 3.0);  // left-associative
  EXPECT_DOUBLE_EQ(eval("16/4/2"), 2.0);
  EXPECT_DOUBLE_EQ(eval("2^3^2"), 512.0);  // right-associative: 2^(3^2)
  EXPECT_DOUBLE_EQ(eval("2**3**2"), 512.0);
  EXPECT_DOUBLE_EQ(eval("-2^2"), -4.0);  // unary minus binds looser than ^
  EXPECT_DOUBLE_EQ(eval("2^-1"), 0.5);
  EXPECT_DOUBLE_EQ(eval("--3"), 3.0);
  EXPECT_DOUBLE_EQ(eval("+3*-2"), -6.0);
  EXPECT_DOUBLE_EQ(eval("2*3^2"), 18.0);
}

TEST(ExprParser, FunctionsAndConstants) {
  const double x = 0.3, y = 1.7;
  const std::vector<double> xy{x, y};
  EXPECT_DOUBLE_EQ(eval("exp(x)+log(y)+sqrt(y)", xy), std::exp(x) + std::log(y) + std::sqrt(y));
  EXPECT_DOUBLE_EQ(eval("sin(x)*cos(y)-tan(x)", xy), std::sin(x) * std::cos(y) - std::tan(x));
  EXPECT_DOUBLE_EQ(eval("asin(x)+acos(x)+atan(y)", xy), std::asin(x) + std::acos(x) + std::atan(y));
  EXPECT_DOUBLE_EQ(eval("atan2(x, y)", xy), std::atan2(x, y));
  EXPECT_DOUBLE_EQ(eval("sinh(x)+cosh(y)+tanh(x)", xy), std::sinh(x) + std::cosh(y) + std::tanh(x));
  EXPECT_DOUBLE_EQ(eval("abs(x-y)", xy), std::abs(x - y));
  EXPECT_DOUBLE_EQ(eval("pow(x, y)", xy), std::pow(x, y));
  EXPECT_DOUBLE_EQ(eval("min(3, 1, 2)"), 1.0);
  EXPECT_DOUBLE_EQ(eval("max(x, y)", xy), y);
  EXPECT_DOUBLE_EQ(eval("exp[x] + arctan[y]", xy), std::exp(x) + std::atan(y));
  EXPECT_DOUBLE_EQ(eval("pi"), std::numbers::pi);
  EXPECT_DOUBLE_EQ(eval("e"), std::numbers::e);
}

TEST(ExprParser, VariablesInOrderOfFirstAppearance) {
  const Graph g = parse("y + x*z + y");
  ASSERT_EQ(g.variables(), (std::vector<std::string>{"y", "x", "z"}));
  EXPECT_DOUBLE_EQ(g.evaluate({1, 2, 3}), 1 + 2 * 3 + 1);
}

TEST(ExprParser, VariablesInTheCallersOrder) {
  ParseOptions opt;
  opt.variables = std::vector<std::string>{"x", "y", "z"};
  const Graph g = parse("y + x*z", opt);
  ASSERT_EQ(g.variables(), (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_DOUBLE_EQ(g.evaluate({2, 1, 3}), 1 + 2 * 3);
  EXPECT_THROW(parse("y + w", opt), ParseError);
  opt.variables = std::vector<std::string>{"x", "x"};
  EXPECT_THROW(parse("x", opt), std::invalid_argument);
  // A variable named like a function or constant matters only where the formula uses the name
  // (test_expr_name_clash.cpp).
  opt.variables = std::vector<std::string>{"x", "exp"};
  EXPECT_NO_THROW(parse("x", opt));
  EXPECT_THROW(parse("exp(x)", opt), ParseError);
}

TEST(ExprParser, SharedSubexpressionsAreMerged) {
  // x, sin(x), product: the second sin(x) is the same node.
  EXPECT_EQ(parse("sin(x)*sin(x)").size(), 3u);
  // x, y, x*y (= y*x, commutative), sum.
  EXPECT_EQ(parse("x*y + y*x").size(), 4u);
  // x - y and y - x are different.
  EXPECT_EQ(parse("(x-y)*(y-x)").size(), 5u);
  // Operations on constants are folded: 2*pi is one constant.
  EXPECT_EQ(parse("2*pi").size(), 1u);
}

TEST(ExprParser, BindingsAndPruning) {
  // The seed's Example 3.1 as typed equations (000_7fb68bb28a6a5040.txt, 3.1.1).
  const Graph g = parse("d = 3 + f; e = f*g; b = d + e; c = e + 2; b*c");
  ASSERT_EQ(g.variables(), (std::vector<std::string>{"f", "g"}));
  EXPECT_DOUBLE_EQ(g.evaluate({4, 2}), 150.0);
  // Nodes: f, g, constants 3 and 2, d, e, b, c, a (e is shared by b and c).
  EXPECT_EQ(g.size(), 9u);
  // An unused binding is dropped from the graph.
  EXPECT_EQ(parse("u = log(-x); x^2").size(), 2u);
}

// The caret on the second line sits under the column the error names in the expression on the
// first line.
void expect_error_at(const std::string& text, std::size_t column, const std::string& words) {
  try {
    parse(text);
    ADD_FAILURE() << "no error for '" << text << "'";
  } catch (const ParseError& e) {
    const std::string what = e.what();
    const auto nl = what.find('\n');
    ASSERT_NE(nl, std::string::npos) << what;
    EXPECT_EQ(what.find('\n', nl + 1), std::string::npos) << "more than two lines: " << what;
    const std::string line1 = what.substr(0, nl), line2 = what.substr(nl + 1);
    EXPECT_EQ(e.column(), column) << what;
    EXPECT_NE(line1.find(words), std::string::npos) << what;
    const std::size_t start = line1.rfind(text);
    ASSERT_NE(start, std::string::npos) << what;
    EXPECT_EQ(line2.find('^'), start + column) << what;
    EXPECT_EQ(line2.find_first_not_of(' '), start + column) << what;
  }
}

TEST(ExprParser, ErrorsPointAtTheOffendingCharacter) {
  expect_error_at("(1-x))", 5, "unexpected ')'");
  expect_error_at("(1-x", 4, "expected ')'");
  expect_error_at("[1-x)", 4, "expected ']'");
  expect_error_at("1 +", 3, "unexpected end");
  expect_error_at("2 * foo(x)", 4, "unknown function 'foo'");
  expect_error_at("sin x", 0, "needs '('");
  expect_error_at("exp[x)", 5, "expected ']'");
  expect_error_at("1 $ 2", 2, "unexpected character '$'");
  expect_error_at("atan2(1)", 7, "takes 2 arguments");
  expect_error_at("exp(1, 2)", 0, "takes 1 argument");
  expect_error_at("2e+", 3, "malformed exponent");
  expect_error_at("x y", 2, "unexpected 'y'");
  expect_error_at("1e999", 0, "out of range");
  expect_error_at("", 0, "empty");
  expect_error_at("exp = 3; exp", 0, "cannot assign");
  expect_error_at("a = 1 a", 6, "expected ';'");
  expect_error_at("x * * 2", 4, "unexpected '*'");
}

TEST(ExprParser, UnknownVariableWhenNamesAreGiven) {
  ParseOptions opt;
  opt.variables = std::vector<std::string>{"b1", "x"};
  opt.unknown_variable_message = "no start value for";
  try {
    parse("b1*exp(-b2*x)", opt);
    FAIL() << "no error";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.column(), 8u);
    EXPECT_NE(std::string(e.what()).find("no start value for 'b2'"), std::string::npos);
  }
}

TEST(ExprParser, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = std::string(100000, '(') + "x" + std::string(100000, ')');
  EXPECT_THROW(parse(deep), ParseError);
  const std::string minus = std::string(100000, '-') + "x";
  EXPECT_THROW(parse(minus), ParseError);
  // Moderate nesting is fine.
  EXPECT_DOUBLE_EQ(eval(std::string(100, '(') + "2" + std::string(100, ')')), 2.0);
}

TEST(ExprParser, RenderShiftsTheCaretForAPrefix) {
  try {
    parse("1 + )");
    FAIL();
  } catch (const ParseError& e) {
    const std::string what = e.what(), r = e.render(3);
    EXPECT_EQ(r.substr(0, r.find('\n')), what.substr(0, what.find('\n')));
    EXPECT_EQ(r.substr(r.find('\n') + 1), "   " + what.substr(what.find('\n') + 1));
  }
}

TEST(ExprParser, DomainErrorsGiveNaNOrInfinity) {
  EXPECT_TRUE(std::isnan(eval("log(x)", {-1.0})));
  EXPECT_TRUE(std::isinf(eval("1/x", {0.0})));
  EXPECT_TRUE(std::isnan(eval("sqrt(x)", {-4.0})));
  EXPECT_TRUE(std::isnan(eval("asin(x)", {2.0})));
  EXPECT_TRUE(std::isnan(eval("min(x, 1)", {std::nan("")})));
}

}  // namespace
}  // namespace optim::expr

namespace optim::expr {
namespace {

// 60000 variables, each used three times: with a hashed name lookup the parse is linear (tens of
// milliseconds); the former linear search took ~3e9 string comparisons here (tens of seconds).
// The bound of 5 s leaves room for a loaded machine and a sanitizer build.
TEST(ExprParser, ManyVariablesParseInLinearTime) {
  const int n = 60000;
  std::string text;
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) {
    names.push_back("x" + std::to_string(i));
    text += (i ? " + " : "") + names.back() + "*" + names.back() + " - " + names.back();
  }
  const auto t0 = std::chrono::steady_clock::now();
  const Graph free_order = parse(text);
  const Graph given = parse(text, {.variables = names});
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(s, 5.0);
  EXPECT_EQ(free_order.variables(), names);
  EXPECT_EQ(given.variables(), names);
  std::vector<double> x(n, 2.0);  // each term 2*2 - 2 = 2
  EXPECT_DOUBLE_EQ(given.evaluate(x), 2.0 * n);
}

}  // namespace
}  // namespace optim::expr
