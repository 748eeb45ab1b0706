// `optim study minibatch` (seed 004 section 6) through the CLI; data seed 2024 (the default).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/test_plot_png.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

TEST(CliStudyMinibatch, JsonSlopeAndNoiseBall) {
  const std::string png = testing::temp_path("minibatch.png");
  const auto r = testing::run_cli("study minibatch --steps 4000 --json --plot " + png +
                                  " --width 800 --height 400");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["seed"], 2024);
  // 4000 draws per batch size: ~5 sigma tolerance on the slope (see the library test).
  EXPECT_NEAR(j["slope"].get<double>(), -1.0, 0.1);
  ASSERT_EQ(j["sgd"].size(), 3u);
  EXPECT_LT(j["sgd"][2]["end_window_rms"].get<double>(),
            j["sgd"][0]["end_window_rms"].get<double>() / 2);
  const auto info = testing::read_png_info(png);
  ASSERT_TRUE(info.valid);
  EXPECT_EQ(info.width, 800u);
  EXPECT_EQ(info.height, 400u);
}

TEST(CliStudyMinibatch, BadInputExitsWithTwo) {
  auto r = testing::run_cli("study minibatch --batches 4", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("two batch sizes"), std::string::npos) << r.out;
  r = testing::run_cli("study minibatch --batches 1,2.5", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("whole number"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace optim
