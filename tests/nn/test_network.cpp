// The MLP over one flat parameter vector: layout, seeded initialisation (seed 001), a hand-worked
// forward/backward pass, finite-difference gradient checks of every activation and loss (and of
// weight decay, dropout and learned activation parameters), batch/chunk consistency.
#include <gtest/gtest.h>

#include <cmath>

#include "nn/mlp_objective.hpp"
#include "nn/network.hpp"
#include "nn/synthetic.hpp"
#include "tests/nn/nn_test_util.hpp"

namespace optim::nn {
namespace {

TEST(Network, FlatLayoutCountsEveryParameter) {
  Network<float> mnist({{784, 128, 10}});
  EXPECT_EQ(mnist.num_params(), 784 * 128 + 128 + 128 * 10 + 10);  // 101770
  NetworkSpec s{{3, 4, 5, 2}};
  s.hidden = Activation::PRelu;  // one learned alpha per hidden unit
  Network<double> p(s);
  EXPECT_EQ(p.num_params(), (3 * 4 + 4 + 4) + (4 * 5 + 5 + 5) + (5 * 2 + 2));
  EXPECT_EQ(p.slots()[1].w, 20);
  EXPECT_EQ(p.slots()[2].p, -1);  // the output layer has no activation parameters
}

TEST(Network, SpecValidationNamesTheProblem) {
  EXPECT_THROW(Network<double>({{3}}), std::invalid_argument);
  EXPECT_THROW(Network<double>({{3, 0, 2}}), std::invalid_argument);
  NetworkSpec s{{3, 1}};  // softmax needs >= 2 outputs
  try {
    Network<double> n(s);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("softmax"), std::string::npos);
  }
  EXPECT_THROW(parse_init("lecun"), std::invalid_argument);
}

TEST(Network, InitialisationIsSeededAndFollowsTheSeedDistributions) {
  const std::uint64_t seed = 7;
  NetworkSpec s{{400, 300, 10}};
  s.init = Init::Xavier;
  s.bias_init = 0.1;  // seed 001: small positive biases keep ReLU units active
  Network<double> net(s);
  Vec<double> a, b, c;
  net.init_params(a, seed);
  net.init_params(b, seed);
  net.init_params(c, seed + 1);
  EXPECT_EQ(a, b) << "seed " << seed;
  EXPECT_NE(a, c);
  const auto& l0 = net.slots()[0];
  auto w = a.segment(l0.w, l0.in * l0.out);
  // Xavier (seed 001): U[-1/sqrt(n), 1/sqrt(n)], variance 1/(3n). 120000 draws: the sample
  // variance is within 1% of it with overwhelming probability (relative sd ~ 0.4%).
  EXPECT_LE(w.cwiseAbs().maxCoeff(), 1.0 / std::sqrt(400.0));
  EXPECT_NEAR(w.squaredNorm() / double(w.size()), 1.0 / 1200.0, 0.01 / 1200.0);
  EXPECT_TRUE((a.segment(l0.b, 300).array() == 0.1).all());
  EXPECT_TRUE((a.segment(net.slots()[1].b, 10).array() == 0.0).all());  // output biases

  s.init = Init::He;  // N(0, 2/n): sample variance within 2% (relative sd ~ 0.4%)
  Network<double> he(s);
  he.init_params(a, seed);
  auto wh = a.segment(l0.w, l0.in * l0.out);
  EXPECT_NEAR(wh.squaredNorm() / double(wh.size()), 2.0 / 400.0, 0.02 * 2.0 / 400.0);
  EXPECT_NEAR(wh.mean(), 0.0, 5e-4);

  s.init = Init::Glorot;  // U[+-sqrt(6/(in+out))]
  Network<double> gl(s);
  gl.init_params(a, seed);
  EXPECT_LE(a.segment(l0.w, l0.in * l0.out).cwiseAbs().maxCoeff(), std::sqrt(6.0 / 700.0));
  EXPECT_GT(a.segment(l0.w, l0.in * l0.out).cwiseAbs().maxCoeff(), 0.99 * std::sqrt(6.0 / 700.0));
}

TEST(Network, HandWorkedForwardAndBackward) {
  // 2-2-1 ReLU network, MSE. W1 = [[1, -1], [0.5, 2]], b1 = (0, -1), W2 = [1, -2], b2 = 0.5,
  // x = (1, 2), y = 1:  z1 = (-1, 3.5), a1 = (0, 3.5), z2 = -6.5, L = 1/2 (7.5)^2 = 28.125,
  // delta2 = -7.5, grad W2 = delta2 a1 = (0, -26.25), delta1 = (0, 15) (ReLU off for z < 0),
  // grad W1 = delta1 x^T = [[0, 0], [15, 30]], grad b1 = (0, 15).
  NetworkSpec s{{2, 2, 1}};
  s.loss = Loss::Mse;
  Network<double> net(s);
  Dataset<double> d;
  d.name = "hand";
  d.x = Mat<double>(2, 1);
  d.x << 1, 2;
  d.y = Mat<double>::Ones(1, 1);
  MlpObjective<double> obj(net, d);
  Vec<double> x(9), g(9), expect(9);
  x << 1, 0.5, -1, 2, 0, -1, 1, -2, 0.5;  // W1 column-major, b1, W2, b2
  expect << 0, 15, 0, 30, 0, 15, 0, -26.25, -7.5;
  EXPECT_DOUBLE_EQ(obj.evaluate(x, &g), 28.125);
  EXPECT_LT((g - expect).cwiseAbs().maxCoeff(), 1e-12);
}

// Gradient check of a 3-5-4-k network on a small set for every activation and loss (double).
struct Case {
  Activation act;
  Loss loss;
};

Dataset<double> small_set(Loss loss, std::uint64_t seed) {
  if (loss == Loss::Mse || loss == Loss::L1) {
    Dataset<double> d = make_sine<double>(7, 0.1, seed);
    Dataset<double> e;
    e.name = "sine3";
    e.x = Mat<double>(3, 7);
    e.x << d.x, d.x.array().square().matrix(), d.x.array().cos().matrix();
    e.y = Mat<double>(2, 7);
    e.y << d.y, -d.y;
    return e;
  }
  // 2 classes for one sigmoid output (bce), 3 for softmax.
  return make_blobs<double>(3, loss == Loss::BinaryCrossEntropy ? 2 : 3, 3, seed);
}

TEST(Network, EveryActivationAndLossPassesAGradientCheck) {
  const std::uint64_t seed = 11;
  for (const auto& name : activation_names()) {
    // L1 is not differentiable where an output equals its target; with these continuous random
    // weights and noisy targets no residual falls within h = 1e-6 of 0, so the check is exact.
    for (Loss loss : {Loss::Mse, Loss::BinaryCrossEntropy, Loss::SoftmaxCrossEntropy, Loss::L1}) {
      NetworkSpec s;
      s.hidden = parse_activation(name);
      s.loss = loss;
      s.init = Init::Glorot;
      const Index out =
          loss == Loss::Mse || loss == Loss::L1 ? 2 : (loss == Loss::BinaryCrossEntropy ? 1 : 3);
      s.layers = {3, 5, 4, out};
      if (has_learned_param(s.hidden)) s.activation_param = 0.6;
      Network<double> net(s);
      Dataset<double> d = small_set(loss, seed);
      MlpObjective<double> obj(net, d, /*weight_decay=*/0.01);
      Vec<double> x;
      net.init_params(x, seed);
      // Learned parameters away from their initial constant so that each unit differs.
      for (const auto& sl : net.slots())
        if (sl.p >= 0) x.segment(sl.p, sl.out) += Vec<double>::LinSpaced(sl.out, -0.2, 0.3);
      const double err = testutil::gradient_error(obj, x);
      EXPECT_LT(err, 1e-6) << name << " + " << to_string(loss) << " (seed " << seed << ")";
    }
  }
}

TEST(Network, DropoutGradientIsExactForAFixedMask) {
  const std::uint64_t seed = 3;
  NetworkSpec s{{3, 6, 5, 3}};
  s.hidden = Activation::Tanh;
  s.init = Init::Glorot;
  Network<double> net(s);
  net.set_dropout(0.8, 0.5, seed);  // seed 001: keep 0.8 inputs, 0.5 hidden
  Dataset<double> d = make_blobs<double>(4, 3, 3, seed);
  MlpObjective<double> obj(net, d);
  Vec<double> x;
  net.init_params(x, seed);
  const std::vector<Index> idx = {0, 2, 3, 5, 7, 11};
  // Reseeding before each evaluation redraws the same mask, making f a fixed function of x.
  struct Masked : Objective<double> {
    MlpObjective<double>& o;
    Network<double>& n;
    const std::vector<Index>& i;
    Masked(MlpObjective<double>& o_, Network<double>& n_, const std::vector<Index>& i_)
        : o(o_), n(n_), i(i_) {}
    Index dim() const override { return o.dim(); }
    double evaluate(const Vec<double>& x, Vec<double>* g) override {
      n.reseed_dropout(99);
      return o.evaluate_batch(x, i, g);
    }
  } masked(obj, net, idx);
  EXPECT_LT(testutil::gradient_error(masked, x), 1e-6);
  // The full objective ignores dropout (deterministic for line searches); the batch with dropout
  // differs from it.
  Vec<double> g1(x.size());
  const double f_full = obj.evaluate(x, &g1);
  net.set_dropout(1.0, 1.0, seed);
  std::vector<Index> all(static_cast<size_t>(d.size()));
  for (size_t k = 0; k < all.size(); ++k) all[k] = static_cast<Index>(k);
  EXPECT_NEAR(obj.evaluate_batch(x, all, nullptr), f_full, 1e-12);
}

TEST(Network, InvertedDropoutKeepsTheExpectedActivation) {
  // Identity hidden layer of width 1 with weight 1: its output is x * mask / keep, whose mean over
  // many draws is x (inverted scaling) and whose zero fraction is 1 - keep. 20000 draws: the
  // binomial sd of the fraction is 0.0035, the tolerance 0.02 is > 5 sd.
  NetworkSpec s{{1, 1, 1}};
  s.hidden = Activation::Identity;
  s.loss = Loss::Mse;
  Network<double> net(s);
  net.set_dropout(1.0, 0.6, 5);
  Vec<double> p(4);
  p << 1, 0, 1, 0;
  Mat<double> x = Mat<double>::Ones(1, 20000);
  auto out = net.forward(p, x, true);
  const double zero_frac = (out.array() == 0).cast<double>().mean();
  EXPECT_NEAR(zero_frac, 0.4, 0.02);
  EXPECT_NEAR(out.mean(), 1.0, 0.05);
  EXPECT_TRUE(((out.array() == 0) || (out.array() - 1 / 0.6).abs() < 1e-12).all());
  auto eval = net.forward(p, x, false);  // off at evaluation
  EXPECT_TRUE((eval.array() == 1).all());
}

TEST(Network, FullObjectiveEqualsChunkedAndBatchMeans) {
  const std::uint64_t seed = 21;
  NetworkSpec s{{2, 8, 2}};
  s.hidden = Activation::Relu;
  s.bias_init = 0.1;
  Network<double> net(s);
  Dataset<double> d = make_spirals<double>(50, 0.1, seed);
  Vec<double> x;
  net.init_params(x, seed);
  MlpObjective<double> big(net, d, 0.0, 1024), tiny(net, d, 0.0, 7);
  Vec<double> g1(x.size()), g2(x.size()), g3(x.size());
  const double f1 = big.evaluate(x, &g1);
  const double f2 = tiny.evaluate(x, &g2);
  std::vector<Index> all(100);
  for (size_t k = 0; k < 100; ++k) all[k] = static_cast<Index>(99 - k);  // order is irrelevant
  const double f3 = big.evaluate_batch(x, all, &g3);
  // Same sums in different orders: agreement to rounding (1e-12 relative).
  EXPECT_NEAR(f1, f2, 1e-12);
  EXPECT_NEAR(f1, f3, 1e-12);
  EXPECT_LT((g1 - g2).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((g1 - g3).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(Network, WeightDecayAddsLambdaTimesSquaredWeightNorm) {
  NetworkSpec s{{2, 3, 2}};
  Network<double> net(s);
  Dataset<double> d = make_xor<double>();
  Vec<double> x;
  net.init_params(x, 1);
  MlpObjective<double> plain(net, d, 0.0), decayed(net, d, 0.5);
  double w2 = 0;
  for (const auto& sl : net.slots()) w2 += x.segment(sl.w, sl.in * sl.out).squaredNorm();
  EXPECT_NEAR(decayed.evaluate(x, nullptr) - plain.evaluate(x, nullptr), 0.5 * w2, 1e-12);
  EXPECT_THROW(MlpObjective<double>(net, d, -1.0), std::invalid_argument);
}

TEST(Network, L1DecayAddsMuTimesAbsoluteWeightsAndItsSubgradient) {
  // Seed 002 "L1 Weight Decay": J + mu sum |W_ij|, gradient + mu sign(W_ij) with sign(0) = 0, on
  // weight matrices only. Two weights are set exactly to 0 to check the subgradient's choice there.
  NetworkSpec s{{2, 3, 2}};
  Network<double> net(s);
  Dataset<double> d = make_xor<double>();
  Vec<double> x;
  net.init_params(x, 1);
  x[net.slots()[0].w + 1] = 0.0;
  x[net.slots()[1].w + 4] = 0.0;
  const double mu = 0.25;
  MlpObjective<double> plain(net, d, 0.0), l1(net, d, 0.0, 1024, mu);
  Vec<double> g0(x.size()), g1(x.size()), expect = Vec<double>::Zero(x.size());
  double abs_sum = 0;
  for (const auto& sl : net.slots()) {
    for (Index i = sl.w; i < sl.w + sl.in * sl.out; ++i) {
      abs_sum += std::abs(x[i]);
      expect[i] = x[i] > 0 ? mu : (x[i] < 0 ? -mu : 0.0);
    }
  }
  // The loss part is the same computation in both objectives, so only rounding of the final sum
  // separates the differences from the formula (1e-14).
  EXPECT_NEAR(l1.evaluate(x, &g1) - plain.evaluate(x, &g0), mu * abs_sum, 1e-14);
  EXPECT_LT((g1 - g0 - expect).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_EQ(g1[net.slots()[0].w + 1], g0[net.slots()[0].w + 1]);  // sign(0) = 0: nothing added
  EXPECT_THROW(MlpObjective<double>(net, d, 0.0, 1024, -1.0), std::invalid_argument);
  EXPECT_THROW(MlpObjective<double>(net, d, 0.0, 1024, std::nan("")), std::invalid_argument);
  // The sparsity counts exactly-zero weight entries: 2 of 2*3 + 3*2 = 12 (biases excluded).
  x.segment(net.slots()[0].b, 3).setZero();
  EXPECT_DOUBLE_EQ(zero_weight_fraction(net, x), 2.0 / 12.0);
}

TEST(Network, FloatAndDoubleAgree) {
  NetworkSpec s{{2, 16, 3}};
  s.hidden = Activation::Gelu;
  Network<double> nd(s);
  Network<float> nf(s);
  Dataset<double> d = make_blobs<double>(20, 3, 2, 4);
  Dataset<float> df = d.cast<float>();
  Vec<double> x;
  nd.init_params(x, 4);
  Vec<float> xf = x.cast<float>();
  MlpObjective<double> od(nd, d);
  MlpObjective<float> of(nf, df);
  Vec<double> gd(x.size());
  Vec<float> gf(x.size());
  // float carries ~7 digits; sums over 60 samples keep ~1e-5 relative.
  EXPECT_NEAR(of.evaluate(xf, &gf), od.evaluate(x, &gd), 1e-5);
  EXPECT_LT((gf.cast<double>() - gd).cwiseAbs().maxCoeff(), 1e-5);
}

TEST(Network, MismatchedDataIsRejected) {
  Network<double> net({{3, 4, 2}});
  Dataset<double> d = make_xor<double>();  // 2 features
  EXPECT_THROW(MlpObjective<double>(net, d), std::invalid_argument);
  Network<double> three({{2, 4, 3}});  // 3 softmax outputs for 2 classes
  EXPECT_THROW(MlpObjective<double>(three, d), std::invalid_argument);
  Vec<double> x;
  three.init_params(x, 0);
  EXPECT_THROW(three.forward(x, Mat<double>::Zero(5, 2)), std::invalid_argument);
}

}  // namespace
}  // namespace optim::nn
