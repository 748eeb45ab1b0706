// `optim train` and `optim predict` end to end on synthetic data (no download).
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

TEST(CliTrain, XorJsonReportsTheRequiredFields) {
  auto r = run_cli(
      "train --data xor --layers 2,8,2 --activation tanh --method adam --lr 0.05 --epochs 150 "
      "--batch-size 4 --seed 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  for (const char* key :
       {"train_loss", "train_accuracy", "test_accuracy", "epochs", "samples_per_s", "time_s"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["epochs"].get<int>(), 150);
  EXPECT_EQ(j["test_accuracy"].get<double>(), 1.0) << "seed 3";
  EXPECT_EQ(j["per_epoch"].size(), 150u);
}

TEST(CliTrain, SaveThenPredictReproducesTheTestAccuracy) {
  const std::string model = optim::testing::temp_path("cli_model");
  const std::string trace = model + ".csv";
  auto r =
      run_cli("train --data blobs --n 300 --epochs 20 --batch-size 16 --seed 5 --json --save " +
              model + " --trace " + trace);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const double acc = nlohmann::json::parse(r.out)["test_accuracy"].get<double>();
  EXPECT_GE(acc, 0.9);
  auto p = run_cli("predict --model " + model + " --data blobs --n 300 --seed 5 --json");
  ASSERT_EQ(p.exit_code, 0) << p.out;
  auto j = nlohmann::json::parse(p.out);
  EXPECT_DOUBLE_EQ(j["accuracy"].get<double>(), acc);  // same model, same test set
  // Threads change nothing in the result (fixed partition, see nn/gemm.hpp).
  auto p2 =
      run_cli("predict --model " + model + " --data blobs --n 300 --seed 5 --json --threads 2");
  ASSERT_EQ(p2.exit_code, 0) << p2.out;
  auto j2 = nlohmann::json::parse(p2.out);
  EXPECT_EQ(j2["threads"].get<int>(), 2);
  EXPECT_EQ(j2["loss"].get<double>(), j["loss"].get<double>());
  EXPECT_EQ(j2["accuracy"].get<double>(), j["accuracy"].get<double>());
  EXPECT_EQ(run_cli("predict --model " + model + " --data blobs --threads 0", true).exit_code, 2);
  // The run context the evaluation ran in is what the JSON records.
  auto p3 = run_cli("predict --model " + model +
                    " --data blobs --n 300 --seed 5 --json --threads 3 --gemm eigen");
  ASSERT_EQ(p3.exit_code, 0) << p3.out;
  auto j3 = nlohmann::json::parse(p3.out);
  EXPECT_EQ(j3["threads"].get<int>(), 3);
  EXPECT_EQ(j3["gemm"].get<std::string>(), "eigen");
  EXPECT_TRUE(std::filesystem::exists(trace));
  std::filesystem::remove(model);
  std::filesystem::remove(trace);
}

// The text report names the learning-curve command for its trace, and that command draws it.
TEST(CliTrain, TextReportPointsToTheLearningCurvePlot) {
  const std::string trace = optim::testing::temp_path("cli_learning.csv");
  const auto r = run_cli("train --data blobs --n 200 --epochs 3 --seed 2 --trace " + trace);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string cmd = "optim plot learning --trace " + trace + " --out learning.png";
  ASSERT_NE(r.out.find(cmd), std::string::npos) << r.out;
  const std::string png = optim::testing::temp_path("cli_learning.png");
  const auto p = run_cli("plot learning --trace " + trace + " --out " + png, true);
  EXPECT_EQ(p.exit_code, 0) << p.out;
  EXPECT_TRUE(std::filesystem::exists(png));
}

TEST(CliTrain, SineRegressionAndFullBatch) {
  auto r = run_cli(
      "train --data sine --n 128 --activation tanh --method gd --lr 0.1 --epochs 300 "
      "--batch-size 0 --dtype double --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j.contains("test_accuracy"));  // regression
  EXPECT_LT(j["train_loss"].get<double>(), 0.1);
}

TEST(CliTrain, BadInputExitsWithCode2AndAMessage) {
  auto a = run_cli("train --data xor --activation sine", true);
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_NE(a.out.find("unknown activation 'sine'"), std::string::npos) << a.out;
  auto b = run_cli("train --data xor --layers 2,x,2", true);
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.out.find("not a positive integer"), std::string::npos) << b.out;
  auto c = run_cli("train --data cifar", true);
  EXPECT_EQ(c.exit_code, 2);
  auto d = run_cli("train --data mnist --data-dir /nonexistent", true);
  EXPECT_EQ(d.exit_code, 2);
  EXPECT_NE(d.out.find("fetch_mnist"), std::string::npos) << d.out;
  auto e = run_cli("predict --model /nonexistent/model --data xor", true);
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_NE(e.out.find("cannot open model"), std::string::npos) << e.out;
  auto f = run_cli("train --data xor --method adam --param beta1=2", true);
  EXPECT_EQ(f.exit_code, 2);
}

}  // namespace
}  // namespace optim::testing
