// Adam without bias correction (seed 002, Adam "idea 1") against the seed's formula, and the bias
// toward 0 that "idea 2" (the default) removes.
#include <gtest/gtest.h>

#include <cmath>

#include "optim/first_order/adam.hpp"
#include "optim/registry.hpp"

namespace optim {
namespace {

// A constant gradient g = 1 (the linear function f(w) = w): after t steps the first moment is
// G_t = (1 - b1^t) g and the second A_t = (1 - b2^t) g^2. With b1 = b2 = b the uncorrected step is
// eta (1 - b^t) / (sqrt(1 - b^t) + eps) ~ eta sqrt(1 - b^t) < eta: biased toward 0, growing to
// eta; the corrected step G_hat / (sqrt(A_hat) + eps) is eta / (1 + eps) from the first step on.
TEST(AdamBiasCorrection, WithoutItTheFirstStepsAreBiasedTowardZero) {
  const double eta = 0.1, b = 0.9, eps = 1e-8;
  for (const bool correct : {false, true}) {
    SCOPED_TRACE(correct ? "corrected" : "uncorrected");
    AdamParams p;
    p.lr = eta;
    p.beta1 = b;
    p.beta2 = b;
    p.eps = eps;
    p.bias_correction = correct;
    auto state = Adam<double>(p).start(1);
    Vec<double> w = Vec<double>::Zero(1), g = Vec<double>::Ones(1);
    for (int t = 1; t <= 30; ++t) {
      const double before = w[0];
      state->update(w, g, 0, eta);
      const double faded = 1 - std::pow(b, t);
      const double want = correct ? eta / (1 + eps) : eta * faded / (std::sqrt(faded) + eps);
      EXPECT_NEAR(before - w[0], want, 1e-15) << "t = " << t;
      if (!correct) {
        EXPECT_LT(before - w[0], eta * std::sqrt(faded) + 1e-15);
      }
    }
  }
}

TEST(AdamBiasCorrection, ReachableByNameAndOnByDefault) {
  EXPECT_TRUE(AdamParams{}.bias_correction);
  const auto m = make_method<double>("adam", {{"bias_correction", "false"}});
  EXPECT_NE(m, nullptr);
  EXPECT_THROW(make_method<double>("adam", {{"bias_correction", "maybe"}}), std::invalid_argument);
}

}  // namespace
}  // namespace optim
