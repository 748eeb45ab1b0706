#include "nn/bagging.hpp"

#include <cmath>
#include <random>
#include <stdexcept>

#include "nn/loss.hpp"
#include "nn/mlp_objective.hpp"

namespace optim::nn {

std::vector<Index> bootstrap_indices(Index n, std::uint64_t seed) {
  if (n < 1) throw std::invalid_argument("bootstrap sample of an empty set");
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<Index> pick(0, n - 1);
  std::vector<Index> idx(static_cast<std::size_t>(n));
  for (Index& i : idx) i = pick(rng);
  return idx;
}

std::vector<int> majority_vote(const std::vector<std::vector<int>>& member_labels,
                               const Mat<double>& mean_probability) {
  const Index classes = mean_probability.rows(), n = mean_probability.cols();
  std::vector<int> out(static_cast<std::size_t>(n));
  std::vector<int> votes(static_cast<std::size_t>(classes));
  for (Index j = 0; j < n; ++j) {
    std::fill(votes.begin(), votes.end(), 0);
    for (const auto& m : member_labels) {
      const int c = m.at(static_cast<std::size_t>(j));
      if (c < 0 || c >= classes) throw std::invalid_argument("vote: class out of range");
      ++votes[static_cast<std::size_t>(c)];
    }
    int best = 0;
    for (int c = 1; c < int(classes); ++c) {
      const int vc = votes[std::size_t(c)], vb = votes[std::size_t(best)];
      if (vc > vb || (vc == vb && mean_probability(c, j) > mean_probability(best, j))) best = c;
    }
    out[static_cast<std::size_t>(j)] = best;
  }
  return out;
}

Mat<double> class_probabilities(const Mat<double>& z) {
  if (z.rows() == 1) {
    Mat<double> p(2, z.cols());
    p.row(1) = (1.0 + (-z.row(0).array()).exp()).inverse();
    p.row(0) = 1.0 - p.row(1).array();
    return p;
  }
  Mat<double> p(z.rows(), z.cols());
  for (Index j = 0; j < z.cols(); ++j) {
    const auto e = (z.col(j).array() - z.col(j).maxCoeff()).exp();
    p.col(j) = e / e.sum();
  }
  return p;
}

template <class S>
EnsembleOutputs ensemble_predict(Network<S>& net, const std::vector<Vec<S>>& members,
                                 const Mat<S>& x, bool classification) {
  if (members.empty()) throw std::invalid_argument("ensemble without members");
  EnsembleOutputs e;
  std::vector<std::vector<int>> labels;
  for (const Vec<S>& m : members) {
    const Mat<double> z = net.forward(m, x).template cast<double>();
    const Mat<double> o = classification ? class_probabilities(z) : z;
    if (e.outputs.size() == 0)
      e.outputs = o;
    else
      e.outputs += o;
    if (classification) {
      labels.emplace_back();
      Network<double>::predict_labels(z, labels.back());
    }
  }
  e.outputs /= double(members.size());
  if (classification) e.predicted = majority_vote(labels, e.outputs);
  return e;
}

template <class S>
EvalSummary<S> evaluate_ensemble(Network<S>& net, const std::vector<Vec<S>>& members,
                                 const Dataset<S>& data) {
  EvalSummary<S> out;
  const Index n = data.size();
  if (n == 0) return out;
  check_network_fits(net, data);
  const EnsembleOutputs e = ensemble_predict(net, members, data.x, data.classification());
  if (data.classification()) {
    double total = 0;
    Index correct = 0;
    for (Index j = 0; j < n; ++j) {
      const int y = data.labels[static_cast<std::size_t>(j)];
      total -= std::log(e.outputs(y, j));
      correct += e.predicted[static_cast<std::size_t>(j)] == y;
    }
    out.loss = total / double(n);
    out.accuracy = double(correct) / double(n);
    out.predicted = e.predicted;
  } else {
    const Mat<double> y = data.y.template cast<double>();
    BatchTargets<double> t{y.data(), y.rows(), {}};
    out.loss = loss_sum<double>(net.spec().loss, e.outputs, t, nullptr, 1.0) / double(n);
  }
  return out;
}

template EnsembleOutputs ensemble_predict<float>(Network<float>&, const std::vector<Vec<float>>&,
                                                 const Mat<float>&, bool);
template EnsembleOutputs ensemble_predict<double>(Network<double>&, const std::vector<Vec<double>>&,
                                                  const Mat<double>&, bool);
template EvalSummary<float> evaluate_ensemble<float>(Network<float>&,
                                                     const std::vector<Vec<float>>&,
                                                     const Dataset<float>&);
template EvalSummary<double> evaluate_ensemble<double>(Network<double>&,
                                                       const std::vector<Vec<double>>&,
                                                       const Dataset<double>&);

}  // namespace optim::nn
