#pragma once
// Least-squares fit of a model formula to data: residual r_i(b) = model(x_i; b) - y_i, with the
// Jacobian row dr_i/db from one reverse sweep of the model's graph per observation (exact, no
// finite differences). Being a LeastSquaresObjective, it runs under Gauss-Newton and
// Levenberg-Marquardt as well as under every general method (f = 1/2 sum r_i^2).
#include <memory>
#include <string>
#include <vector>

#include "optim/objective.hpp"
#include "problems/expr/parser.hpp"
#include "problems/expr/tape.hpp"

namespace optim::expr {

// The data side of a model: named predictor columns and the response, all of one length.
struct ModelData {
  std::vector<std::string> predictor_names;
  std::vector<std::vector<double>> predictors;  // predictors[k][row]
  std::vector<double> response;
};

template <class S>
class ExpressionModel : public LeastSquaresObjective<S> {
 public:
  // `parameters` are the fitted names in order. Every free identifier of `formula` must be a
  // parameter or a predictor; throws ParseError naming one that is neither, and
  // std::invalid_argument for a parameter the model does not use, a name that is both a parameter
  // and a predictor, columns of different lengths, or fewer observations than parameters.
  ExpressionModel(const std::string& formula, const std::vector<std::string>& parameters,
                  const ModelData& data);

  Index dim() const override { return static_cast<Index>(parameters_.size()); }
  Index num_residuals() const override { return static_cast<Index>(y_.size()); }
  void residuals(const Vec<S>& b, Vec<S>* res, Mat<S>* jac) override;

  const std::vector<std::string>& parameters() const { return parameters_; }
  const Graph& graph() const { return tape_.graph(); }
  // model(x_row; b) for one observation (for reports and tests).
  S predict(const Vec<S>& b, Index row);

 private:
  void load_row(const Vec<S>& b, Index row);
  std::vector<std::string> parameters_;
  Tape<S> tape_;
  Mat<S> x_;  // observations x predictors
  Vec<S> y_;
  Vec<S> vars_;  // parameters then predictors of one row (tape input), sized once
  Vec<S> grad_;  // gradient of one row w.r.t. all tape variables, sized once
};

extern template class ExpressionModel<float>;
extern template class ExpressionModel<double>;

}  // namespace optim::expr
