// A typed system "EQ1; EQ2; ..." as residuals (problems/expr/expression_system.hpp): equations
// `expr` and `lhs = rhs`, the unknowns' order, the exact Jacobian against central differences,
// and parse errors pointing into the text as typed.
#include <gtest/gtest.h>

#include <cmath>

#include "optim/least_squares/finite_difference_jacobian.hpp"
#include "problems/expr/expression_system.hpp"

namespace optim::expr {
namespace {

TEST(ExpressionSystem, ResidualsOfBothEquationForms) {
  ExpressionSystem<double> sys("x^2 + y^2 = 4; x - y;");  // trailing ';' ends the list
  ASSERT_EQ(sys.dim(), 2);
  ASSERT_EQ(sys.num_residuals(), 2);
  EXPECT_EQ(sys.variables(), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(sys.equations(), (std::vector<std::string>{"x^2 + y^2 = 4", "x - y"}));
  Vec<double> x(2), r(2);
  Mat<double> j(2, 2);
  x << 3, -1;
  sys.residuals(x, &r, &j);
  // Hand values: 9 + 1 - 4 = 6, 3 - (-1) = 4; J = [2x 2y; 1 -1] = [6 -2; 1 -1] (exact).
  EXPECT_EQ(r[0], 6);
  EXPECT_EQ(r[1], 4);
  EXPECT_EQ(j(0, 0), 6);
  EXPECT_EQ(j(0, 1), -2);
  EXPECT_EQ(j(1, 0), 1);
  EXPECT_EQ(j(1, 1), -1);
}

TEST(ExpressionSystem, UnknownsInFirstAppearanceOrderOrAsListed) {
  ExpressionSystem<double> a("b*c - 1; a + c = 2; a - b");
  EXPECT_EQ(a.variables(), (std::vector<std::string>{"b", "c", "a"}));
  ExpressionSystem<double> b("b*c - 1; a + c = 2; a - b", {"a", "b", "c"});
  EXPECT_EQ(b.variables(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_THROW(ExpressionSystem<double>("x - 1; y - 2", {"x", "y", "z"}), std::invalid_argument);
  EXPECT_THROW(ExpressionSystem<double>("x - 1; z", {"x", "y"}), ParseError);
}

TEST(ExpressionSystem, JacobianMatchesCentralDifferences) {
  // Helical-valley-like terms with atan2, exp and a division; central differences are accurate
  // to ~1e-10 relative here (N&W eq. 8.7, h = cbrt(eps)), so 1e-7 absolute on O(10) entries.
  ExpressionSystem<double> sys(
      "10*(z - 10*atan2(y, x)/(2*pi)); 10*(sqrt(x^2 + y^2) - 1); z*exp(x*y) = sin(x)/(1 + y^2)");
  Vec<double> x(3);
  x << 0.7, -0.4, 1.3;
  Vec<double> r(3);
  Mat<double> j(3, 3), fd(3, 3);
  sys.residuals(x, &r, &j);
  central_difference_jacobian<double>(sys, x, fd);
  EXPECT_LT((j - fd).cwiseAbs().maxCoeff(), 1e-7) << j << "\n" << fd;
}

TEST(ExpressionSystem, ErrorsPointIntoTheTypedText) {
  auto column_of = [](const std::string& text) -> long {
    try {
      ExpressionSystem<double> sys(text);
    } catch (const ParseError& e) {
      EXPECT_EQ(e.source(), text);
      return static_cast<long>(e.column());
    }
    return -1;
  };
  EXPECT_EQ(column_of("x - 1; y + * 2"), 11);    // the '*' of the second equation
  EXPECT_EQ(column_of("x - 1; y = 2 + )"), 15);  // in the right-hand side
  EXPECT_EQ(column_of("x = 1 = y; y"), 6);       // the second '='
  EXPECT_GE(column_of("x - 1;; y"), 0);          // an empty equation
  EXPECT_GE(column_of(""), 0);
  EXPECT_GE(column_of("x = ; y"), 0);
  EXPECT_THROW(ExpressionSystem<double>("1 + 2; 3"), std::invalid_argument);  // no unknowns
}

}  // namespace
}  // namespace optim::expr
