// The perceptron of seed 000 section 2.1 (its own rule, bias input -1, zero start, sign), its
// failure on XOR, and an MLP trained by the library's optimizers that learns XOR.
#include <gtest/gtest.h>

#include <random>

#include "nn/mlp_objective.hpp"
#include "nn/perceptron.hpp"
#include "nn/synthetic.hpp"
#include "optim/driver.hpp"
#include "optim/registry.hpp"

namespace optim::nn {
namespace {

TEST(Perceptron, FirstUpdateFollowsTheRule) {
  // w = 0 predicts sign(0) = +1; the first sample (1, 1) has target -1: a mistake, so
  // w <- 0 + eta f*(x) x with x = (-1, 1, 1) (bias input -1): w = (0.5, -0.5, -0.5) for eta 0.5.
  Perceptron p(2, 0.5);
  Mat<double> x(2, 1);
  x << 1, 1;
  auto r = p.train(x, {-1}, 1);
  EXPECT_EQ(r.mistakes.at(0), 1);
  EXPECT_EQ(p.weights(), (Vec<double>(3) << 0.5, -0.5, -0.5).finished());
  EXPECT_EQ(sign_activation(0.0), 1.0);  // seed 000 Prop. 2.1: sign(0) = 1
  EXPECT_EQ(sign_activation(-1e-12), -1.0);
  EXPECT_EQ(step_activation(0.0), 1.0);
  EXPECT_EQ(step_activation(-2.0), 0.0);
}

TEST(Perceptron, ConvergesOnLinearlySeparableData) {
  // AND in +-1 coding, then 200 random points labelled by a fixed hyperplane with a margin.
  Mat<double> x(2, 4);
  x << 0, 0, 1, 1, 0, 1, 0, 1;
  Perceptron p(2);
  auto r = p.train(x, {-1, -1, -1, 1}, 100);
  EXPECT_TRUE(r.converged);
  for (Index j = 0; j < 4; ++j) EXPECT_EQ(p.predict(x.col(j)), j == 3 ? 1 : -1);

  const std::uint64_t seed = 17;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  Mat<double> pts(3, 200);
  std::vector<int> t;
  for (Index j = 0; j < 200;) {
    Vec<double> v(3);
    for (Index i = 0; i < 3; ++i) v[i] = u(rng);
    const double s = 0.5 * v[0] - v[1] + 0.3 * v[2] - 0.1;
    if (std::abs(s) < 0.05) continue;  // margin 0.05 keeps Novikoff's bound finite
    pts.col(j++) = v;
    t.push_back(s > 0 ? 1 : -1);
  }
  Perceptron q(3, 0.1);
  auto rq = q.train(pts, t, 10000);
  EXPECT_TRUE(rq.converged) << "seed " << seed;
  EXPECT_EQ(rq.mistakes.back(), 0);
}

TEST(Perceptron, CannotLearnXor) {
  // No line separates XOR (seed 000 Remark 2.2). The deterministic rule returns to a weight vector
  // it held at the start of an earlier epoch while still making mistakes, so it cycles forever.
  Dataset<double> d = make_xor<double>();
  std::vector<int> t;
  for (int l : d.labels) t.push_back(l == 1 ? 1 : -1);
  Perceptron p(2);
  auto r = p.train(d.x, t, 1000);
  EXPECT_FALSE(r.converged);
  EXPECT_TRUE(r.cycled);
  for (int m : r.mistakes) EXPECT_GT(m, 0);
  // Whatever the final weights, at least one XOR point is misclassified.
  int wrong = 0;
  for (Index j = 0; j < 4; ++j) wrong += p.predict(d.x.col(j)) != t[static_cast<size_t>(j)];
  EXPECT_GE(wrong, 1);
}

TEST(Perceptron, RejectsBadInput) {
  EXPECT_THROW(Perceptron(2, 0.0), std::invalid_argument);
  EXPECT_THROW(Perceptron(0), std::invalid_argument);
  Perceptron p(2);
  EXPECT_THROW(p.train(Mat<double>::Zero(3, 2), {1, -1}, 1), std::invalid_argument);
  EXPECT_THROW(p.train(Mat<double>::Zero(2, 2), {1, 0}, 1), std::invalid_argument);
  EXPECT_THROW(p.train(Mat<double>::Zero(2, 2), {1}, 1), std::invalid_argument);
}

TEST(Mlp, LearnsXorWithTheLibrarysGradientDescent) {
  // 2-4-2 tanh network with softmax cross-entropy, trained by "gd" from the registry (full batch).
  const std::uint64_t seed = 5;
  NetworkSpec s{{2, 4, 2}};
  s.hidden = Activation::Tanh;
  s.init = Init::Glorot;
  Network<double> net(s);
  Dataset<double> d = make_xor<double>();
  MlpObjective<double> obj(net, d);
  Vec<double> x0;
  net.init_params(x0, seed);
  auto method = make_method<double>("gd", ParamSet{{"lr", "0.5"}});
  StopOptions stop;
  stop.max_iter = 3000;
  stop.gtol = 1e-4;
  auto res = minimize<double>(obj, x0, *method, stop);
  auto ev = evaluate_network<double>(net, res.x, d);
  EXPECT_EQ(ev.accuracy, 1.0) << "seed " << seed << ", loss " << ev.loss;
  EXPECT_LT(ev.loss, 0.05);
}

TEST(Mlp, LearnsXorWithMinibatchesOfTheFirstOrderLoop) {
  // Online (batch of one) and minibatch modes go through evaluate_batch.
  const std::uint64_t seed = 9;
  for (const char* bs : {"1", "2"}) {
    NetworkSpec s{{2, 8, 2}};
    s.hidden = Activation::Relu;
    s.bias_init = 0.1;
    Network<double> net(s);
    Dataset<double> d = make_xor<double>();
    MlpObjective<double> obj(net, d);
    Vec<double> x0;
    net.init_params(x0, seed);
    auto method = make_method<double>("gd", ParamSet{{"lr", "0.2"}, {"batch_size", bs}});
    StopOptions stop;
    stop.max_iter = 4000;
    auto res = minimize<double>(obj, x0, *method, stop);
    EXPECT_EQ(evaluate_network<double>(net, res.x, d).accuracy, 1.0)
        << "batch " << bs << ", seed " << seed;
  }
}

}  // namespace
}  // namespace optim::nn

namespace optim::nn {
namespace {

TEST(Mlp, FullBatchLbfgsAndCgTrainANetwork) {
  // The network is just an objective: quasi-Newton and conjugate-gradient methods of the library
  // minimise the full-batch loss of a small classifier (blobs, 3 classes, seed 13).
  const std::uint64_t seed = 13;
  for (const char* name : {"lbfgs", "cg"}) {
    NetworkSpec s{{2, 8, 3}};
    s.hidden = Activation::Tanh;
    s.init = Init::Glorot;
    Network<double> net(s);
    Dataset<double> d = make_blobs<double>(30, 3, 2, seed);
    MlpObjective<double> obj(net, d, 1e-3);
    Vec<double> x0;
    net.init_params(x0, seed);
    auto method = make_method<double>(name);
    StopOptions stop;
    stop.max_iter = 300;
    stop.gtol = 1e-6;
    auto res = minimize<double>(obj, x0, *method, stop);
    EXPECT_LT(res.f, 0.5 * obj.evaluate(x0, nullptr)) << name << ": " << res.message;
    EXPECT_GE(evaluate_network<double>(net, res.x, d).accuracy, 0.95) << name << ", seed " << seed;
  }
}

}  // namespace
}  // namespace optim::nn
