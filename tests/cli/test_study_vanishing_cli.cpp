// `optim study vanishing-gradients` (JSON claims, the picture, the per-layer CSV) and
// `optim train --trace-layers` (the per-layer trace of any training run, checked before the run
// and resumed from a checkpoint as an uninterrupted run writes it).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/claims_check.hpp"
#include "cli/test_plot_png.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

using testing::read_text;
using testing::run_cli;
using testing::temp_path;

TEST(CliStudyVanishing, JsonClaimsPictureAndCsv) {
  const std::string png = temp_path("vanishing.png"), csv = temp_path("vanishing.csv");
  const auto r = run_cli(
      "study vanishing-gradients --json --epochs 2 --width 400 --height 300 "
      "--plot " +
      png + " --csv " + csv);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["study"], "vanishing-gradients");
  testing::expect_claims_report(j, 2, png);
  ASSERT_EQ(j["runs"].size(), 6u);
  EXPECT_EQ(j["runs"][0]["first_over_last"].size(), 3u);  // epochs 0, 1, 2
  const auto info = testing::read_png_info(png);
  EXPECT_TRUE(info.valid);
  EXPECT_EQ(info.width, 400u);
  EXPECT_EQ(info.height, 300u);
  // CSV: a header and 6 runs x 3 recorded epochs x 11 weight layers.
  std::istringstream lines(read_text(csv));
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line.rfind("run,epoch,layer,fan_in,units,", 0), 0u) << line;
  int rows = 0;
  while (std::getline(lines, line)) ++rows;
  EXPECT_EQ(rows, 6 * 3 * 11);
}

TEST(CliStudyVanishing, BadFlagsAreRefusedByName) {
  auto r = run_cli("study vanishing-gradients --hidden-layers 1", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--hidden-layers"), std::string::npos) << r.out;
  r = run_cli("study vanishing-gradients --lr 0", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("lr"), std::string::npos) << r.out;
  r = run_cli("study vanishing-gradients --plot /proc/optim_no_such/x.png", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--plot"), std::string::npos) << r.out;
}

const std::string kTrain =
    "train --data spirals --n 200 --layers 2,8,8,2 --activation relu --method gd --lr 0.1 "
    "--batch-size 20 --seed 4 --dtype double --no-progress";

TEST(CliTrainTraceLayers, OneRowPerLayerAndEpochWithDeadUnitsOfHiddenLayers) {
  const std::string csv = temp_path("trace_layers.csv");
  const auto r = run_cli(kTrain + " --epochs 3 --trace-layers " + csv);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find(csv), std::string::npos) << r.out;
  std::istringstream lines(read_text(csv));
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "epoch,layer,fan_in,units,weight_grad_norm,bias_grad_norm,dead_units");
  std::vector<std::string> rows;
  while (std::getline(lines, line)) rows.push_back(line);
  ASSERT_EQ(rows.size(), 4u * 3u);  // epochs 0..3, three weight layers
  EXPECT_EQ(rows[0].rfind("0,1,2,8,", 0), 0u) << rows[0];
  EXPECT_EQ(rows[11].rfind("3,3,8,2,", 0), 0u) << rows[11];
  EXPECT_EQ(rows[11].back(), ',') << "the output layer has no dead-unit count: " << rows[11];
  EXPECT_NE(rows[10].back(), ',') << rows[10];
}

TEST(CliTrainTraceLayers, AnUnwritablePathIsRefusedBeforeTraining) {
  const auto r = run_cli(kTrain + " --epochs 3 --trace-layers /proc/optim_no_such/t.csv", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--trace-layers"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("epoch "), std::string::npos) << "trained before refusing";
  const auto p = run_cli(
      "train --data blobs --method perceptron --epochs 2 --trace-layers " + temp_path("p.csv"),
      true);
  EXPECT_EQ(p.exit_code, 2);
  EXPECT_NE(p.out.find("--trace-layers does not apply to --method perceptron"), std::string::npos)
      << p.out;
}

TEST(CliTrainTraceLayers, AResumedRunWritesTheUninterruptedTrace) {
  const std::string whole = temp_path("layers_whole.csv"), resumed = temp_path("layers_res.csv");
  const std::string ckpt = temp_path("layers_ckpt");
  ASSERT_EQ(run_cli(kTrain + " --epochs 6 --trace-layers " + whole).exit_code, 0);
  const std::string flags = " --checkpoint " + ckpt + " --checkpoint-every 1";
  ASSERT_EQ(run_cli(kTrain + " --epochs 3 --trace-layers " + resumed + flags).exit_code, 0);
  // The checkpoint holds the trace's rows: resuming without the trace is another configuration.
  const auto refused = run_cli(kTrain + " --epochs 6" + flags + " --resume", true);
  EXPECT_NE(refused.exit_code, 0) << refused.out;
  EXPECT_NE(refused.out.find("trace_layers"), std::string::npos) << refused.out;
  const auto r =
      run_cli(kTrain + " --epochs 6 --trace-layers " + resumed + flags + " --resume", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // 200 samples in batches of 20: three epochs are 30 updates, resumed rather than redone.
  EXPECT_NE(r.out.find("resuming from update 30"), std::string::npos) << r.out;
  EXPECT_EQ(read_text(resumed), read_text(whole));
  testing::remove_with_prefix(ckpt);
}

}  // namespace
}  // namespace optim
