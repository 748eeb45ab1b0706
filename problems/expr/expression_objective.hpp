#pragma once
// A typed formula as an objective: f(x) is the parsed expression, its gradient comes from one
// reverse sweep and its Hessian / Hessian-vector products from forward-over-reverse (tape.hpp), so
// every method (first-order, Newton, CG, L-BFGS) runs on it with exact derivatives.
#include <memory>
#include <string>
#include <vector>

#include "optim/objective.hpp"
#include "problems/expr/parser.hpp"
#include "problems/expr/tape.hpp"

namespace optim::expr {

template <class S>
class ExpressionObjective : public Objective<S>, public HessianProvider<S> {
 public:
  // Parses `formula`. The variables are `variables` in that order when given (any other free
  // identifier is then an error), else the free identifiers in order of first appearance.
  // Throws ParseError (a std::invalid_argument) on a malformed formula.
  explicit ExpressionObjective(const std::string& formula,
                               const std::vector<std::string>& variables = {});
  explicit ExpressionObjective(std::shared_ptr<const Graph> graph);

  Index dim() const override { return static_cast<Index>(tape_.num_variables()); }
  // A domain error (log of a negative number, division by zero, ...) gives NaN or inf, which the
  // driver reads as "cannot evaluate here".
  S evaluate(const Vec<S>& x, Vec<S>* grad) override;
  // n forward-over-reverse sweeps, one per column H e_j; symmetrised to remove rounding noise.
  void hessian(const Vec<S>& x, Mat<S>* hess) override;
  void hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>* hv) override;

  const std::vector<std::string>& variables() const { return tape_.graph().variables(); }
  const Graph& graph() const { return tape_.graph(); }

 private:
  void check_size(const Vec<S>& x) const;
  Tape<S> tape_;
  Vec<S> unit_, scratch_;  // sized once (Hessian columns)
};

extern template class ExpressionObjective<float>;
extern template class ExpressionObjective<double>;

}  // namespace optim::expr
