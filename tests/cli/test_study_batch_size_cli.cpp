// `optim study batch-size`: JSON claims and rows, the picture, the CSV, and bad flags by name.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/claims_check.hpp"
#include "cli/test_plot_png.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

using testing::run_cli;
using testing::temp_path;

TEST(CliStudyBatchSize, JsonClaimsPictureAndCsv) {
  const std::string png = temp_path("batch_size.png"), csv = temp_path("batch_size.csv");
  const auto r = run_cli(
      "study batch-size --json --seeds 3 --epochs 5 --batches 1,8,0 "
      "--width 500 --height 300 --plot " +
      png + " --csv " + csv);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["study"], "batch-size");
  testing::expect_claims_report(j, 4, png);
  ASSERT_EQ(j["rows"].size(), 3u);
  EXPECT_EQ(j["rows"][2]["batch"], j["samples"]);  // 0 is the full batch
  EXPECT_EQ(j["rows"][0]["final_loss"].size(), 3u);
  const auto info = testing::read_png_info(png);
  EXPECT_TRUE(info.valid);
  EXPECT_EQ(info.width, 500u);
  std::istringstream lines(testing::read_text(csv));
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line.rfind("batch,mean_final_loss,sd_final_loss,", 0), 0u) << line;
  int rows = 0;
  while (std::getline(lines, line)) ++rows;
  EXPECT_EQ(rows, 3);
}

TEST(CliStudyBatchSize, BadFlagsAreRefusedByName) {
  auto r = run_cli("study batch-size --batches 1,x", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--batches"), std::string::npos) << r.out;
  r = run_cli("study batch-size --batches 1,2.5", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--batches"), std::string::npos) << r.out;
  r = run_cli("study batch-size --seeds 1", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--seeds"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace optim
