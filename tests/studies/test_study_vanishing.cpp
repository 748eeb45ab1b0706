// Vanishing gradients (studies/vanishing_gradients.hpp; seeds 000, 001, 003; Glorot & Bengio
// 2010): the per-run summaries come from the per-layer rows, and the claims from their criteria.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "studies/vanishing_gradients.hpp"
#include "support/test_support.hpp"

namespace optim::studies {
namespace {

const VanishingGradientsStudy& study() {
  static const VanishingGradientsStudy s = run_vanishing_gradients_study({});
  return s;
}

TEST(StudyVanishing, RmsIsTheNormOverTheSquareRootOfTheWeightCount) {
  nn::LayerGradientRow r;
  r.weight_grad_norm = 6;
  r.fan_in = 3;
  r.units = 3;
  EXPECT_DOUBLE_EQ(rms_weight_gradient(r), 2.0);  // 6 / sqrt(9)
}

TEST(StudyVanishing, SummariesFollowTheRows) {
  const auto& s = study();
  ASSERT_EQ(s.runs.size(), 6u);
  const size_t layers = size_t(s.options.hidden_layers) + 1;
  const size_t recorded = size_t(s.options.epochs) + 1;
  for (const auto& r : s.runs) {
    SCOPED_TRACE(r.label);
    ASSERT_EQ(r.rows.size(), recorded * layers);
    ASSERT_EQ(r.first_over_last.size(), recorded);
    ASSERT_EQ(r.train_loss.size(), size_t(s.options.epochs));
    EXPECT_EQ(r.hidden_units, s.options.hidden_layers * s.options.width);
    for (size_t e = 0; e < recorded; ++e) {
      const auto* row = &r.rows[e * layers];
      EXPECT_EQ(row[0].epoch, int(e));
      EXPECT_EQ(r.first_over_last[e],
                rms_weight_gradient(row[0]) / rms_weight_gradient(row[layers - 1]));
      double lo = INFINITY, hi = 0, hidden_lo = INFINITY, hidden_hi = 0;
      Index dead = 0;
      for (size_t l = 0; l < layers; ++l) {
        lo = std::min(lo, rms_weight_gradient(row[l]));
        hi = std::max(hi, rms_weight_gradient(row[l]));
        if (l + 1 < layers) {
          hidden_lo = std::min(hidden_lo, rms_weight_gradient(row[l]));
          hidden_hi = std::max(hidden_hi, rms_weight_gradient(row[l]));
        }
        dead += std::max<Index>(0, row[l].dead_units);
      }
      EXPECT_EQ(r.max_over_min[e], hi / lo);
      EXPECT_EQ(r.hidden_max_over_min[e], hidden_hi / hidden_lo);
      EXPECT_EQ(r.dead_units[e], dead);
      EXPECT_LE(dead, r.hidden_units);
    }
  }
}

TEST(StudyVanishing, ClaimsFollowTheirCriteria) {
  const auto& s = study();
  const auto claims = vanishing_gradients_claims(s);
  ASSERT_EQ(claims.size(), 2u);
  bool sigmoid = true, relu = true;
  for (const auto& r : s.runs) {
    const double worst_first =
        *std::max_element(r.first_over_last.begin(), r.first_over_last.end());
    const double worst_spread = *std::max_element(r.max_over_min.begin(), r.max_over_min.end());
    if (r.activation == nn::Activation::Sigmoid)
      sigmoid = sigmoid && worst_first <= s.options.vanishing_ratio;
    if (r.activation == nn::Activation::Relu && r.init == nn::Init::He)
      relu = worst_spread <= s.options.flat_ratio;
  }
  EXPECT_EQ(claims[0].name, "sigmoid_vanishes");
  EXPECT_EQ(claims[0].agrees, sigmoid);
  EXPECT_EQ(claims[1].name, "relu_he_flat");
  EXPECT_EQ(claims[1].agrees, relu);
  for (const auto& c : claims) {
    EXPECT_FALSE(c.measured.empty());
    EXPECT_FALSE(c.criterion.empty());
  }
}

TEST(StudyVanishing, BadOptionsAreRefused) {
  VanishingGradientsOptions o;
  o.hidden_layers = 1;
  EXPECT_NE(testing::invalid_argument_message([&] {
              run_vanishing_gradients_study(o);
            }).find("hidden_layers"),
            std::string::npos);
  o = {};
  o.lr = 0;
  EXPECT_NE(testing::invalid_argument_message([&] { run_vanishing_gradients_study(o); }).find("lr"),
            std::string::npos);
  o = {};
  o.flat_ratio = 0.5;
  EXPECT_THROW(run_vanishing_gradients_study(o), std::invalid_argument);
}

}  // namespace
}  // namespace optim::studies
