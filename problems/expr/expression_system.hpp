#pragma once
// A system of typed equations as residuals, for root finding (`optim solve`): the text
// "EQ1; EQ2; ..." is split at its semicolons, and each equation is a formula `expr` (meaning
// expr = 0) or `lhs = rhs` (meaning lhs - rhs = 0). Residual i is equation i's formula; its
// Jacobian row comes from one reverse sweep of that equation's graph (tape.hpp), so the Jacobian
// is exact. Being a LeastSquaresObjective, the system also runs under every minimiser of
// f = 1/2 ||r||^2 (lm, gauss-newton, bfgs, ...).
#include <string>
#include <vector>

#include "optim/objective.hpp"
#include "problems/expr/parser.hpp"
#include "problems/expr/tape.hpp"

namespace optim::expr {

template <class S>
class ExpressionSystem final : public LeastSquaresObjective<S> {
 public:
  // The unknowns are `variables` in that order when given (an identifier outside the list is an
  // error, and so is a listed name that no equation uses), else the free identifiers in order of
  // first appearance over all equations. Throws ParseError (columns counted in `text`) on a
  // malformed equation, an empty one, or more than one '=' in an equation, and
  // std::invalid_argument for a system without unknowns or an unused listed variable.
  explicit ExpressionSystem(const std::string& text,
                            const std::vector<std::string>& variables = {});

  Index dim() const override { return static_cast<Index>(variables_.size()); }
  Index num_residuals() const override { return static_cast<Index>(tapes_.size()); }
  void residuals(const Vec<S>& x, Vec<S>* res, Mat<S>* jac) override;

  const std::vector<std::string>& variables() const { return variables_; }
  // Equation i as typed (without the blanks around it).
  const std::vector<std::string>& equations() const { return equations_; }

 private:
  std::vector<std::string> variables_;
  std::vector<std::string> equations_;
  std::vector<Tape<S>> tapes_;
  Vec<S> grad_;  // one equation's gradient, sized once
};

extern template class ExpressionSystem<float>;
extern template class ExpressionSystem<double>;

}  // namespace optim::expr
