#include "studies/linear_regression.hpp"

#include <Eigen/Cholesky>
#include <random>
#include <stdexcept>
#include <string>

namespace optim::studies {

LinearRegression::LinearRegression(Index samples, Index dim, double noise, std::uint64_t seed) {
  if (samples < 1 || dim < 1) {
    throw std::invalid_argument("linear regression: samples = " + std::to_string(samples) +
                                " and dim = " + std::to_string(dim) + " must both be >= 1");
  }
  if (!(noise >= 0)) {
    throw std::invalid_argument("linear regression: noise = " + std::to_string(noise) +
                                " must be >= 0");
  }
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> gauss;
  x_.resize(samples, dim);
  y_.resize(samples);
  w_true_.resize(dim);
  for (Index j = 0; j < dim; ++j) w_true_[j] = 1.0 + double(j) / double(dim);  // 1 .. 2
  for (Index i = 0; i < samples; ++i) {
    for (Index j = 0; j < dim; ++j) x_(i, j) = gauss(rng);
    y_[i] = x_.row(i).dot(w_true_) + noise * gauss(rng);
  }
  const Mat<double> xtx = x_.transpose() * x_;
  w_star_ = xtx.ldlt().solve(x_.transpose() * y_);
  r_.resize(samples);
}

double LinearRegression::evaluate(const Vec<double>& w, Vec<double>* grad) {
  r_.noalias() = x_ * w;
  r_ -= y_;
  const double n = static_cast<double>(size());
  if (grad != nullptr) grad->noalias() = x_.transpose() * r_ / n;
  return 0.5 * r_.squaredNorm() / n;
}

double LinearRegression::evaluate_batch(const Vec<double>& w, std::span<const Index> batch,
                                        Vec<double>* grad) {
  if (batch.empty()) throw std::invalid_argument("linear regression: empty batch");
  if (grad != nullptr) grad->setZero();
  double f = 0;
  for (Index i : batch) {
    const double r = x_.row(i).dot(w) - y_[i];
    f += 0.5 * r * r;
    if (grad != nullptr) grad->noalias() += r * x_.row(i).transpose();
  }
  const double b = static_cast<double>(batch.size());
  if (grad != nullptr) *grad /= b;
  return f / b;
}

void LinearRegression::sample_gradient(const Vec<double>& w, Index i, Vec<double>& g) const {
  g.noalias() = (x_.row(i).dot(w) - y_[i]) * x_.row(i).transpose();
}

}  // namespace optim::studies
