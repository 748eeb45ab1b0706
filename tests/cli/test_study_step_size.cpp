// `optim study step-size`: the seed's regime table through the CLI (seed 004 sections 4.4-4.5).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/test_plot_png.hpp"
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
  const std::string csv = testing::temp_path("step_size_table.csv");
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

TEST(CliStudyStepSize, PlotWritesPngOfRequestedSize) {
  const std::string png = testing::temp_path("step_size_plot.png");
  std::remove(png.c_str());
  const auto r = run_cli("study step-size --a 2 --plot " + png + " --width 640 --height 360", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto info = testing::read_png_info(png);
  ASSERT_TRUE(info.valid) << png;
  EXPECT_EQ(info.width, 640u);
  EXPECT_EQ(info.height, 360u);
  EXPECT_GT(info.bytes, 5000u);  // two panels of curves, far above an empty image's few hundred
}

// Runs the CLI with one environment variable set (popen inherits the environment).
testing::CommandOutput run_with_env(const char* name, const std::string& value,
                                    const std::string& args) {
  setenv(name, value.c_str(), 1);
  auto r = run_cli(args, true);
  unsetenv(name);
  return r;
}

TEST(CliStudyStepSize, MissingInterpreterIsAClearUsageError) {
  const std::string png = testing::temp_path("step_size_noplot.png");
  const auto bad =
      run_with_env("OPTIM_PYTHON", "/nonexistent/python3", "study step-size --plot " + png);
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.out.find("cannot run the Python interpreter '/nonexistent/python3'"),
            std::string::npos)
      << bad.out;
}

TEST(CliStudyStepSize, MissingMatplotlibIsAClearUsageError) {
  // A Python that cannot see Debian's dist-packages (-S skips site) lacks matplotlib.
  const std::string wrapper = testing::temp_path("python_without_site.sh");
  {
    std::ofstream w(wrapper);
    w << "#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n";
  }
  ASSERT_EQ(chmod(wrapper.c_str(), 0755), 0);
  const std::string png = testing::temp_path("step_size_nompl.png");
  const auto bad = run_with_env("OPTIM_PYTHON", wrapper, "study step-size --plot " + png);
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.out.find("matplotlib is not available"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("python3-matplotlib"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace optim
