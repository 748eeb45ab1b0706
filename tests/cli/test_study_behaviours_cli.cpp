// `optim study behaviours`: JSON with claim / measured / agrees per behaviour, the pictures, and a
// folder that cannot hold them refused before the study runs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/test_plot_png.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

using testing::run_cli;
using testing::temp_path;

TEST(CliStudyBehaviours, JsonAndPictures) {
  const std::string dir = temp_path("behaviours_plots");
  const auto r = run_cli("study behaviours --json --width 400 --height 300 --plot " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["study"], "behaviours");
  ASSERT_EQ(j["behaviours"].size(), 5u);
  int agreeing = 0;
  for (const auto& b : j["behaviours"]) {
    SCOPED_TRACE(b["name"].get<std::string>());
    EXPECT_TRUE(b["claim"].is_string());
    EXPECT_TRUE(b["measured"].is_object());
    EXPECT_FALSE(b["measured"].empty());
    ASSERT_TRUE(b["agrees"].is_boolean());
    agreeing += b["agrees"].get<bool>();
    ASSERT_TRUE(b.contains("picture"));
    const auto png = testing::read_png_info(b["picture"].get<std::string>());
    EXPECT_TRUE(png.valid);
    EXPECT_EQ(png.width, 400u);
    EXPECT_EQ(png.height, 300u);
  }
  EXPECT_EQ(j["agreeing"], agreeing);
  for (const char* stem :
       {"plateau", "nesterov_rosenbrock", "adagrad_rosenbrock", "newton_himmelblau"}) {
    EXPECT_TRUE(testing::read_png_info(dir + "/behaviour_" + stem + ".png").valid) << stem;
  }
}

TEST(CliStudyBehaviours, TextReportAndAnUnusablePlotFolder) {
  auto r = run_cli("study behaviours");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("claim:"), std::string::npos);
  EXPECT_NE(r.out.find("agrees:"), std::string::npos);
  EXPECT_NE(r.out.find("claims agree with the measurement"), std::string::npos);
  r = run_cli("study behaviours --plot /proc/optim_no_such_folder", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--plot"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("claim:"), std::string::npos) << "ran before refusing";
}

}  // namespace
}  // namespace optim

namespace optim {
namespace {

TEST(CliStudyPerceptron, JsonClaimsAndPicture) {
  const std::string png = testing::temp_path("perceptron_study.png");
  const auto r = testing::run_cli("study perceptron --json --width 600 --height 300 --plot " + png);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["study"], "perceptron");
  ASSERT_EQ(j["behaviours"].size(), 2u);
  EXPECT_EQ(j["behaviours"][0]["measured"]["perceptron_accuracy"], 1.0);
  EXPECT_EQ(j["behaviours"][0]["picture"], png);
  const auto info = testing::read_png_info(png);
  EXPECT_TRUE(info.valid);
  EXPECT_EQ(info.width, 600u);
  const auto bad = testing::run_cli("study perceptron --weight-decay 0", true);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("weight_decay"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace optim
