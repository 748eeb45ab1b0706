// One name, one meaning on `optim train`: --weight-decay is the method's own hyperparameter
// (the decoupled decay of any first-order rule, AdamW's or SGDW's, as on `minimize`; refused by
// methods without one), --l2 the network's coupled penalty; the plateau schedule's patience
// (updates) is `plateau_patience`, apart from the trainer's --patience (epochs). Early stopping
// ends with status early_stopped and exit 0.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

const std::string kBase =
    "train --data blobs --n 60 --layers 2,8,3 --batch-size 16 --dtype double "
    "--seed 7 --json --no-progress ";

std::vector<double> losses(const std::string& extra) {
  const auto r = run_cli(kBase + "--epochs 3 " + extra);
  EXPECT_EQ(r.exit_code, 0) << extra << "\n" << r.out;
  std::vector<double> out;
  if (r.exit_code != 0) return out;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  for (const auto& e : j.at("per_epoch")) out.push_back(e.at("train_loss").get<double>());
  return out;
}

TEST(CliTrainFlagMeanings, WeightDecayIsAdamWsDecoupledDecay) {
  const auto none = losses("--method adamw --lr 0.05 --weight-decay 0");
  const auto some = losses("--method adamw --lr 0.05 --weight-decay 0.1");
  const auto dflt = losses("--method adamw --lr 0.05");
  const auto same = losses("--method adamw --lr 0.05 --weight-decay 0.01");
  ASSERT_EQ(none.size(), 3u);
  ASSERT_EQ(some.size(), 3u);
  EXPECT_NE(none, some);  // the decay changes the trajectory ...
  EXPECT_EQ(dflt, same);  // ... and AdamW's default 0.01 is what --weight-decay 0.01 gives
  EXPECT_NE(dflt, none);
  // As --param weight_decay=, and one setting in two spellings is refused.
  EXPECT_EQ(losses("--method adamw --lr 0.05 --param weight_decay=0.1"), some);
  const auto twice =
      run_cli(kBase + "--epochs 3 --method adamw --weight-decay 0.1 --param weight_decay=0.1");
  EXPECT_EQ(twice.exit_code, 2) << twice.out;
}

TEST(CliTrainFlagMeanings, WeightDecayIsEveryFirstOrderRulesAndRefusedByOthers) {
  // Momentum with decoupled decay is SGDW (Loshchilov & Hutter): the decay changes the run.
  const auto sgdw = losses("--method momentum --lr 0.05 --weight-decay 0.1");
  ASSERT_EQ(sgdw.size(), 3u);
  EXPECT_NE(sgdw, losses("--method momentum --lr 0.05"));
  EXPECT_EQ(losses("--method momentum --lr 0.05 --weight-decay 0"),
            losses("--method momentum --lr 0.05"));
  const auto r = run_cli(
      "train --data blobs --n 60 --layers 2,8,3 --epochs 1 --no-progress --method lbfgs "
      "--batch-size 0 --weight-decay 0.1",
      true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("unknown hyperparameter 'weight_decay' for method lbfgs"), std::string::npos)
      << r.out;
  const auto bad = run_cli(kBase + "--method adamw --weight-decay -1", true);
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.out.find("--weight-decay '-1'"), std::string::npos) << bad.out;
}

TEST(CliTrainFlagMeanings, L2IsTheNetworksPenalty) {
  const auto none = losses("--method momentum --lr 0.05 --l2 0");
  const auto some = losses("--method momentum --lr 0.05 --l2 0.1");
  ASSERT_EQ(none.size(), 3u);
  EXPECT_NE(none, some);
  EXPECT_EQ(losses("--method momentum --lr 0.05"), none);  // default 0
  // With AdamW both act: the penalty does not touch the method's decay.
  EXPECT_NE(losses("--method adamw --lr 0.05 --l2 0.1"), losses("--method adamw --lr 0.05"));
}

TEST(CliTrainFlagMeanings, PlateauPatienceIsTheSchedulesAndPatienceTheTrainers) {
  EXPECT_EQ(losses("--method gd --lr 0.05 --param schedule=plateau,plateau_patience=2").size(), 3u);
  const auto r = run_cli(kBase + "--method gd --param schedule=plateau,patience=2", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("unknown hyperparameter 'patience'"), std::string::npos) << r.out;
}

TEST(CliTrainFlagMeanings, EarlyStoppingIsASuccess) {
  // No epoch after the first improves by 1e9: with --patience 2 the run ends after epoch 3.
  const auto r = run_cli(kBase +
                         "--method gd --epochs 20 --validation 0.25 --patience 2 "
                         "--min-delta 1e9");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "early_stopped");
  EXPECT_EQ(j["early_stopped"], true);
  EXPECT_EQ(j["epochs"], 3);
}

}  // namespace
}  // namespace optim::testing
