// Activations of seed 001 ("The Units" ... "Softplus") and seed 000 (ReLU, vanishing gradients):
// hand values, derivatives against central differences, the fused kernels against the scalar
// reference, and parsing errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "nn/activation.hpp"
#include "tests/nn/nn_test_util.hpp"

namespace optim::nn {
namespace {

double g(Activation a, double z, double p = std::numeric_limits<double>::quiet_NaN()) {
  if (std::isnan(p)) p = default_activation_param(a);
  return activate<double>(a, z, p);
}

TEST(Activation, HandValuesFromTheSeedFormulas) {
  // 1e-12: every case is a closed form evaluated in double.
  const double tol = 1e-12;
  EXPECT_EQ(g(Activation::Identity, -1.5), -1.5);
  EXPECT_EQ(g(Activation::Relu, -1.0), 0.0);  // max{0, z}
  EXPECT_EQ(g(Activation::Relu, 2.0), 2.0);
  EXPECT_NEAR(g(Activation::LeakyRelu, -2.0), -0.02, tol);  // alpha = 0.01
  EXPECT_NEAR(g(Activation::PRelu, -2.0, 0.3), -0.6, tol);  // max{0,z} + alpha min{0,z}
  EXPECT_EQ(g(Activation::AbsRelu, -3.0), 3.0);             // alpha = -1: |z|
  EXPECT_NEAR(g(Activation::Sigmoid, 0.0), 0.5, tol);
  EXPECT_NEAR(g(Activation::Sigmoid, 2.0), 1.0 / (1.0 + std::exp(-2.0)), tol);
  EXPECT_NEAR(g(Activation::Tanh, 0.5), std::tanh(0.5), tol);
  EXPECT_NEAR(g(Activation::Softplus, 0.0), std::log(2.0), tol);              // log(1 + e^0)
  EXPECT_NEAR(g(Activation::Swish, 1.0), 1.0 / (1.0 + std::exp(-1.0)), tol);  // 1 * sigma(1)
  EXPECT_NEAR(g(Activation::SwishLearned, 2.0, 0.5), 2.0 / (1.0 + std::exp(-1.0)), tol);
  EXPECT_NEAR(g(Activation::Mish, 1.0), std::tanh(std::log1p(std::exp(1.0))), tol);
  // GELU: z Phi(z) with Phi(1) = 0.841344746068543 (standard normal table).
  EXPECT_NEAR(g(Activation::Gelu, 1.0), 0.841344746068543, tol);
  EXPECT_NEAR(g(Activation::Gelu, -1.0), -(1 - 0.841344746068543), tol);
  // tanh approximation: 0.5 (1 + tanh(sqrt(2/pi) * 1.044715)) = 0.8411919906...
  EXPECT_NEAR(g(Activation::GeluTanh, 1.0),
              0.5 * (1 + std::tanh(std::sqrt(2 / M_PI) * (1 + 0.044715))), tol);
  EXPECT_NEAR(g(Activation::GeluTanh, 1.0), 0.841192, 1e-6);  // and close to the exact GELU
}

TEST(Activation, StableAtExtremeArguments) {
  EXPECT_EQ(sigmoid<double>(-1000.0), 0.0);
  EXPECT_EQ(sigmoid<double>(1000.0), 1.0);
  EXPECT_EQ(softplus<double>(1000.0), 1000.0);
  EXPECT_GE(softplus<double>(-1000.0), 0.0);
  EXPECT_TRUE(std::isfinite(softplus<float>(100.0f)));
  EXPECT_TRUE(std::isfinite(g(Activation::Mish, -800.0)));
  EXPECT_NEAR(g(Activation::Gelu, 40.0), 40.0, 1e-12);
  EXPECT_NEAR(g(Activation::Gelu, -40.0), 0.0, 1e-12);
}

TEST(Activation, DerivativesMatchCentralDifferences) {
  // Points away from the kink at 0 of the ReLU family; 1e-7 covers the O(h^2) truncation and the
  // O(eps/h) rounding of the central difference with h = 1e-6.
  const double pts[] = {-2.4, -1.3, -0.37, 0.21, 0.8, 2.1};
  for (const auto& name : activation_names()) {
    const Activation a = parse_activation(name);
    const double p = has_learned_param(a) ? 0.7 : default_activation_param(a);
    for (double z : pts) {
      const double num =
          testutil::central_diff([&](double t) { return activate<double>(a, t, p); }, z);
      EXPECT_NEAR(activate_dz<double>(a, z, p), num, 1e-7) << name << " at z = " << z;
      const double nump =
          testutil::central_diff([&](double t) { return activate<double>(a, z, t); }, p);
      EXPECT_NEAR(activate_dp<double>(a, z, p), nump, 1e-7) << name << " dp at z = " << z;
    }
  }
}

TEST(Activation, ReluDerivativeAtZeroFollowsSeed000) {
  // seed 000 Def. 3.6: g'(s) = 1 if s >= 0.
  EXPECT_EQ(activate_dz<double>(Activation::Relu, 0.0, 0.0), 1.0);
  EXPECT_EQ(activate_dz<double>(Activation::Relu, -1e-9, 0.0), 0.0);
}

TEST(Activation, VanishingGradientsOfSaturatingUnits) {
  // seed 000 Remark 3.5 / seed 001 "Sigmoid": sigma' <= 1/4 everywhere and both sigmoid and tanh
  // saturate on the tails, while ReLU passes the gradient unchanged for z > 0.
  double worst = 0;
  for (double z = -10; z <= 10; z += 0.01)
    worst = std::max(worst, activate_dz<double>(Activation::Sigmoid, z, 0));
  EXPECT_NEAR(worst, 0.25, 1e-6);
  EXPECT_LT(activate_dz<double>(Activation::Tanh, 5.0, 0), 2e-4);      // 1 - tanh(5)^2 = 1.8e-4
  EXPECT_LT(activate_dz<double>(Activation::Sigmoid, 10.0, 0), 5e-5);  // 4.5e-5
  EXPECT_EQ(activate_dz<double>(Activation::Relu, 10.0, 0), 1.0);
  // Ten sigmoid layers scale a backpropagated error by at most 0.25^10 < 1e-6.
  EXPECT_LT(std::pow(worst, 10), 1e-6);
}

TEST(Activation, FusedKernelsMatchScalarReference) {
  Mat<double> z(3, 4), a(3, 4), da(3, 4), dz(3, 4);
  z << -2, -0.5, 0.3, 1.7, 0.1, -1.1, 2.5, -3, 0.9, 0.4, -0.2, 1.2;
  da << 1, -2, 0.5, 0.25, 2, 1, -1, 0.5, -0.3, 0.7, 1.1, 2;
  const double b[3] = {0.1, -0.2, 0.3};
  const double p[3] = {0.2, 0.5, 1.5};
  for (const auto& name : activation_names()) {
    const Activation act = parse_activation(name);
    const bool learned = has_learned_param(act);
    const double fixed = default_activation_param(act);
    Mat<double> zz = z;
    bias_activate<double>(act, b, learned ? p : nullptr, fixed, zz, a);
    double gp[3], gb[3];
    activate_backward<double>(act, learned ? p : nullptr, fixed, zz, da, dz, gp);
    // The fused bias gradient (row sums of dz) and the fast path without gp give the same dz.
    Mat<double> dz2(3, 4);
    activate_backward<double>(act, learned ? p : nullptr, fixed, zz, da, dz2, nullptr, gb);
    EXPECT_TRUE(dz2 == dz) << name;
    for (Index i = 0; i < 3; ++i) {
      // Four terms of size <= 10: the summation orders may differ by a few ulps of 10.
      EXPECT_NEAR(gb[i], dz.row(i).sum(), 1e-14) << name;
      double gsum = 0;
      for (Index j = 0; j < 4; ++j) {
        const double pi = learned ? p[i] : fixed;
        EXPECT_DOUBLE_EQ(zz(i, j), z(i, j) + b[i]);
        EXPECT_DOUBLE_EQ(a(i, j), activate<double>(act, zz(i, j), pi)) << name;
        EXPECT_DOUBLE_EQ(dz(i, j), da(i, j) * activate_dz<double>(act, zz(i, j), pi)) << name;
        gsum += da(i, j) * activate_dp<double>(act, zz(i, j), pi);
      }
      EXPECT_NEAR(gp[i], gsum, 1e-14) << name;
    }
  }
}

TEST(Activation, ParsingRoundTripsAndRejectsUnknownNames) {
  for (const auto& name : activation_names()) EXPECT_EQ(to_string(parse_activation(name)), name);
  try {
    parse_activation("sine");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("sine"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("relu"), std::string::npos);
  }
}

}  // namespace
}  // namespace optim::nn
