// Bagging (seed 001 "let the subnetworks vote"; Breiman 1996): bootstrap samples, the majority
// vote with its tie-break by mean probability, the mean for regression, and ensemble model files
// (version 3) beside single-network files (still version 2).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "nn/bagging.hpp"
#include "nn/model_io.hpp"
#include "nn/synthetic.hpp"
#include "support/test_support.hpp"

namespace optim::nn {
namespace {

TEST(Bagging, BootstrapDrawsWithReplacementSeeded) {
  const auto a = bootstrap_indices(1000, 3), b = bootstrap_indices(1000, 3);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, bootstrap_indices(1000, 4));
  EXPECT_EQ(a.size(), 1000u);
  const std::set<Index> distinct(a.begin(), a.end());
  // With replacement about 1 - 1/e = 63.2% of the samples appear; the standard deviation of the
  // count is ~15 for n = 1000, so [580, 680] is more than 3 standard deviations each side.
  EXPECT_GT(distinct.size(), 580u);
  EXPECT_LT(distinct.size(), 680u);
  EXPECT_GE(*distinct.begin(), 0);
  EXPECT_LT(*distinct.rbegin(), 1000);
}

TEST(Bagging, MajorityVoteWithTiesByMeanProbability) {
  // Three members, three samples, three classes.
  const std::vector<std::vector<int>> labels = {{0, 1, 2}, {0, 2, 1}, {1, 0, 0}};
  Mat<double> p(3, 3);
  p << 0.5, 0.2, 0.3,  //
      0.3, 0.5, 0.3,   //
      0.2, 0.3, 0.4;
  // Sample 0: votes 2 for class 0 -> 0. Sample 1: one vote each, mean probabilities
  // (0.2, 0.5, 0.3) -> 1. Sample 2: one vote each, (0.3, 0.3, 0.4) -> 2.
  EXPECT_EQ(majority_vote(labels, p), (std::vector<int>{0, 1, 2}));
  // An exact tie in probability too goes to the lower class.
  Mat<double> q = Mat<double>::Constant(3, 3, 1.0 / 3);
  EXPECT_EQ(majority_vote(labels, q), (std::vector<int>{0, 0, 0}));
}

TEST(Bagging, EnsembleOfIdenticalMembersIsTheMember) {
  const Dataset<double> d = make_blobs<double>(10, 3, 2, 1);
  Network<double> net({{2, 5, 3}});
  Vec<double> x;
  net.init_params(x, 2);
  const auto one = evaluate_network<double>(net, x, d);
  const auto three = evaluate_ensemble<double>(net, {x, x, x}, d);
  EXPECT_EQ(three.predicted, one.predicted);
  EXPECT_EQ(three.accuracy, one.accuracy);
  // -log of the softmax probability is the cross-entropy (1e-12: exp then log vs log-sum-exp).
  EXPECT_NEAR(three.loss, one.loss, 1e-12);
}

TEST(Bagging, RegressionIsTheMeanOfTheMembers) {
  const Dataset<double> d = make_sine<double>(9, 0.1, 1);
  NetworkSpec s{{1, 4, 1}};
  s.loss = Loss::Mse;
  Network<double> net(s);
  Vec<double> a, b;
  net.init_params(a, 1);
  net.init_params(b, 2);
  const Mat<double> za = net.forward(a, d.x), zb = net.forward(b, d.x);
  const EnsembleOutputs e = ensemble_predict<double>(net, {a, b}, d.x, false);
  EXPECT_LT((e.outputs - 0.5 * (za + zb)).cwiseAbs().maxCoeff(), 1e-15);
  // Its loss is the network's loss (1/2 squared error per sample) of the mean outputs.
  const double mse = 0.5 * (0.5 * (za + zb) - d.y).squaredNorm() / double(d.size());
  EXPECT_NEAR(evaluate_ensemble<double>(net, {a, b}, d).loss, mse, 1e-14);
}

TEST(Bagging, EnsembleFilesRoundTripAndSingleNetworksStayVersion2) {
  NetworkSpec s{{2, 3, 2}};
  Network<double> net(s);
  std::vector<Vec<double>> members(3);
  for (int k = 0; k < 3; ++k) net.init_params(members[std::size_t(k)], std::uint64_t(k + 1));
  const std::string path = optim::testing::temp_path("bagging_model");
  save_ensemble<double>(path, s, members, Scaler{}, "xor");
  const Model m = load_model(path);
  EXPECT_EQ(m.members, members);
  EXPECT_EQ(m.params, members[0]);
  EXPECT_EQ(optim::testing::read_text(path)[8], '\x03');
  save_model<double>(path, s, members[0], Scaler{}, "xor");
  EXPECT_EQ(optim::testing::read_text(path)[8], '\x02');
  EXPECT_TRUE(load_model(path).members.empty());
  EXPECT_THROW(save_ensemble<double>(path, s, {members[0]}, Scaler{}, "xor"),
               std::invalid_argument);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace optim::nn
