// Per-layer gradient norms and dead units (nn/layer_gradients.hpp): the norms against central
// differences of the loss, the dead units of hand-set weights, and the observer's rows inside a
// training run (epoch 0 and after every epoch).
#include <gtest/gtest.h>

#include <cmath>

#include "nn/layer_gradients.hpp"
#include "nn/mlp_objective.hpp"
#include "nn/synthetic.hpp"
#include "nn/trainer.hpp"
#include "optim/registry.hpp"

namespace optim::nn {
namespace {

TEST(LayerGradients, NormsMatchCentralDifferencesOfEachLayer) {
  // tanh 2-4-3-2 on 8 blobs points, softmax cross-entropy, random weights (seed 3).
  NetworkSpec spec{{2, 4, 3, 2}};
  spec.hidden = Activation::Tanh;
  spec.init = Init::Glorot;
  Network<double> net(spec);
  auto data = make_blobs<double>(4, 2, 2, 3);
  Vec<double> x;
  net.init_params(x, 3);
  x.array() += 0.1;                         // nonzero biases too
  LayerGradients<double> lg(net, data, 3);  // chunks of 3: the sums over chunks are exercised
  std::vector<LayerGradientRow> rows;
  lg.measure(x, 7, rows);
  ASSERT_EQ(rows.size(), 3u);
  // The independent reference: the loss alone (no decay), differenced coordinate by coordinate.
  // Central differences with h = 1e-6 in double: truncation O(h^2) ~ 1e-12, rounding
  // O(eps / h) ~ 1e-10 on a loss of order one, so a relative 1e-6 bound is safe.
  MlpObjective<double> loss(net, data);
  const double h = 1e-6;
  auto fd_norm = [&](Index offset, Index count) {
    Vec<double> xp = x;
    double sq = 0;
    for (Index i = offset; i < offset + count; ++i) {
      xp[i] = x[i] + h;
      const double fp = loss.evaluate(xp, nullptr);
      xp[i] = x[i] - h;
      const double fm = loss.evaluate(xp, nullptr);
      xp[i] = x[i];
      sq += std::pow((fp - fm) / (2 * h), 2);
    }
    return std::sqrt(sq);
  };
  for (size_t l = 0; l < 3; ++l) {
    const LayerSlot& s = net.slots()[l];
    SCOPED_TRACE(l);
    EXPECT_EQ(rows[l].epoch, 7);
    EXPECT_EQ(rows[l].layer, Index(l) + 1);
    EXPECT_EQ(rows[l].fan_in, s.in);
    EXPECT_EQ(rows[l].units, s.out);
    const double w = fd_norm(s.w, s.in * s.out), b = fd_norm(s.b, s.out);
    EXPECT_NEAR(rows[l].weight_grad_norm, w, 1e-6 * w);
    EXPECT_NEAR(rows[l].bias_grad_norm, b, 1e-6 * b);
  }
  EXPECT_EQ(rows[2].dead_units, -1);  // the output layer has no activation to die
}

TEST(LayerGradients, DeadUnitsAreThoseWithZeroDerivativeOnEverySample) {
  // ReLU 2-4-2-2 with hand-set weights on inputs x1 in {-2, -1, 1, 2}, x2 = 0.
  Network<double> net(NetworkSpec{{2, 4, 2, 2}});
  Dataset<double> d;
  d.classes = 2;
  d.x.resize(2, 4);
  d.x << -2, -1, 1, 2, 0, 0, 0, 0;
  d.labels = {0, 0, 1, 1};
  Vec<double> x = Vec<double>::Zero(net.num_params());
  const LayerSlot &l1 = net.slots()[0], &l2 = net.slots()[1];
  Eigen::Map<Mat<double>> w1(x.data() + l1.w, 4, 2), w2(x.data() + l2.w, 2, 4);
  // Layer 1: unit 0 has z = -1 everywhere (dead); unit 1 z = x1 (alive on two samples); unit 2
  // z = x1 - 10 < 0 everywhere (dead); unit 3 z = 0 everywhere, alive by g'(0) = 1 (nn's ReLU
  // convention, seed 000 Def. 3.6; the seed's "dead if z < 0 for all" agrees).
  x[l1.b + 0] = -1;
  w1(1, 0) = 1;
  w1(2, 0) = 1;
  x[l1.b + 2] = -10;
  // Layer 2: unit 0 z = 0.5 (alive); unit 1 z = -relu(x1) - 0.1 < 0 everywhere (dead).
  x[l2.b + 0] = 0.5;
  w2(1, 1) = -1;
  x[l2.b + 1] = -0.1;
  LayerGradients<double> lg(net, d);
  std::vector<LayerGradientRow> rows;
  lg.measure(x, 0, rows);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].dead_units, 2);
  EXPECT_EQ(rows[1].dead_units, 1);
  EXPECT_EQ(rows[2].dead_units, -1);
}

TEST(LayerGradients, TheObserverRecordsTheStartAndEveryEpoch) {
  NetworkSpec spec{{2, 8, 8, 2}};
  spec.hidden = Activation::Sigmoid;
  Network<double> net(spec);
  auto data = make_spirals<double>(40, 0.1, 2);
  Vec<double> x0;
  net.init_params(x0, 2);
  auto m = make_method<double>("gd", ParamSet::parse("lr=0.1,batch_size=16,seed=2"));
  LayerGradientObserver<double> trace(net, data);
  std::vector<Observer<double>*> observers = {&trace};
  TrainOptions opt;
  opt.epochs = 3;
  const auto rep = train_network<double>(net, data, nullptr, nullptr, x0, *m, opt, observers);
  ASSERT_EQ(rep.epochs.size(), 3u);
  ASSERT_EQ(trace.rows().size(), 4u * 3u);  // epochs 0..3, three weight layers each
  for (size_t i = 0; i < trace.rows().size(); ++i) {
    EXPECT_EQ(trace.rows()[i].epoch, int(i / 3));
    EXPECT_EQ(trace.rows()[i].layer, Index(i % 3) + 1);
  }
  // Epoch 0 is the start point and epoch 3 the returned parameters: a fresh measurement there
  // repeats the same arithmetic (one thread, the same chunks), so the values agree exactly.
  LayerGradients<double> lg(net, data);
  std::vector<LayerGradientRow> start, end;
  lg.measure(x0, 0, start);
  lg.measure(rep.params, 3, end);
  for (size_t l = 0; l < 3; ++l) {
    EXPECT_EQ(trace.rows()[l].weight_grad_norm, start[l].weight_grad_norm) << l;
    EXPECT_EQ(trace.rows()[9 + l].weight_grad_norm, end[l].weight_grad_norm) << l;
    EXPECT_EQ(trace.rows()[9 + l].dead_units, end[l].dead_units) << l;
  }
  EXPECT_NE(trace.rows()[0].weight_grad_norm, trace.rows()[9].weight_grad_norm);
}

}  // namespace
}  // namespace optim::nn
