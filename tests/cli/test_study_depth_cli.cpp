// `optim study depth`: JSON claim and rows, the picture, the CSV, and bad flags by name.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/test_plot_png.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

using testing::run_cli;
using testing::temp_path;

TEST(CliStudyDepth, JsonClaimPictureAndCsv) {
  const std::string png = temp_path("depth.png"), csv = temp_path("depth.csv");
  const auto r = run_cli(
      "study depth --json --depths 1,2 --seeds 2 --epochs 20 --width 500 "
      "--height 300 --plot " +
      png + " --csv " + csv);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["study"], "depth");
  ASSERT_EQ(j["behaviours"].size(), 1u);
  const auto& b = j["behaviours"][0];
  EXPECT_EQ(b["name"], "deep_helps");
  EXPECT_TRUE(b["agrees"].is_boolean());
  EXPECT_EQ(j["agreeing"], b["agrees"].get<bool>() ? 1 : 0);
  EXPECT_EQ(b["picture"], png);
  ASSERT_EQ(j["rows"].size(), 2u);
  EXPECT_EQ(j["rows"][0]["width"], 300);  // 5w + 2 nearest to 1500
  EXPECT_EQ(j["rows"][1]["test_accuracy"].size(), 2u);
  const auto info = testing::read_png_info(png);
  EXPECT_TRUE(info.valid);
  EXPECT_EQ(info.width, 500u);
  std::istringstream lines(testing::read_text(csv));
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line.rfind("hidden_layers,width,params,", 0), 0u) << line;
  int rows = 0;
  while (std::getline(lines, line)) ++rows;
  EXPECT_EQ(rows, 2);
}

TEST(CliStudyDepth, BadFlagsAreRefusedByName) {
  auto r = run_cli("study depth --depths 1,0", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--depths"), std::string::npos) << r.out;
  r = run_cli("study depth --budget 3", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--budget"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace optim
