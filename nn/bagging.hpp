#pragma once
// Bagging (seed 001: "train several networks on bootstrap samples ... and let the subnetworks
// vote"; Breiman 1996, "Bagging predictors"): each of K members is trained on a bootstrap sample,
// N draws with replacement from the N training samples, and the ensemble predicts
//   classification: the class most members predict (majority vote); a tie goes to the tied class
//                   with the larger mean probability over the members (then the lower index);
//   regression:     the mean of the members' outputs.
#include <cstdint>
#include <vector>

#include "nn/dataset.hpp"
#include "nn/mlp_objective.hpp"
#include "nn/network.hpp"

namespace optim::nn {

// N indices drawn uniformly with replacement from 0..n-1 (std::mt19937_64 seeded with `seed`).
std::vector<Index> bootstrap_indices(Index n, std::uint64_t seed);

// The vote of member_labels[k][j] (member k's class for sample j) with the tie-break by
// mean_probability (classes x N).
std::vector<int> majority_vote(const std::vector<std::vector<int>>& member_labels,
                               const Mat<double>& mean_probability);

// Class probabilities of a network's outputs: softmax of each column, or for one output (binary
// cross-entropy) p_1 = sigma(z), p_0 = 1 - p_1.
Mat<double> class_probabilities(const Mat<double>& z);

struct EnsembleOutputs {
  Mat<double> outputs;         // mean class probabilities, or mean outputs (network units)
  std::vector<int> predicted;  // classification: the vote
};

// The ensemble's prediction for the columns of x (every member's parameters fit net).
template <class S>
EnsembleOutputs ensemble_predict(Network<S>& net, const std::vector<Vec<S>>& members,
                                 const Mat<S>& x, bool classification);

// Mean loss and accuracy of the ensemble on a data set: the accuracy of the vote, and as loss
// the mean of -log(mean probability of the true class) (classification) or the network's loss of
// the mean outputs (regression, in the trained units).
template <class S>
EvalSummary<S> evaluate_ensemble(Network<S>& net, const std::vector<Vec<S>>& members,
                                 const Dataset<S>& data);

}  // namespace optim::nn
