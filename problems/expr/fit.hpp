#pragma once
// Curve fitting with an expression model: run a method on the least-squares objective and report
// the fitted parameters with standard errors, RSS, residual standard deviation and degrees of
// freedom (what gnuplot's `fit` and scipy's `curve_fit` report).
#include <string>
#include <vector>

#include "io/csv_table.hpp"
#include "optim/bounds/bounds.hpp"
#include "optim/method.hpp"
#include "optim/result.hpp"
#include "optim/stop_options.hpp"
#include "problems/expr/expression_model.hpp"

namespace optim::expr {

struct FitSummary {
  std::vector<std::string> names;
  Vec<double> params;
  Vec<double> std_errors;  // NaN when J is rank-deficient at the solution, dof = 0, or the
                           // parameter is on a bound
  // The covariance estimate s^2 (J^T J)^-1 (p x p) of which std_errors is the root of the
  // diagonal: NaN in the rows and columns of the parameters on a bound, all NaN when std_errors
  // are.
  Mat<double> covariance;
  // A fit on a box: per parameter "" (free), "lower", "upper" (on that bound at the end) or
  // "fixed" (lower == upper). A parameter on a bound has no standard error: the covariance is
  // that of the free parameters (their columns of J) only.
  std::vector<std::string> at_bound;
  double rss = 0;          // sum_i r_i^2
  double residual_sd = 0;  // sqrt(rss / dof)
  Index dof = 0;           // observations - parameters
  Index observations = 0;
  // Numerical rank of J at the solution and the parameters along its null space: the model does
  // not change with them there, so the fit says nothing about them (a "converged" status at such
  // a point is often a false convergence, e.g. exp(-b x) driven to 0 on every observation).
  Index rank = 0;
  std::vector<std::string> unidentifiable;
  Result<double> result;
};

// "parameters not identifiable here: b2 (...); try ..." for a rank-deficient fit, else "".
std::string identifiability_message(const FitSummary& s);

// Builds the model's data from a table. `response` is a column name (as it stands, even
// "dose, mg") or an expression of columns (e.g. "log(y)"); `predictors` names the predictor
// columns, or, when empty, every column the response does not use. Throws std::invalid_argument for
// an unknown column or a response that is not finite on some row.
ModelData model_data(const io::DataTable& table, const std::string& response,
                     const std::vector<std::string>& predictors);

// Standard errors at b: the covariance estimate s^2 (J^T J)^-1 with s^2 = RSS / (m - p), computed
// from the SVD J = U diag(sigma) V^T as V diag(sigma^-2) V^T (no normal equations are formed);
// the numerical rank of J and the unidentifiable parameters from the same SVD.
// With `active` (the bounds active at b), the statistics are those of the free parameters: J
// restricted to their columns; the parameters on a bound get NaN and their at_bound entry. The
// degrees of freedom stay m - p (p counts every parameter of the model, as scipy's curve_fit).
void fit_statistics(ExpressionModel<double>& model, const Vec<double>& b, FitSummary& out,
                    const ActiveBounds* active = nullptr);
// The same for any least-squares objective whose parameters are called `names` (a model given as
// residuals only, with a finite-difference Jacobian: the statistics use that Jacobian).
void fit_statistics(LeastSquaresObjective<double>& model, const std::vector<std::string>& names,
                    const Vec<double>& b, FitSummary& out, const ActiveBounds* active = nullptr);

// Checks that every residual is finite at `start` (else std::invalid_argument naming the first bad
// observation), minimises 1/2 sum r_i^2 with `method` (on the box `bounds` when given: the start
// is projected onto it first, and the method must accept bounds), and fills the summary at the
// result. The start's residuals are checked at the projected start.
FitSummary fit(ExpressionModel<double>& model, const Vec<double>& start,
               const Method<double>& method, const StopOptions& stop,
               const Bounds<double>* bounds = nullptr);

}  // namespace optim::expr
