// Deep against wide at a fixed parameter budget (studies/depth.hpp; seed 001, seed 003).
#include <gtest/gtest.h>

#include <cmath>

#include "nn/network.hpp"
#include "studies/depth.hpp"
#include "support/test_support.hpp"

namespace optim::studies {
namespace {

TEST(StudyDepth, ParameterCountIsTheNetworksOwn) {
  // By hand: 2-3-2 has 2*3+3 + 3*2+2 = 17; 2-3-3-2 adds 3*3+3 = 12 more.
  EXPECT_EQ(depth_params(1, 3), 17);
  EXPECT_EQ(depth_params(2, 3), 29);
  // Against the network's own layout for a few shapes.
  for (int depth : {1, 2, 5}) {
    for (Index w : {1, 7, 40}) {
      nn::NetworkSpec spec;
      spec.layers.push_back(2);
      for (int l = 0; l < depth; ++l) spec.layers.push_back(w);
      spec.layers.push_back(2);
      EXPECT_EQ(depth_params(depth, w), nn::Network<double>(spec).num_params())
          << depth << " " << w;
    }
  }
}

TEST(StudyDepth, WidthIsTheNearestToTheBudget) {
  for (int depth : {1, 2, 3, 8}) {
    for (Index budget : {7, 100, 1500, 4000}) {
      const Index w = width_for_budget(depth, budget);
      const Index gap = std::abs(depth_params(depth, w) - budget);
      EXPECT_LE(gap, std::abs(depth_params(depth, w + 1) - budget)) << depth << " " << budget;
      if (w > 1) {
        EXPECT_LE(gap, std::abs(depth_params(depth, w - 1) - budget)) << depth;
      }
    }
  }
  EXPECT_EQ(width_for_budget(1, 1500), 300);  // 5w + 2 = 1502
  // MNIST's shapes: 785w + 10(w + 1), and 784-w-w-10 adds (w + 1)w.
  EXPECT_EQ(depth_params(1, 126, 784, 10), 785 * 126 + 10 * 127);
  EXPECT_EQ(depth_params(2, 3, 784, 10), 785 * 3 + 12 + 40);
}

TEST(StudyDepth, RowsAndTheClaimFollowTheRuns) {
  DepthOptions o;
  o.depths = {1, 3};
  o.seeds = 2;
  o.epochs = 30;
  const auto s = run_depth_study(o);
  EXPECT_EQ(s.train_size + s.test_size, 2 * o.per_class);
  ASSERT_EQ(s.rows.size(), 2u);
  for (const auto& r : s.rows) {
    ASSERT_EQ(r.test_accuracy.size(), 2u);
    EXPECT_EQ(r.width, width_for_budget(r.depth, o.budget));
    EXPECT_NEAR(r.mean_accuracy, 0.5 * (r.test_accuracy[0] + r.test_accuracy[1]), 1e-15);
    // Two runs: sd = |a - b| / sqrt(2).
    EXPECT_NEAR(r.sd_accuracy, std::abs(r.test_accuracy[0] - r.test_accuracy[1]) / std::sqrt(2.0),
                1e-15);
  }
  const auto claims = depth_claims(s);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].agrees, s.rows[1].mean_accuracy - s.rows[0].mean_accuracy >= o.margin);
  o.depths = {2, 3};
  o.epochs = 1;
  o.seeds = 1;
  const auto none = depth_claims(run_depth_study(o));
  EXPECT_FALSE(none[0].agrees);
  EXPECT_NE(none[0].verdict.find("not measured"), std::string::npos);
}

TEST(StudyDepth, BadOptionsAreRefused) {
  DepthOptions o;
  o.depths = {0};
  EXPECT_NE(testing::invalid_argument_message([&] { run_depth_study(o); }).find("depths"),
            std::string::npos);
  o = {};
  o.budget = 3;
  EXPECT_NE(testing::invalid_argument_message([&] { run_depth_study(o); }).find("budget"),
            std::string::npos);
}

}  // namespace
}  // namespace optim::studies
