// `optim study step-size`: the seed's regime table through the CLI (seed 004 sections 4.4-4.5).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/test_support.hpp"

namespace optim {
namespace {

using testing::run_cli;

TEST(CliStudyStepSize, JsonRunsFollowTheSeedRule) {
  const auto r = run_cli("study step-size --a 2 --b -1 --ratios 0.5,1,1.5,2,2.5 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_DOUBLE_EQ(j["eta_opt"].get<double>(), 0.5);  // 1/a
  const auto& runs = j["runs"];
  ASSERT_EQ(runs.size(), 5u);
  const char* expected[] = {"monotone", "one_step", "oscillating", "bounded_oscillation",
                            "divergent"};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(runs[i]["regime"], expected[i]) << "ratio " << runs[i]["ratio"];
    EXPECT_EQ(runs[i]["predicted_regime"], expected[i]);
  }
  EXPECT_DOUBLE_EQ(runs[2]["ratio"].get<double>(), 1.5);
  // |1 - eta a| = 0.5 at r = 1.5; observed from 50 iterates (rounding only, see the library test).
  EXPECT_NEAR(runs[2]["observed_factor"].get<double>(), 0.5, 1e-9);
}

TEST(CliStudyStepSize, DefaultTableAndCsv) {
  const std::string csv = ::testing::TempDir() + "step_size_table.csv";
  std::remove(csv.c_str());
  const auto r = run_cli("study step-size --a 3 --out " + csv);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("every run matches the seed's rule"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bounded_oscillation"), std::string::npos);
  std::ifstream f(csv);
  ASSERT_TRUE(f.good());
  std::string header, line;
  std::getline(f, header);
  EXPECT_EQ(header.rfind("ratio,eta,predicted_factor,observed_factor,predicted,observed,match", 0),
            0u);
  int rows = 0, divergent = 0;
  while (std::getline(f, line)) {
    ++rows;
    if (line.find(",divergent,divergent,yes") != std::string::npos) ++divergent;
  }
  EXPECT_EQ(rows, 25);      // default grid 0.1 .. 2.5
  EXPECT_EQ(divergent, 5);  // 2.1 .. 2.5
}

TEST(CliStudyStepSize, SpectrumSweepReportsPerDirection) {
  const auto r = run_cli("study step-size --spectrum 1,10 --ratios 1.5,3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_DOUBLE_EQ(j["eta_opt"].get<double>(), 0.1);
  const auto& d = j["runs"][0]["directions"];
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0]["regime"], "monotone");     // r_1 = 0.15
  EXPECT_EQ(d[1]["regime"], "oscillating");  // r_2 = 1.5
  EXPECT_EQ(j["runs"][1]["regime"], "divergent");
}

TEST(CliStudyStepSize, BadInputExitsWithTwoAndNamesTheProblem) {
  auto r = run_cli("study step-size --a 0", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("a > 0"), std::string::npos) << r.out;
  r = run_cli("study step-size --ratios 0.5,abc", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--ratios"), std::string::npos) << r.out;
  r = run_cli("study step-size --steps 1", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("steps"), std::string::npos) << r.out;
  r = run_cli("study step-size --ratios -1", true);
  EXPECT_EQ(r.exit_code, 2);
  r = run_cli("study", true);
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace optim
