// Training techniques of the seeds through `optim train`: the absolute-error loss (seed 000's
// |x - x*|), L1 weight decay and its sparsity, Gaussian input noise and image augmentation
// (seed 002), bagging (seed 001), each refused with the flag's name when its value is bad.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/train_run.hpp"
#include "nn/idx.hpp"
#include "support/test_support.hpp"

namespace optim::testing {
namespace {

const std::string kSine =
    "train --data sine --n 200 --layers 1,16,1 --activation tanh --method adam --lr 0.01 "
    "--batch-size 20 --seed 3 --dtype double --no-progress --json";
const std::string kBlobs =
    "train --data blobs --n 120 --layers 2,8,3 --method adam --lr 0.02 --batch-size 20 "
    "--seed 5 --dtype double --no-progress --json";

TEST(CliTrainTechniques, L1LossIsTheMeanAbsoluteError) {
  const Trained l1 = train_saved(kSine, "--loss l1 --epochs 10", "techniques_l1_loss");
  ASSERT_FALSE(l1.model.empty());
  EXPECT_EQ(l1.report["loss"], "l1");
  // The test loss (the network's mean of |z - y| per sample, one output) is the MAE that the
  // regression metrics compute on their own (double: the sums agree to ~1e-15 relative).
  const double loss = l1.report["test_loss"].get<double>(),
               mae = l1.report["test_mae"].get<double>();
  EXPECT_NEAR(loss, mae, 1e-12 * mae);
  // A different loss gives a different run.
  const Trained mse = train_saved(kSine, "--loss mse --epochs 10", "techniques_mse_loss");
  EXPECT_NE(mse.model, l1.model);
  // The saved model keeps its loss: predict (in double, as the run) reports the same test loss.
  const std::string path = temp_path("techniques_l1_model");
  ASSERT_EQ(run_cli(kSine + " --loss l1 --epochs 10 --save " + path).exit_code, 0);
  const auto p = run_cli("predict --model " + path + " --data sine --n 200 --seed 3 --json");
  ASSERT_EQ(p.exit_code, 0) << p.out;
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(p.out)["loss"].get<double>(), loss);
  // On class labels the absolute error has no targets to compare with.
  const auto bad = run_cli(kBlobs + " --loss l1 --epochs 1", true);
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.out.find("l1"), std::string::npos) << bad.out;
}

TEST(CliTrainTechniques, L1DecayIsAPenaltyOnTheWeights) {
  const Trained plain = train_saved(kBlobs, "--epochs 3", "techniques_l1_plain");
  ASSERT_FALSE(plain.model.empty());
  EXPECT_EQ(train_saved(kBlobs, "--epochs 3 --l1 0", "techniques_l1_zero").model, plain.model);
  const Trained sub = train_saved(kBlobs, "--epochs 3 --l1 0.01", "techniques_l1_sub");
  EXPECT_NE(sub.model, plain.model);
  EXPECT_DOUBLE_EQ(plain.report["weight_sparsity"].get<double>(), 0.0);  // He init: no zeros
  // The proximal step sets weights to exactly zero, the subgradient does not: a strong penalty
  // (2 here: 0.04 per update of lr 0.02) zeroes most of the 2*8 + 8*3 = 40 weights.
  const Trained prox = train_saved(kBlobs, "--epochs 3 --l1 2 --l1-prox", "techniques_l1_prox");
  EXPECT_NE(prox.model, sub.model);
  EXPECT_GE(prox.report["weight_sparsity"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(train_saved(kBlobs, "--epochs 3 --l1 2", "techniques_l1_sub_strong")
                       .report["weight_sparsity"]
                       .get<double>(),
                   0.0);
  for (const char* v : {"-1", "nan", "inf"}) {
    const auto r = run_cli(kBlobs + " --epochs 1 --l1 " + v, true);
    EXPECT_EQ(r.exit_code, 2) << v << "\n" << r.out;
    EXPECT_NE(r.out.find("--l1"), std::string::npos) << r.out;
  }
  const std::string lbfgs =
      "train --data blobs --n 120 --layers 2,8,3 --method lbfgs --batch-size 0 --epochs 1 --json "
      "--l1 0.1 --l1-prox";
  for (const std::string& cmd : {kBlobs + " --epochs 1 --l1-prox", lbfgs}) {
    const auto r = run_cli(cmd, true);
    EXPECT_EQ(r.exit_code, 2) << cmd << "\n" << r.out;
    EXPECT_NE(r.out.find("--l1-prox"), std::string::npos) << r.out;
  }
}

TEST(CliTrainTechniques, InputNoisePerturbsTrainingOnly) {
  const Trained plain = train_saved(kBlobs, "--epochs 3", "techniques_noise_plain");
  ASSERT_FALSE(plain.model.empty());
  EXPECT_EQ(train_saved(kBlobs, "--epochs 3 --input-noise 0", "techniques_noise_zero").model,
            plain.model);  // SD 0: the same bits
  const Trained noisy = train_saved(kBlobs, "--epochs 3 --input-noise 0.5", "techniques_noise");
  EXPECT_NE(noisy.model, plain.model);
  // Seeded and the same for any thread count.
  EXPECT_EQ(
      train_saved(kBlobs, "--epochs 3 --input-noise 0.5 --threads 2", "techniques_noise_t2").model,
      noisy.model);
  // The evaluation sees the data as it is: `predict` (which has no noise; double, as the run) on
  // the saved model reports the test loss the training run reported, bit for bit.
  const std::string path = temp_path("techniques_noise_model");
  ASSERT_EQ(run_cli(kBlobs + " --epochs 3 --input-noise 0.5 --save " + path).exit_code, 0);
  const auto p = run_cli("predict --model " + path + " --data blobs --n 120 --seed 5 --json");
  ASSERT_EQ(p.exit_code, 0) << p.out;
  EXPECT_EQ(nlohmann::json::parse(p.out)["loss"].get<double>(),
            noisy.report["test_loss"].get<double>());
  for (const std::string& cmd :
       {kBlobs + " --epochs 1 --input-noise -1",
        std::string("train --data blobs --n 120 --layers 2,8,3 --method lbfgs --batch-size 0 "
                    "--epochs 1 --json --input-noise 0.1")}) {
    const auto r = run_cli(cmd, true);
    EXPECT_EQ(r.exit_code, 2) << cmd << "\n" << r.out;
    EXPECT_NE(r.out.find("--input-noise"), std::string::npos) << r.out;
  }
}

// A folder of IDX images side x side: class k lights column k (k < 4, side >= 4).
std::string idx_folder(const std::string& tag, std::uint32_t rows, std::uint32_t cols) {
  const std::string dir = temp_path(tag);
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& prefix, int n) {
    std::vector<std::uint8_t> px(std::size_t(n) * rows * cols, 0), labels;
    for (int i = 0; i < n; ++i) {
      for (std::uint32_t r = 0; r < rows; ++r)
        px[std::size_t(i) * rows * cols + r * cols + std::uint32_t(i % 4) % cols] = 200;
      labels.push_back(std::uint8_t(i % 4));
    }
    nn::write_idx(dir + "/" + prefix + "-images-idx3-ubyte", {std::uint32_t(n), rows, cols}, px);
    nn::write_idx(dir + "/" + prefix + "-labels-idx1-ubyte", {std::uint32_t(n)}, labels);
  };
  write("train", 64);
  write("t10k", 32);
  return dir;
}

TEST(CliTrainTechniques, AugmentationShiftsAndTurnsImageBatches) {
  const std::string dir = idx_folder("techniques_idx", 6, 6);
  const std::string base = "train --data " + dir +
                           " --hidden 8 --lr 0.01 --batch-size 8 --seed 2 "
                           "--no-progress --json";
  const Trained plain = train_saved(base, "--epochs 3", "techniques_aug_plain");
  ASSERT_FALSE(plain.model.empty());
  const Trained shifted = train_saved(base, "--epochs 3 --augment shift=1", "techniques_aug_shift");
  const Trained turned = train_saved(base, "--epochs 3 --augment rotate=15", "techniques_aug_turn");
  const Trained both =
      train_saved(base, "--epochs 3 --augment shift=2,rotate=10", "techniques_aug_both");
  EXPECT_NE(shifted.model, plain.model);
  EXPECT_NE(turned.model, plain.model);
  EXPECT_NE(both.model, shifted.model);
  EXPECT_EQ(train_saved(base, "--epochs 3 --augment shift=0,rotate=0", "techniques_aug_off").model,
            plain.model);  // nothing to draw: the plain run
  EXPECT_EQ(
      train_saved(base, "--epochs 3 --augment shift=2,rotate=10 --threads 2", "techniques_aug_t2")
          .model,
      both.model);
  // A run checkpointed after epoch 1 and resumed draws the same shifts, turns and noise (one
  // engine, saved with the checkpoint) as the uninterrupted run.
  const std::string flags = "--augment shift=2,rotate=10 --input-noise 0.1";
  const Trained whole = train_saved(base, flags + " --epochs 3", "techniques_aug_whole");
  EXPECT_EQ(train_resumed(base, flags, 1, 3, "techniques_aug_resume").model, whole.model);
  // Bad specifications and data that are no (square) images are refused naming --augment.
  const std::string strip = idx_folder("techniques_idx_strip", 2, 3);  // 6 pixels
  for (const std::string& cmd :
       {base + " --epochs 1 --augment shift=-1", base + " --epochs 1 --augment zoom=2",
        base + " --epochs 1 --augment rotate=x", kBlobs + " --epochs 1 --augment shift=1",
        "train --data " + strip + " --hidden 4 --epochs 1 --json --augment shift=1"}) {
    const auto r = run_cli(cmd, true);
    EXPECT_EQ(r.exit_code, 2) << cmd << "\n" << r.out;
    EXPECT_NE(r.out.find("--augment"), std::string::npos) << r.out;
  }
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(strip);
}

TEST(CliTrainTechniques, BaggingVotesAndSavesOneModel) {
  const std::string path = temp_path("techniques_bagging_model");
  const auto r = run_cli(kBlobs + " --epochs 3 --bagging 3 --save " + path);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["bagging"], 3);
  ASSERT_EQ(j["members"].size(), 3u);
  for (const auto& m : j["members"]) EXPECT_TRUE(m.contains("test_accuracy")) << m;
  // Members differ (own bootstrap sample and initial weights).
  EXPECT_NE(j["members"][0]["train_loss"], j["members"][1]["train_loss"]);
  // `predict` on the saved file is the ensemble: its accuracy and loss are the run's
  // test_accuracy and test_loss (double in both).
  const auto p = run_cli("predict --model " + path + " --data blobs --n 120 --seed 5 --json");
  ASSERT_EQ(p.exit_code, 0) << p.out;
  const auto pj = nlohmann::json::parse(p.out);
  EXPECT_EQ(pj["members"], 3);
  EXPECT_EQ(pj["accuracy"].get<double>(), j["test_accuracy"].get<double>());
  EXPECT_EQ(pj["loss"].get<double>(), j["test_loss"].get<double>());
  // Regression: the mean; predict agrees as well.
  const auto rr = run_cli(kSine + " --epochs 3 --bagging 2 --save " + path);
  ASSERT_EQ(rr.exit_code, 0) << rr.out;
  const auto rj = nlohmann::json::parse(rr.out);
  EXPECT_TRUE(rj.contains("test_rmse"));
  const auto rp = run_cli("predict --model " + path + " --data sine --n 200 --seed 3 --json");
  ASSERT_EQ(rp.exit_code, 0) << rp.out;
  EXPECT_EQ(nlohmann::json::parse(rp.out)["loss"].get<double>(), rj["test_loss"].get<double>());
  // --bagging 1 is the plain run.
  EXPECT_EQ(train_saved(kBlobs, "--epochs 3 --bagging 1", "techniques_bag1").model,
            train_saved(kBlobs, "--epochs 3", "techniques_bag0").model);
  for (const std::string& flags :
       {std::string("--bagging 0"), "--bagging 2 --checkpoint " + path + ".ckpt"}) {
    const auto bad = run_cli(kBlobs + " --epochs 1 " + flags, true);
    EXPECT_EQ(bad.exit_code, 2) << flags << "\n" << bad.out;
    EXPECT_NE(bad.out.find("--bagging"), std::string::npos) << bad.out;
  }
  std::filesystem::remove(path);
}

TEST(CliTrainTechniques, ThePerceptronRefusesTheNetworkTechniques) {
  for (const char* flag : {"--l1 0.1", "--input-noise 0.1", "--augment shift=1", "--bagging 2"}) {
    const auto r =
        run_cli(std::string("train --data blobs --method perceptron --epochs 1 ") + flag, true);
    EXPECT_EQ(r.exit_code, 2) << flag << "\n" << r.out;
    EXPECT_NE(r.out.find(std::string(flag).substr(0, std::string(flag).find(' '))),
              std::string::npos)
        << r.out;
  }
}

}  // namespace
}  // namespace optim::testing
