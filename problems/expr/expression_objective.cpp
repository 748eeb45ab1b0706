#include "problems/expr/expression_objective.hpp"

#include <stdexcept>

namespace optim::expr {

namespace {
std::shared_ptr<const Graph> parse_shared(const std::string& formula,
                                          const std::vector<std::string>& variables) {
  ParseOptions opt;
  if (!variables.empty()) opt.variables = variables;
  return std::make_shared<const Graph>(parse(formula, opt));
}
}  // namespace

template <class S>
ExpressionObjective<S>::ExpressionObjective(const std::string& formula,
                                            const std::vector<std::string>& variables)
    : ExpressionObjective(parse_shared(formula, variables)) {}

template <class S>
ExpressionObjective<S>::ExpressionObjective(std::shared_ptr<const Graph> graph)
    : tape_(std::move(graph)) {
  unit_ = Vec<S>::Zero(dim());
  scratch_ = Vec<S>::Zero(dim());
}

template <class S>
void ExpressionObjective<S>::check_size(const Vec<S>& x) const {
  if (x.size() != dim()) {
    throw std::invalid_argument("expression objective: x has " + std::to_string(x.size()) +
                                " entries, the expression has " + std::to_string(dim()) +
                                " variables");
  }
}

template <class S>
S ExpressionObjective<S>::evaluate(const Vec<S>& x, Vec<S>* grad) {
  check_size(x);
  if (grad == nullptr) return tape_.value(x.data());
  return tape_.value_gradient(x.data(), grad->data());
}

template <class S>
void ExpressionObjective<S>::hessian(const Vec<S>& x, Mat<S>* hess) {
  check_size(x);
  const Index n = dim();
  for (Index j = 0; j < n; ++j) {
    unit_.setZero();
    unit_[j] = S(1);
    tape_.hessian_vector(x.data(), unit_.data(), nullptr, scratch_.data());
    hess->col(j) = scratch_;
  }
  // Exact arithmetic gives a symmetric matrix; averaging removes the rounding asymmetry.
  for (Index j = 0; j < n; ++j) {
    for (Index i = j + 1; i < n; ++i) {
      const S m = S(0.5) * ((*hess)(i, j) + (*hess)(j, i));
      (*hess)(i, j) = m;
      (*hess)(j, i) = m;
    }
  }
}

template <class S>
void ExpressionObjective<S>::hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>* hv) {
  check_size(x);
  tape_.hessian_vector(x.data(), v.data(), nullptr, hv->data());
}

template class ExpressionObjective<float>;
template class ExpressionObjective<double>;

}  // namespace optim::expr
