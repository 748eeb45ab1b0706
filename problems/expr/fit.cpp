#include "problems/expr/fit.hpp"

#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "optim/driver.hpp"

namespace optim::expr {

ModelData model_data(const io::DataTable& table, const std::string& response,
                     const std::vector<std::string>& predictors) {
  ModelData d;
  std::vector<char> used(table.names.size(), 0);  // columns the response uses
  const auto named = std::find(table.names.begin(), table.names.end(), response);
  if (named != table.names.end()) {
    // A column name as it stands, also one that no formula could spell ("dose, mg").
    const auto k = static_cast<std::size_t>(named - table.names.begin());
    d.response = table.columns[k];
    used[k] = 1;
  } else {
    ParseOptions opt;
    opt.variables = table.names;
    opt.unknown_variable_message = "unknown column";
    opt.variable_noun = "data column";
    const Graph g = parse(response, opt);
    std::vector<double> row(table.names.size());
    d.response.resize(table.rows());
    for (std::size_t i = 0; i < table.rows(); ++i) {
      for (std::size_t k = 0; k < table.names.size(); ++k) row[k] = table.columns[k][i];
      d.response[i] = g.evaluate(row);
      if (!std::isfinite(d.response[i])) {
        throw std::invalid_argument("response '" + response + "' is not finite on data row " +
                                    std::to_string(i + 1));
      }
    }
    for (std::size_t k = 0; k < table.names.size(); ++k) used[k] = g.variable_node(k) >= 0;
  }
  if (predictors.empty()) {
    for (std::size_t k = 0; k < table.names.size(); ++k) {
      if (used[k]) continue;  // used by the response
      d.predictor_names.push_back(table.names[k]);
      d.predictors.push_back(table.columns[k]);
    }
  } else {
    for (const auto& name : predictors) {
      d.predictor_names.push_back(name);
      d.predictors.push_back(table.column(name));  // throws for an unknown column
    }
  }
  return d;
}

namespace {

// Numerical rank of J from its singular values (decreasing) and, when it is below p, the
// parameters along the null space. Tolerance: a backward-stable SVD returns the exact singular
// values of J + E with ||E||_2 of order max(m, p) eps ||J||_2 (Golub & Van Loan, 4th ed., 8.6), so
// any sigma_i <= max(m, p) eps sigma_max cannot be told from 0 (LAPACK's and numpy's matrix_rank
// rule): moving b along v_i changes the model only at rounding level. Parameter k belongs to the
// null space with weight w_k = sum_{i >= rank} V(k, i)^2 (w sums to p - rank); those with at
// least half the largest weight are reported, so a direction that mixes two parameters names both
// unless one of them dominates it.
void find_rank(const Eigen::JacobiSVD<Mat<double>>& svd, Index m, Index p,
               const std::vector<std::string>& names, FitSummary& out) {
  const Vec<double>& sigma = svd.singularValues();
  const double sigma_max = sigma.size() > 0 ? sigma[0] : 0.0;
  const double tol =
      std::numeric_limits<double>::epsilon() * static_cast<double>(std::max(m, p)) * sigma_max;
  out.rank = 0;
  for (Index i = 0; i < sigma.size(); ++i) out.rank += sigma[i] > tol ? 1 : 0;
  out.unidentifiable.clear();
  if (out.rank == p) return;
  const Mat<double>& v = svd.matrixV();  // p x p (full V)
  Vec<double> weight = v.rightCols(p - out.rank).rowwise().squaredNorm();
  const double top = weight.maxCoeff();
  for (Index k = 0; k < p; ++k) {
    if (weight[k] >= 0.5 * top) out.unidentifiable.push_back(names[static_cast<size_t>(k)]);
  }
}

}  // namespace

std::string identifiability_message(const FitSummary& s) {
  if (s.unidentifiable.empty()) return "";
  std::string list;
  for (const auto& n : s.unidentifiable) list += (list.empty() ? "" : ", ") + n;
  return "parameters not identifiable here: " + list +
         " (the model does not change with them at this point); try another start (--start) "
         "or a reparametrized model";
}

void fit_statistics(ExpressionModel<double>& model, const Vec<double>& b, FitSummary& out,
                    const ActiveBounds* active) {
  fit_statistics(model, model.parameters(), b, out, active);
}

void fit_statistics(LeastSquaresObjective<double>& model, const std::vector<std::string>& names,
                    const Vec<double>& b, FitSummary& out, const ActiveBounds* active) {
  const Index m = model.num_residuals(), p = model.dim();
  if (static_cast<Index>(names.size()) != p)
    throw std::invalid_argument("fit_statistics: one name per parameter");
  Vec<double> r(m);
  Mat<double> jall(m, p);
  model.residuals(b, &r, &jall);
  const std::vector<std::string> all_names = names;
  out.at_bound.assign(static_cast<size_t>(p), "");
  if (active != nullptr) {
    for (Index i : active->at_lower) out.at_bound[static_cast<size_t>(i)] = "lower";
    for (Index i : active->at_upper) out.at_bound[static_cast<size_t>(i)] = "upper";
    for (Index i : active->fixed) out.at_bound[static_cast<size_t>(i)] = "fixed";
  }
  // The free parameters: their columns of J and their names.
  std::vector<Index> free;
  std::vector<std::string> free_names;
  for (Index k = 0; k < p; ++k) {
    if (!out.at_bound[static_cast<size_t>(k)].empty()) continue;
    free.push_back(k);
    free_names.push_back(all_names[static_cast<size_t>(k)]);
  }
  const Index pf = static_cast<Index>(free.size());
  Mat<double> j(m, pf);
  for (Index c = 0; c < pf; ++c) j.col(c) = jall.col(free[static_cast<size_t>(c)]);
  out.names = all_names;
  out.params = b;
  out.observations = m;
  out.dof = m - p;
  out.rss = r.squaredNorm();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.residual_sd = out.dof > 0 ? std::sqrt(out.rss / static_cast<double>(out.dof)) : nan;
  out.std_errors = Vec<double>::Constant(p, nan);
  out.covariance = Mat<double>::Constant(p, p, nan);
  out.rank = 0;
  out.unidentifiable.clear();
  if (!j.allFinite() || pf == 0) return;
  Eigen::JacobiSVD<Mat<double>> svd(j, Eigen::ComputeFullV);
  find_rank(svd, m, pf, free_names, out);
  // (J^T J)^-1 exists in floating point only at full numerical rank (find_rank's test).
  if (out.dof <= 0 || out.rank < pf) return;
  const Vec<double>& sigma = svd.singularValues();
  const double s2 = out.rss / static_cast<double>(out.dof);
  const Mat<double>& v = svd.matrixV();
  for (Index k = 0; k < pf; ++k) {
    for (Index q = 0; q < pf; ++q) {
      double c = 0;
      for (Index l = 0; l < pf; ++l) c += v(k, l) * v(q, l) / (sigma[l] * sigma[l]);
      out.covariance(free[static_cast<size_t>(k)], free[static_cast<size_t>(q)]) = s2 * c;
    }
    const Index fk = free[static_cast<size_t>(k)];
    out.std_errors[fk] = std::sqrt(out.covariance(fk, fk));
  }
}

FitSummary fit(ExpressionModel<double>& model, const Vec<double>& start,
               const Method<double>& method, const StopOptions& stop,
               const Bounds<double>* bounds) {
  Vec<double> x0 = start;
  if (bounds != nullptr) {
    bounds->check_size(x0.size());
    bounds->project(x0);  // the driver projects too; the residual check is at this point
  }
  Vec<double> r(model.num_residuals());
  model.residuals(x0, &r, nullptr);
  for (Index i = 0; i < r.size(); ++i) {
    if (!std::isfinite(r[i])) {
      throw std::invalid_argument("the model is not finite at the start values (observation " +
                                  std::to_string(i + 1) + ": residual " + std::to_string(r[i]) +
                                  ")");
    }
  }
  FitSummary out;
  if (bounds != nullptr) {
    out.result = minimize<double>(model, start, method, *bounds, stop);
    // result.start_projected says whether the start moved; the driver projected the same way.
  } else {
    out.result = minimize<double>(model, start, method, stop);
  }
  fit_statistics(model, out.result.x, out, out.result.bounded ? &out.result.active : nullptr);
  return out;
}

}  // namespace optim::expr
