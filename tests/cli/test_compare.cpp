// `optim compare`: methods x problems table, CSV/JSON and the performance-profile PNG.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/test_plot_png.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

using testing::run_cli;

TEST(CliCompare, JsonRunsAndProfilesAreConsistent) {
  const auto r =
      run_cli("compare --methods gd,lbfgs,newton --problems booth,beale,himmelblau --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["runs"].size(), 9u);
  // Problem-major order: the first three runs are booth with gd, lbfgs, newton.
  EXPECT_EQ(j["runs"][0]["problem"], "booth");
  EXPECT_EQ(j["runs"][1]["method"], "lbfgs");
  // Newton on a quadratic (booth) stops after one step (seed 004 4.4).
  EXPECT_EQ(j["runs"][2]["iterations"], 1);
  EXPECT_TRUE(j["runs"][2]["success"].get<bool>());
  ASSERT_EQ(j["profiles"].size(), 2u);
  const auto& pe = j["profiles"][0];
  EXPECT_EQ(pe["name"], "evaluations");
  EXPECT_EQ(pe["problems"], 3);
  // Recompute every ratio r_{p,s} = evals / min over solvers of the same problem.
  for (size_t p = 0; p < 3; ++p) {
    double best = INFINITY;
    for (size_t s = 0; s < 3; ++s) {
      const auto& run = j["runs"][p * 3 + s];
      if (run["success"].get<bool>()) best = std::min(best, run["evaluations"].get<double>());
    }
    for (size_t s = 0; s < 3; ++s) {
      const auto& run = j["runs"][p * 3 + s];
      const auto& ratio = pe["solvers"][s]["ratios"][p];
      if (run["success"].get<bool>()) {
        EXPECT_DOUBLE_EQ(ratio.get<double>(), run["evaluations"].get<double>() / best);
      } else {
        EXPECT_TRUE(ratio.is_null());
      }
    }
  }
}

TEST(CliCompare, TableCsvAndProfilePng) {
  const std::string csv = testing::temp_path("compare.csv");
  const std::string png = testing::temp_path("compare_profile.png");
  std::remove(csv.c_str());
  std::remove(png.c_str());
  const auto r = run_cli(
      "compare --methods gd,momentum,lbfgs --problems rosenbrock,booth --set "
      "gd.lr=0.001 --out " +
      csv + " --profile " + png + " --width 800 --height 400");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Dolan-More"), std::string::npos);
  EXPECT_NE(r.out.find("rho_evals(1)"), std::string::npos);
  std::ifstream f(csv);
  std::string header, line;
  std::getline(f, header);
  EXPECT_EQ(header, "problem,method,status,success,iterations,evaluations,f,f-f*,|g|,time_ms");
  int rows = 0;
  while (std::getline(f, line)) ++rows;
  EXPECT_EQ(rows, 6);
  const auto info = testing::read_png_info(png);
  ASSERT_TRUE(info.valid);
  EXPECT_EQ(info.width, 800u);
  EXPECT_EQ(info.height, 400u);
  EXPECT_GT(info.bytes, 5000u);
}

TEST(CliCompare, BadInputExitsWithTwo) {
  auto r = run_cli("compare --methods gd,nosuch --problems booth", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("nosuch"), std::string::npos) << r.out;
  r = run_cli("compare --methods gd --problems nosuchproblem", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("nosuchproblem"), std::string::npos) << r.out;
  r = run_cli("compare --methods gd --problems booth --set lbfgs.m=3", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("not in --methods"), std::string::npos) << r.out;
  r = run_cli("compare --methods gd --problems booth --set gd.lr=-1", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("lr"), std::string::npos) << r.out;
  r = run_cli("compare --problems booth", true);
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace optim
