// Method settings reach the method as typed, through one validation path, whichever spelling
// gives them: `--lr X` and `--param lr=X` are the same run; a bad value is refused in the user's
// terms; one setting given in two spellings is an error naming both.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

const char* const kTrain =
    "train --data xor --layers 2,4,2 --activation tanh --method gd --epochs 3 --dtype double "
    "--seed 3 --json --no-progress ";

nlohmann::json losses(const std::string& extra) {
  const auto r = run_cli(kTrain + extra);
  EXPECT_EQ(r.exit_code, 0) << extra << "\n" << r.out;
  nlohmann::json out = nlohmann::json::array();
  if (r.exit_code != 0) return out;
  const auto j = nlohmann::json::parse(r.out);
  for (const auto& e : j["per_epoch"]) out.push_back(e["train_loss"]);
  return out;
}

void expect_refused(const std::string& args, const std::vector<std::string>& expected) {
  const auto r = run_cli(args, /*merge_stderr=*/true);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
  for (const auto& e : expected)
    EXPECT_NE(r.out.find(e), std::string::npos) << args << "\n" << r.out;
  EXPECT_EQ(r.out.find("terminate"), std::string::npos) << r.out;
}

TEST(CliFlagsPrecision, LrFlagAndParamGiveTheSameRunAtFullPrecision) {
  // std::to_string would have turned 2.5e-6 into 0.000003 (the run of 3e-6), 1e-7 into 0.
  const auto flag = losses("--lr 2.5e-6");
  EXPECT_EQ(flag, losses("--param lr=2.5e-6"));
  EXPECT_NE(flag, losses("--param lr=3e-6"));
  EXPECT_EQ(losses("--lr 1e-7"), losses("--param lr=1e-7"));
}

TEST(CliFlagsPrecision, BadLearningRatesAreRefusedNamingTheFlag) {
  for (const char* v : {"0", "-1", "nan", "inf", "abc"}) {
    expect_refused(std::string(kTrain) + "--lr " + v, {"--lr '" + std::string(v) + "'"});
    expect_refused(std::string(kTrain) + "--param lr=" + v,
                   {"--param lr '" + std::string(v) + "'"});
  }
  expect_refused("minimize --problem sphere --method gd --lr 0", {"--lr '0': must be > 0"});
  expect_refused("minimize --problem sphere --method gd --param lr=-2",
                 {"--param lr '-2': must be > 0"});
  expect_refused("minimize --problem rosenbrock --method lbfgs --m 0", {"--m '0': must be >= 1"});
}

TEST(CliFlagsPrecision, BatchSizeFromParamIsUsedAndValidatedLikeTheFlag) {
  const auto r = run_cli(std::string(kTrain) + "--param batch_size=7");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["batch_size"].get<long>(), 7);
  EXPECT_EQ(losses("--param batch_size=3"), losses("--batch-size 3"));
  expect_refused(std::string(kTrain) + "--batch-size -1", {"--batch-size '-1': must be >= 0"});
  expect_refused(std::string(kTrain) + "--param batch_size=-1",
                 {"--param batch_size '-1': must be >= 0"});
  expect_refused(std::string(kTrain) + "--batch-size 2.5", {"--batch-size '2.5'"});
}

TEST(CliFlagsPrecision, TrainOptionsCheckedByTheLibraryAreNamedByTheirFlag) {
  expect_refused(std::string(kTrain) + "--keep-input 2", {"--keep-input '2': must be (0, 1]"});
  expect_refused(std::string(kTrain) + "--keep-hidden 0", {"--keep-hidden '0'"});
  expect_refused(std::string(kTrain) + "--l2 -1", {"--l2 '-1'"});
  expect_refused(std::string(kTrain) + "--min-delta -1", {"--min-delta '-1'"});
}

TEST(CliFlagsPrecision, StopOptionsAreNamedByTheirFlag) {
  expect_refused("minimize --problem sphere --method gd --ftol nan",
                 {"--ftol 'nan': must be >= 0"});
  expect_refused("minimize --problem sphere --method gd --time-limit -2",
                 {"--time-limit '-2': must be >= 0"});
  expect_refused("minimize --problem sphere --method gd --max-evals -1", {"--max-evals '-1'"});
}

TEST(CliFlagsPrecision, OneSettingInTwoSpellingsIsAnError) {
  expect_refused(std::string(kTrain) + "--lr 0.1 --param lr=0.2", {"--lr", "--param lr"});
  expect_refused(std::string(kTrain) + "--batch-size 8 --param batch_size=7",
                 {"--batch-size", "--param batch_size"});
  expect_refused(std::string(kTrain) + "--param lr=0.1,lr=0.2", {"--param lr is given twice"});
  expect_refused("minimize --problem sphere --method gd --lr 0.1 --param lr=0.2",
                 {"--lr", "--param lr"});
  expect_refused("minimize --problem sphere --method gd --batch-size 2 --param batch_size=3",
                 {"--batch-size", "--param batch_size"});
  expect_refused("compare --methods gd --problems sphere --set gd.lr=0.1 --set gd.lr=0.2",
                 {"--set gd.lr is given twice"});
}

TEST(CliFlagsPrecision, MinimizeTakesTheTypedValue) {
  // 17 significant digits survive: both spellings give bit-identical iterates.
  const std::string base = "minimize --problem rosenbrock --method gd --max-iter 50 --json ";
  const auto a = run_cli(base + "--lr 0.00012345678901234567");
  const auto b = run_cli(base + "--param lr=0.00012345678901234567");
  ASSERT_EQ(a.exit_code, 1) << a.out;
  ASSERT_EQ(b.exit_code, 1) << b.out;
  EXPECT_EQ(nlohmann::json::parse(a.out)["x"], nlohmann::json::parse(b.out)["x"]);
}

}  // namespace
}  // namespace optim::testing
