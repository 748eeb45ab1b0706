#pragma once
// Errors of a regression network in the units of the data: the predictions and the targets are
// mapped back through the schema's target standardisation (nn/data_schema.hpp) first, so that
// RMSE and MAE read in the target's own units whatever scale the network was trained on.
//   RMSE = sqrt(mean over samples and outputs of (prediction - target)^2)
//   MAE  = mean over samples and outputs of |prediction - target|
//   R^2  = mean over outputs of 1 - sum (prediction - target)^2 / sum (target - mean target)^2
//          (1 for a perfect fit, 0 for predicting the mean; an output whose targets are all
//          equal counts 1 when predicted exactly, else 0, as scikit-learn's r2_score does)
#include "nn/data_schema.hpp"
#include "nn/dataset.hpp"
#include "nn/network.hpp"

namespace optim::nn {

struct RegressionErrors {
  double rmse = 0, mae = 0, r2 = 0;
};

// Predictions of `net` for the samples of `x` (features x N), in the data's units: the network's
// outputs with the schema's target standardisation undone (nothing for classification).
template <class S>
Mat<S> predict_outputs(Network<S>& net, const Vec<S>& params, const Mat<S>& x,
                       const DataSchema& schema);

// The errors of predictions against targets, both in the data's units (outputs x N each).
RegressionErrors regression_errors_of(const Mat<double>& predicted, const Mat<double>& truth);

// Throws std::invalid_argument for a set without targets.
template <class S>
RegressionErrors regression_errors(Network<S>& net, const Vec<S>& params, const Dataset<S>& data,
                                   const DataSchema& schema);

}  // namespace optim::nn
