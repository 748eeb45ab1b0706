// Expression models for least squares: residuals, the exact Jacobian (one reverse sweep per
// observation), standard errors, data selection and the errors that name the problem.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <sstream>

#include "optim/registry.hpp"
#include "problems/expr/fit.hpp"

namespace optim::expr {
namespace {

ModelData misra_like_data() {
  // y = 240 (1 - exp(-5.5e-4 x)) plus a fixed small perturbation.
  ModelData d;
  d.predictor_names = {"x"};
  d.predictors = {{77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3}};
  for (std::size_t i = 0; i < d.predictors[0].size(); ++i) {
    d.response.push_back(240 * (1 - std::exp(-5.5e-4 * d.predictors[0][i])) +
                         0.05 * ((i % 3) - 1.0));
  }
  return d;
}

TEST(ExprModel, ResidualsAndJacobianAgainstFiniteDifferences) {
  const ModelData d = misra_like_data();
  ExpressionModel<double> model("b1*(1-exp(-b2*x))", {"b1", "b2"}, d);
  ASSERT_EQ(model.dim(), 2);
  ASSERT_EQ(model.num_residuals(), 10);
  Vec<double> b(2), r(10), rp(10), rm(10);
  b << 230.0, 6e-4;
  Mat<double> j(10, 2);
  model.residuals(b, &r, &j);
  for (Index i = 0; i < 10; ++i) {
    const double x = d.predictors[0][i];
    EXPECT_DOUBLE_EQ(r[i], 230.0 * (1 - std::exp(-6e-4 * x)) - d.response[i]);
    // Hand derivatives: dr/db1 = 1 - exp(-b2 x), dr/db2 = b1 x exp(-b2 x).
    EXPECT_NEAR(j(i, 0), 1 - std::exp(-6e-4 * x), 1e-15);
    EXPECT_NEAR(j(i, 1), 230.0 * x * std::exp(-6e-4 * x), 1e-10 * 230.0 * x);
  }
  for (Index k = 0; k < 2; ++k) {
    // Relative step 1e-6 of each parameter: central-difference error ~1e-12 relative here.
    const double h = 1e-6 * std::abs(b[k]);
    Vec<double> bp = b, bm = b;
    bp[k] += h;
    bm[k] -= h;
    model.residuals(bp, &rp, nullptr);
    model.residuals(bm, &rm, nullptr);
    for (Index i = 0; i < 10; ++i) {
      const double fd = (rp[i] - rm[i]) / (2 * h);
      EXPECT_NEAR(j(i, k), fd, 1e-6 * (1 + std::abs(fd)));
    }
  }
  EXPECT_DOUBLE_EQ(model.predict(b, 0), r[0] + d.response[0]);
}

TEST(ExprModel, SeveralPredictors) {
  ModelData d;
  d.predictor_names = {"x1", "x2"};
  d.predictors = {{1, 2, 3}, {0.5, 0.25, 2}};
  d.response = {0, 0, 0};
  ExpressionModel<float> model("b1 - b2*x1*exp(-b3*x2)", {"b1", "b2", "b3"}, d);
  Vec<float> b(3), r(3);
  b << 2.0f, 0.5f, 0.1f;
  model.residuals(b, &r, nullptr);
  for (int i = 0; i < 3; ++i) {
    const double expected = 2.0 - 0.5 * d.predictors[0][i] * std::exp(-0.1 * d.predictors[1][i]);
    EXPECT_NEAR(r[i], expected, 1e-6);  // float rounding of values of order 1
  }
}

TEST(ExprModel, BadModelsNameTheProblem) {
  const ModelData d = misra_like_data();
  // A name that is neither a parameter nor a column: a parse error with a caret.
  try {
    ExpressionModel<double>("b1*(1-exp(-b3*x))", {"b1", "b2"}, d);
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("no start value and no data column for 'b3'"),
              std::string::npos)
        << e.what();
    EXPECT_EQ(e.column(), 11u);
  }
  // A start value for a name the model does not use.
  EXPECT_THROW(ExpressionModel<double>("b1*x", {"b1", "b2"}, d), std::invalid_argument);
  // A parameter named like a column.
  EXPECT_THROW(ExpressionModel<double>("x*b1", {"b1", "x"}, d), std::invalid_argument);
  // Fewer observations than parameters.
  ModelData tiny;
  tiny.predictor_names = {"x"};
  tiny.predictors = {{1.0}};
  tiny.response = {2.0};
  EXPECT_THROW(ExpressionModel<double>("b1 + b2*x", {"b1", "b2"}, tiny), std::invalid_argument);
  // Columns of different lengths.
  ModelData ragged = d;
  ragged.response.pop_back();
  EXPECT_THROW(ExpressionModel<double>("b1*x", {"b1"}, ragged), std::invalid_argument);
}

TEST(ExprModel, StandardErrorsOfAStraightLine) {
  // For y = b1 + b2 x at the ordinary least-squares solution the textbook formulas hold:
  // se(b2) = s / sqrt(Sxx), se(b1) = s sqrt(1/n + xbar^2 / Sxx), s^2 = RSS / (n - 2).
  ModelData d;
  d.predictor_names = {"x"};
  d.predictors = {{0, 1, 2, 3, 4, 5}};
  d.response = {1.1, 2.9, 5.2, 6.8, 9.1, 11.0};
  ExpressionModel<double> model("b1 + b2*x", {"b1", "b2"}, d);
  const double n = 6, xbar = 2.5;
  double sxx = 0, sxy = 0, ybar = 0;
  for (double y : d.response) ybar += y / n;
  for (int i = 0; i < 6; ++i) {
    sxx += (d.predictors[0][i] - xbar) * (d.predictors[0][i] - xbar);
    sxy += (d.predictors[0][i] - xbar) * (d.response[i] - ybar);
  }
  const double b2 = sxy / sxx, b1 = ybar - b2 * xbar;
  double rss = 0;
  for (int i = 0; i < 6; ++i) rss += std::pow(d.response[i] - b1 - b2 * d.predictors[0][i], 2);
  const double s = std::sqrt(rss / (n - 2));
  FitSummary out;
  Vec<double> b(2);
  b << b1, b2;
  fit_statistics(model, b, out);
  EXPECT_EQ(out.dof, 4);
  EXPECT_EQ(out.observations, 6);
  EXPECT_NEAR(out.rss, rss, 1e-13);
  EXPECT_NEAR(out.residual_sd, s, 1e-13);
  EXPECT_NEAR(out.std_errors[1], s / std::sqrt(sxx), 1e-13);
  EXPECT_NEAR(out.std_errors[0], s * std::sqrt(1 / n + xbar * xbar / sxx), 1e-13);
  // The textbook covariance of intercept and slope, -s^2 xbar / sxx, symmetric, and the
  // diagonal the squared standard errors.
  ASSERT_EQ(out.covariance.rows(), 2);
  EXPECT_NEAR(out.covariance(0, 1), -s * s * xbar / sxx, 1e-13);
  EXPECT_NEAR(out.covariance(1, 0), out.covariance(0, 1), 1e-15);
  EXPECT_EQ(std::sqrt(out.covariance(1, 1)), out.std_errors[1]);
}

TEST(ExprModel, RankDeficientJacobianGivesUndefinedStandardErrors) {
  ModelData d;
  d.predictor_names = {"x"};
  d.predictors = {{1, 2, 3, 4}};
  d.response = {1, 2, 3, 4};
  // b1 and b2 enter only as their product: J has rank 1.
  ExpressionModel<double> model("b1*b2*x", {"b1", "b2"}, d);
  FitSummary out;
  Vec<double> b(2);
  b << 1.0, 1.0;
  fit_statistics(model, b, out);
  EXPECT_TRUE(std::isnan(out.std_errors[0]));
  EXPECT_TRUE(std::isnan(out.std_errors[1]));
}

TEST(ExprModel, DataFromATable) {
  std::istringstream in("t,y,w\n1,2.718281828459045,5\n2,7.38905609893065,6\n");
  const io::DataTable t = io::read_csv(in, "t.csv");
  // The response may be an expression of columns; the other columns become predictors.
  const ModelData d = model_data(t, "log(y)", {});
  EXPECT_EQ(d.predictor_names, (std::vector<std::string>{"t", "w"}));
  EXPECT_NEAR(d.response[0], 1.0, 1e-15);
  EXPECT_NEAR(d.response[1], 2.0, 1e-15);
  const ModelData d2 = model_data(t, "y", {"t"});
  EXPECT_EQ(d2.predictor_names, (std::vector<std::string>{"t"}));
  EXPECT_THROW(model_data(t, "y", {"q"}), std::invalid_argument);
  EXPECT_THROW(model_data(t, "yy", {}), ParseError);
  EXPECT_THROW(model_data(t, "log(y - 5)", {}), std::invalid_argument);  // not finite
}

TEST(ExprModel, NotFiniteAtTheStartIsAnError) {
  ModelData d = misra_like_data();
  ExpressionModel<double> model("b1*log(b2*x)", {"b1", "b2"}, d);
  Vec<double> start(2);
  start << 1.0, -1.0;
  auto gd = make_method<double>("gd");
  try {
    fit(model, start, *gd, StopOptions{});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("not finite at the start values (observation 1"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace optim::expr
