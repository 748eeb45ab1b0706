// `optim study decoupled` (seed 004 section 4.8) through the CLI.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace optim {
namespace {

TEST(CliStudyDecoupled, OneAxisConvergesTheOtherDiverges) {
  const auto r = testing::run_cli("study decoupled --a11 1 --a22 20 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["axes"][0]["regime"], "monotone");
  EXPECT_EQ(j["axes"][1]["regime"], "divergent");
  EXPECT_DOUBLE_EQ(j["eta_safe_max"].get<double>(), 0.1);
  EXPECT_EQ(j["safe"][1]["predicted_iterations"], 139);  // ceil(ln 1e-6 / ln(19/21))
  bool newton = false;
  for (const auto& m : j["methods"]) {
    if (m["method"] == "newton") {
      newton = true;
      EXPECT_EQ(m["iterations_to_tol"], 1);
    }
  }
  EXPECT_TRUE(newton);
}

TEST(CliStudyDecoupled, TableAndBadInput) {
  auto r = testing::run_cli("study decoupled --a11 2 --a22 50 --eta 0.1");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("safe band"), std::string::npos);
  EXPECT_NE(r.out.find("divergent"), std::string::npos) << r.out;  // 0.1 * 50 = 5 > 2
  r = testing::run_cli("study decoupled --a11 -1", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("a11"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace optim
