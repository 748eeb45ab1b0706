#pragma once
// A separable least-squares problem for the minibatch studies: linear regression on fixed-seed
// synthetic data, f(w) = (1/N) sum_i f_i(w) with f_i(w) = 1/2 (x_i . w - y_i)^2, y_i = x_i . w_true
// + sigma eps_i, x_i and eps_i standard normal from std::mt19937_64(seed).
#include <cstdint>
#include <span>

#include "optim/objective.hpp"

namespace optim::studies {

class LinearRegression final : public SeparableObjective<double> {
 public:
  // Throws std::invalid_argument unless samples >= 1, dim >= 1 and noise >= 0.
  LinearRegression(Index samples, Index dim, double noise, std::uint64_t seed);

  Index dim() const override { return x_.cols(); }
  Index size() const override { return x_.rows(); }
  double evaluate(const Vec<double>& w, Vec<double>* grad) override;
  double evaluate_batch(const Vec<double>& w, std::span<const Index> batch,
                        Vec<double>* grad) override;
  // Gradient of the single term f_i at w: x_i (x_i . w - y_i).
  void sample_gradient(const Vec<double>& w, Index i, Vec<double>& g) const;

  const Mat<double>& features() const { return x_; }
  const Vec<double>& targets() const { return y_; }
  const Vec<double>& w_true() const { return w_true_; }
  // The exact minimiser of f (normal equations X'X w = X'y, solved by LDL').
  const Vec<double>& minimizer() const { return w_star_; }

 private:
  Mat<double> x_;  // N x d
  Vec<double> y_;
  Vec<double> w_true_, w_star_;
  Vec<double> r_;  // residual scratch, sized once
};

}  // namespace optim::studies
