// `optim study saddles`: JSON claims and points, the picture, the CSV, and bad flags by name.
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

TEST(CliStudySaddles, JsonClaimsPictureAndCsv) {
  const std::string png = temp_path("saddles.png"), csv = temp_path("saddles.csv");
  const auto r = run_cli(
      "study saddles --json --starts 20 --goe-n 100 --width 500 --height 300 "
      "--plot " +
      png + " --csv " + csv);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["study"], "saddles");
  testing::expect_claims_report(j, 3, png);
  EXPECT_EQ(j["dim"], 13);
  const auto info = testing::read_png_info(png);
  EXPECT_TRUE(info.valid);
  EXPECT_EQ(info.width, 500u);
  std::istringstream lines(testing::read_text(csv));
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "finder,loss,grad_norm,index,negative,zero,dim,iterations");
  size_t rows = 0;
  while (std::getline(lines, line)) ++rows;
  EXPECT_EQ(rows, j["points"].size());
}

TEST(CliStudySaddles, BadFlagsAreRefusedByName) {
  auto r = run_cli("study saddles --starts 2", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--starts"), std::string::npos) << r.out;
  r = run_cli("study saddles --gtol -1", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("gtol"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace optim
