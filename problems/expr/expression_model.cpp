#include "problems/expr/expression_model.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

namespace optim::expr {

namespace {

std::shared_ptr<const Graph> parse_model(const std::string& formula,
                                         const std::vector<std::string>& parameters,
                                         const ModelData& data) {
  // Hash set: a table may have 100 000 columns.
  const std::unordered_set<std::string> columns(data.predictor_names.begin(),
                                                data.predictor_names.end());
  for (const auto& p : parameters) {
    if (columns.count(p)) {
      throw std::invalid_argument("'" + p + "' is both a parameter and a data column");
    }
    // A parameter must appear in the model (checked below), where the name would be ambiguous.
    if (is_reserved_name(p)) {
      throw std::invalid_argument("parameter name '" + p + "' is a function or constant name");
    }
  }
  ParseOptions opt;
  opt.variable_noun = "data column";
  std::vector<std::string> names = parameters;
  names.insert(names.end(), data.predictor_names.begin(), data.predictor_names.end());
  opt.variables = names;
  opt.unknown_variable_message = "no start value and no data column for";
  auto g = std::make_shared<const Graph>(parse(formula, opt));
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    if (g->variable_node(k) < 0) {
      throw std::invalid_argument("parameter '" + parameters[k] + "' does not appear in the model");
    }
  }
  return g;
}

}  // namespace

template <class S>
ExpressionModel<S>::ExpressionModel(const std::string& formula,
                                    const std::vector<std::string>& parameters,
                                    const ModelData& data)
    : parameters_(parameters), tape_(parse_model(formula, parameters, data)) {
  const std::size_t m = data.response.size();
  if (data.predictors.size() != data.predictor_names.size()) {
    throw std::invalid_argument("model data: predictor names and columns differ in number");
  }
  for (std::size_t k = 0; k < data.predictors.size(); ++k) {
    if (data.predictors[k].size() != m) {
      throw std::invalid_argument("model data: column '" + data.predictor_names[k] + "' has " +
                                  std::to_string(data.predictors[k].size()) +
                                  " values, the response has " + std::to_string(m));
    }
  }
  if (m < parameters.size()) {
    throw std::invalid_argument("fewer observations (" + std::to_string(m) + ") than parameters (" +
                                std::to_string(parameters.size()) + ")");
  }
  const auto rows = static_cast<Index>(m);
  const auto q = static_cast<Index>(data.predictors.size());
  x_.resize(rows, q);
  y_.resize(rows);
  for (Index i = 0; i < rows; ++i) {
    y_[i] = static_cast<S>(data.response[static_cast<std::size_t>(i)]);
    for (Index k = 0; k < q; ++k) {
      x_(i, k) =
          static_cast<S>(data.predictors[static_cast<std::size_t>(k)][static_cast<std::size_t>(i)]);
    }
  }
  vars_ = Vec<S>::Zero(dim() + q);
  grad_ = Vec<S>::Zero(dim() + q);
}

template <class S>
void ExpressionModel<S>::load_row(const Vec<S>& b, Index row) {
  const Index p = dim();
  vars_.head(p) = b;
  vars_.tail(x_.cols()) = x_.row(row).transpose();
}

template <class S>
S ExpressionModel<S>::predict(const Vec<S>& b, Index row) {
  load_row(b, row);
  return tape_.value(vars_.data());
}

template <class S>
void ExpressionModel<S>::residuals(const Vec<S>& b, Vec<S>* res, Mat<S>* jac) {
  if (b.size() != dim()) {
    throw std::invalid_argument("expression model: " + std::to_string(b.size()) +
                                " parameter values for " + std::to_string(dim()) + " parameters");
  }
  const Index m = num_residuals(), p = dim();
  for (Index i = 0; i < m; ++i) {
    load_row(b, i);
    if (jac == nullptr) {
      (*res)[i] = tape_.value(vars_.data()) - y_[i];
    } else {
      // One reverse sweep per observation gives the whole Jacobian row (and the predictors'
      // derivatives, which are not needed).
      (*res)[i] = tape_.value_gradient(vars_.data(), grad_.data()) - y_[i];
      jac->row(i) = grad_.head(p).transpose();
    }
  }
}

template class ExpressionModel<float>;
template class ExpressionModel<double>;

}  // namespace optim::expr
