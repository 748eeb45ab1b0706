// Output units and losses of seed 001: hand values, stability from logits, and the seed's "error"
// terms dL/dz = z - y, sigma(z) - y, p - onehot(y).
#include <gtest/gtest.h>

#include <cmath>

#include "nn/activation.hpp"
#include "nn/loss.hpp"

namespace optim::nn {
namespace {

TEST(Loss, MseValueAndErrorTerm) {
  Mat<double> z(2, 1);
  z << 1.0, 2.0;
  const double y[2] = {0.5, 3.0};
  BatchTargets<double> t{y, 2, {}};
  double dz[2];
  // 1/2 ((1 - 0.5)^2 + (2 - 3)^2) = 0.625
  EXPECT_NEAR(loss_sum<double>(Loss::Mse, z, t, dz, 1.0), 0.625, 1e-15);
  EXPECT_NEAR(dz[0], 0.5, 1e-15);  // z - y
  EXPECT_NEAR(dz[1], -1.0, 1e-15);
}

TEST(Loss, AbsoluteErrorValueAndSubgradient) {
  // Seed 000's |x - x*|: per sample sum_k |z_k - y_k| = |1 - 0.5| + |2 - 2| + |3 - 4| = 1.5, and
  // the subgradient sign(z - y) with sign(0) = 0, times the scale 0.5.
  Mat<double> z(3, 1);
  z << 1.0, 2.0, 3.0;
  const double y[3] = {0.5, 2.0, 4.0};
  BatchTargets<double> t{y, 3, {}};
  double dz[3];
  EXPECT_EQ(loss_sum<double>(Loss::L1, z, t, dz, 0.5), 1.5);  // exact in binary
  EXPECT_EQ(dz[0], 0.5);
  EXPECT_EQ(dz[1], 0.0);  // the kink: sign(0) = 0
  EXPECT_EQ(dz[2], -0.5);
  // Two columns sum; float as well (every value here is exact in float).
  Mat<float> zf(1, 2);
  zf << -1.0f, 2.5f;
  const float yf[2] = {1.0f, 0.5f};
  BatchTargets<float> tf{yf, 1, {}};
  float dzf[2];
  EXPECT_EQ(loss_sum<float>(Loss::L1, zf, tf, dzf, 1.0f), 4.0f);
  EXPECT_EQ(dzf[0], -1.0f);
  EXPECT_EQ(dzf[1], 1.0f);
}

TEST(Loss, BinaryCrossEntropyFromLogits) {
  Mat<double> z(1, 3);
  z << 0.0, 1000.0, -3.0;
  const double y[3] = {1.0, 0.0, 1.0};
  BatchTargets<double> t{y, 1, {}};
  double dz[3];
  const double total = loss_sum<double>(Loss::BinaryCrossEntropy, z, t, dz, 1.0);
  // log 2 + 1000 (finite although sigma(1000) rounds to 1) + log(1 + e^3)
  EXPECT_NEAR(total, std::log(2.0) + 1000.0 + std::log1p(std::exp(3.0)), 1e-10);
  EXPECT_NEAR(dz[0], -0.5, 1e-15);  // sigma(0) - 1
  EXPECT_NEAR(dz[1], 1.0, 1e-15);   // sigma(1000) - 0
  EXPECT_NEAR(dz[2], sigmoid(-3.0) - 1.0, 1e-15);
}

TEST(Loss, SoftmaxCrossEntropyFromLogits) {
  Mat<double> z(3, 2);
  z << 1, 1000, 2, 0, 3, -1000;
  const int labels[2] = {2, 1};
  BatchTargets<double> t{nullptr, 0, std::span<const int>(labels, 2)};
  double dz[6];
  const double total = loss_sum<double>(Loss::SoftmaxCrossEntropy, z, t, dz, 0.5);
  const double lse = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0));
  // sample 2: logits (1000, 0, -1000), label 1: loss = 1000 exactly to double precision.
  EXPECT_NEAR(total, (lse - 3.0) + 1000.0, 1e-10);
  const double p[3] = {std::exp(1 - lse), std::exp(2 - lse), std::exp(3 - lse)};
  EXPECT_NEAR(dz[0], 0.5 * p[0], 1e-15);  // scale * (p - onehot)
  EXPECT_NEAR(dz[1], 0.5 * p[1], 1e-15);
  EXPECT_NEAR(dz[2], 0.5 * (p[2] - 1), 1e-15);
  EXPECT_NEAR(dz[3], 0.5, 1e-15);
  EXPECT_NEAR(dz[4], -0.5, 1e-15);
  EXPECT_NEAR(dz[5], 0.0, 1e-15);
}

TEST(Loss, ErrorTermsAreTheLogitGradients) {
  // Central differences of each loss in each logit agree with the error term (1e-7: h = 1e-6).
  // The absolute error is linear on each side of its kinks, and every z_k - y_k here is at least
  // 0.1 from 0, so its difference quotient is exact up to rounding.
  Mat<double> z(3, 1);
  z << 0.3, -1.2, 0.8;
  const double y[3] = {0.2, 1.0, 0.0};  // BCE/MSE targets
  const int label[1] = {1};
  for (Loss loss : {Loss::Mse, Loss::BinaryCrossEntropy, Loss::SoftmaxCrossEntropy, Loss::L1}) {
    BatchTargets<double> t{y, 3, std::span<const int>(label, 1)};
    double dz[3];
    loss_sum<double>(loss, z, t, dz, 1.0);
    for (Index i = 0; i < 3; ++i) {
      Mat<double> zp = z, zm = z;
      zp(i, 0) += 1e-6;
      zm(i, 0) -= 1e-6;
      const double num = (loss_sum<double>(loss, zp, t, nullptr, 1.0) -
                          loss_sum<double>(loss, zm, t, nullptr, 1.0)) /
                         2e-6;
      EXPECT_NEAR(dz[i], num, 1e-7) << to_string(loss) << " logit " << i;
    }
  }
}

TEST(Loss, LogSumExpIsStable) {
  Vec<double> z(3);
  z << 1000, 1000, 1000;
  EXPECT_NEAR(log_sum_exp<double>(z), 1000 + std::log(3.0), 1e-12);
  Vec<float> zf(2);
  zf << -500.f, -500.f;
  EXPECT_NEAR(log_sum_exp<float>(zf), -500.f + std::log(2.f), 1e-3);
}

TEST(Loss, ParseRejectsUnknownNames) {
  EXPECT_EQ(parse_loss("mse"), Loss::Mse);
  EXPECT_EQ(parse_loss("bce"), Loss::BinaryCrossEntropy);
  EXPECT_EQ(parse_loss("softmax_ce"), Loss::SoftmaxCrossEntropy);
  EXPECT_EQ(parse_loss("l1"), Loss::L1);
  EXPECT_EQ(parse_loss("mae"), Loss::L1);
  EXPECT_EQ(to_string(Loss::L1), "l1");
  EXPECT_THROW(parse_loss("hinge"), std::invalid_argument);
}

}  // namespace
}  // namespace optim::nn
