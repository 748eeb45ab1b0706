#include "nn/perceptron.hpp"

#include <stdexcept>

#include "optim/params.hpp"

namespace optim::nn {

Perceptron::Perceptron(Index inputs, double eta) : w_(Vec<double>::Zero(inputs + 1)), eta_(eta) {
  if (inputs < 1) throw_out_of_range("perceptron inputs", double(inputs), ">= 1");
  require_positive("eta", eta);
}

int Perceptron::predict(const Eigen::Ref<const Vec<double>>& x) const {
  if (x.size() + 1 != w_.size()) {
    throw std::invalid_argument("perceptron expects " + std::to_string(w_.size() - 1) +
                                " features, got " + std::to_string(x.size()));
  }
  const double s = -w_[0] + w_.tail(x.size()).dot(x);  // w^T x with x_0 = -1
  return static_cast<int>(sign_activation(s));
}

PerceptronResult Perceptron::train(const Mat<double>& x, const std::vector<int>& targets,
                                   int max_epochs) {
  if (x.rows() + 1 != w_.size()) {
    throw std::invalid_argument("perceptron expects " + std::to_string(w_.size() - 1) +
                                " features, got " + std::to_string(x.rows()));
  }
  if (static_cast<Index>(targets.size()) != x.cols()) {
    throw std::invalid_argument(std::to_string(x.cols()) + " samples but " +
                                std::to_string(targets.size()) + " targets");
  }
  for (int t : targets)
    if (t != 1 && t != -1)
      throw std::invalid_argument("perceptron target " + std::to_string(t) + " is not -1 or +1");
  PerceptronResult res;
  std::vector<Vec<double>> starts;  // weights at the start of each epoch (cycle detection)
  for (int epoch = 0; epoch < max_epochs; ++epoch) {
    for (const auto& s : starts) {
      if (s == w_) {
        res.cycled = true;
        return res;
      }
    }
    starts.push_back(w_);
    int mistakes = 0;
    for (Index j = 0; j < x.cols(); ++j) {
      const int truth = targets[static_cast<size_t>(j)];
      if (predict(x.col(j)) != truth) {  // seed 000 Prop. 2.2: update only on a mistake
        ++mistakes;
        w_[0] += eta_ * truth * -1.0;  // bias input x_0 = -1
        w_.tail(x.rows()) += eta_ * truth * x.col(j);
      }
    }
    res.mistakes.push_back(mistakes);
    res.epochs = epoch + 1;
    if (mistakes == 0) {
      res.converged = true;
      return res;
    }
  }
  return res;
}

}  // namespace optim::nn
