#include "nn/regression_metrics.hpp"

#include <cmath>
#include <stdexcept>

namespace optim::nn {

template <class S>
Mat<S> predict_outputs(Network<S>& net, const Vec<S>& params, const Mat<S>& x,
                       const DataSchema& schema) {
  Mat<S> out = net.forward(params, x);
  if (!schema.classification()) schema.unscale_targets(out);
  return out;
}

template <class S>
RegressionErrors regression_errors(Network<S>& net, const Vec<S>& params, const Dataset<S>& data,
                                   const DataSchema& schema) {
  if (data.y.size() == 0 || data.size() == 0)
    throw std::invalid_argument("regression errors of '" + data.name + "': no targets");
  const Mat<S> pred = predict_outputs(net, params, data.x, schema);
  Mat<S> truth = data.y;
  schema.unscale_targets(truth);
  const auto diff = (pred.template cast<double>() - truth.template cast<double>()).array();
  const double n = double(diff.size());
  return {std::sqrt(diff.square().sum() / n), diff.abs().sum() / n};
}

template Mat<float> predict_outputs<float>(Network<float>&, const Vec<float>&, const Mat<float>&,
                                           const DataSchema&);
template Mat<double> predict_outputs<double>(Network<double>&, const Vec<double>&,
                                             const Mat<double>&, const DataSchema&);
template RegressionErrors regression_errors<float>(Network<float>&, const Vec<float>&,
                                                   const Dataset<float>&, const DataSchema&);
template RegressionErrors regression_errors<double>(Network<double>&, const Vec<double>&,
                                                    const Dataset<double>&, const DataSchema&);

}  // namespace optim::nn
