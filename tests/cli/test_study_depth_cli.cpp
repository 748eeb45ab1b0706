// `optim study depth`: JSON claim and rows, the picture, the CSV, and bad flags by name.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
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

// An IDX file of random bytes (as tests/cli/test_resume_inputs.cpp writes its tiny MNIST).
void write_idx(const std::string& path, const std::vector<std::uint32_t>& dims, std::mt19937& rng,
               int max_value) {
  std::ofstream out(path, std::ios::binary);
  const unsigned char magic[4] = {0, 0, 0x08, static_cast<unsigned char>(dims.size())};
  out.write(reinterpret_cast<const char*>(magic), 4);
  std::size_t count = 1;
  for (const std::uint32_t d : dims) {
    const unsigned char be[4] = {static_cast<unsigned char>(d >> 24),
                                 static_cast<unsigned char>(d >> 16),
                                 static_cast<unsigned char>(d >> 8), static_cast<unsigned char>(d)};
    out.write(reinterpret_cast<const char*>(be), 4);
    count *= d;
  }
  std::uniform_int_distribution<int> value(0, max_value);
  for (std::size_t i = 0; i < count; ++i) out.put(static_cast<char>(value(rng)));
}

TEST(CliStudyDepth, FullTakesMnistWhenItsFilesArePresentAndSaysSoWhenNot) {
  const std::string small = " --full --json --depths 1,2 --seeds 1 --epochs 1 --per-class 10";
  auto r = run_cli("study depth" + small + " --data-dir " + temp_path("depth_no_mnist"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_NE(j["mnist_note"].get<std::string>().find("MNIST not found"), std::string::npos);
  EXPECT_FALSE(j.contains("mnist_rows"));
  EXPECT_EQ(j["behaviours"].size(), 1u);
  // A tiny MNIST-shaped set: 40 training and 10 test images of 28 x 28.
  const std::string dir = temp_path("depth_mnist");
  std::filesystem::create_directories(dir);
  std::mt19937 rng(5);
  write_idx(dir + "/train-images-idx3-ubyte", {40, 28, 28}, rng, 255);
  write_idx(dir + "/train-labels-idx1-ubyte", {40}, rng, 9);
  write_idx(dir + "/t10k-images-idx3-ubyte", {10, 28, 28}, rng, 255);
  write_idx(dir + "/t10k-labels-idx1-ubyte", {10}, rng, 9);
  r = run_cli("study depth" + small + " --data-dir " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j.contains("mnist_note"));
  ASSERT_EQ(j["behaviours"].size(), 2u);
  EXPECT_EQ(j["behaviours"][1]["name"], "deep_helps_mnist");
  ASSERT_EQ(j["mnist_rows"].size(), 4u);  // depths 1, 2, 3, 4 at about 100,000 parameters
  // 785w + 10(w + 1) nearest to 100,000: w = 126 (100,180; 125 gives 99,385).
  EXPECT_EQ(j["mnist_rows"][0]["width"], 126);
  EXPECT_EQ(j["mnist_rows"][0]["params"], 100180);
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
