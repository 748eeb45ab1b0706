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

RegressionErrors regression_errors_of(const Mat<double>& predicted, const Mat<double>& t) {
  if (predicted.rows() != t.rows() || predicted.cols() != t.cols() || t.size() == 0)
    throw std::invalid_argument("regression errors: predictions and targets differ in shape");
  const Mat<double> diff = predicted - t;
  const double n = double(diff.size());
  double r2 = 0;
  for (Index i = 0; i < t.rows(); ++i) {
    const double res = diff.row(i).squaredNorm();
    const double tot = (t.row(i).array() - t.row(i).mean()).square().sum();
    r2 += tot > 0 ? 1 - res / tot : (res == 0 ? 1 : 0);
  }
  return {std::sqrt(diff.squaredNorm() / n), diff.array().abs().sum() / n, r2 / double(t.rows())};
}

template <class S>
RegressionErrors regression_errors(Network<S>& net, const Vec<S>& params, const Dataset<S>& data,
                                   const DataSchema& schema) {
  if (data.y.size() == 0 || data.size() == 0)
    throw std::invalid_argument("regression errors of '" + data.name + "': no targets");
  const Mat<S> pred = predict_outputs(net, params, data.x, schema);
  Mat<S> truth = data.y;
  schema.unscale_targets(truth);
  return regression_errors_of(pred.template cast<double>(), truth.template cast<double>());
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
