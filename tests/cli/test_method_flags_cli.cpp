// One set of method flags on every command that runs one method (minimize, train, fit): the
// generated --KEY VALUE flags of the field tables plus --param KEY=VALUE, values as typed, a key
// given twice refused, a key the chosen method lacks refused naming the method and its keys. The
// commands that run several methods (compare, plot contour / convergence) share one --set parser:
// the same error text from each.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

void expect_refused(const std::string& args, const std::vector<std::string>& expected) {
  const auto r = run_cli(args, /*merge_stderr=*/true);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
  for (const auto& e : expected)
    EXPECT_NE(r.out.find(e), std::string::npos) << args << "\n" << e << "\n" << r.out;
  EXPECT_EQ(r.out.find("terminate"), std::string::npos) << r.out;
}

// ---- train -------------------------------------------------------------------------------------

const std::string kTrain =
    "train --data blobs --n 60 --layers 2,8,3 --dtype double --seed 7 --json --no-progress "
    "--epochs 3 ";

std::vector<double> train_losses(const std::string& extra) {
  const auto r = run_cli(kTrain + extra);
  EXPECT_EQ(r.exit_code, 0) << extra << "\n" << r.out;
  std::vector<double> out;
  if (r.exit_code != 0) return out;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  for (const auto& e : j.at("per_epoch")) out.push_back(e.at("train_loss").get<double>());
  return out;
}

TEST(CliMethodFlags, TrainTakesEveryGeneratedFlag) {
  const auto dflt = train_losses("--method adam --lr 0.05 --batch-size 16");
  const auto beta2 = train_losses("--method adam --lr 0.05 --batch-size 16 --beta2 0.95");
  ASSERT_EQ(dflt.size(), 3u);
  ASSERT_EQ(beta2.size(), 3u);
  EXPECT_NE(beta2, dflt);  // the flag reached Adam ...
  EXPECT_EQ(beta2, train_losses("--method adam --lr 0.05 --batch-size 16 --param beta2=0.95"));
  EXPECT_EQ(dflt, train_losses("--method adam --lr 0.05 --batch-size 16 --beta2 0.999"));
  // A schedule's key and a dashed spelling: the plateau schedule cutting the rate at once.
  EXPECT_NE(train_losses("--method gd --lr 0.1 --batch-size 16 --schedule plateau "
                         "--plateau-patience 0 --threshold 10"),
            train_losses("--method gd --lr 0.1 --batch-size 16"));
  // The hand-written spellings keep working: --batch (alias of --batch-size) and --optimizer.
  EXPECT_EQ(train_losses("--optimizer adam --lr 0.05 --batch 16"), dflt);
}

TEST(CliMethodFlags, TrainRefusesKeysTheMethodLacksNamingItsKeys) {
  expect_refused(kTrain + "--method momentum --beta2 0.9",
                 {"--beta2: unknown hyperparameter 'beta2' for method momentum (known: lr, "
                  "momentum, momentum_schedule, momentum_start, momentum_period, momentum_ramp, "
                  "weight_decay"});
  expect_refused(kTrain + "--method gd --param amsgrad=true",
                 {"--param amsgrad: unknown hyperparameter 'amsgrad' for method gd (known: lr"});
  expect_refused("train --data blobs --n 60 --method perceptron --beta2 0.9",
                 {"--beta2 does not apply to --method perceptron"});
}

TEST(CliMethodFlags, TrainRefusesAKeyGivenTwice) {
  expect_refused(kTrain + "--beta2 0.9 --param beta2=0.95", {"--beta2 and --param beta2 both set"});
  expect_refused(kTrain + "--beta2 0.9 --beta2 0.95", {"--beta2"});
  expect_refused(kTrain + "--beta2 1", {"--beta2 '1': must be in [0, 1)"});
}

// ---- minimize ----------------------------------------------------------------------------------

TEST(CliMethodFlags, MinimizeRefusesKeysTheMethodLacksNamingTheFlag) {
  expect_refused("minimize --problem rosenbrock --method lbfgs --beta2 0.9",
                 {"--beta2: unknown hyperparameter 'beta2' for method lbfgs (known: m, "});
  // Decoupled decay is every first-order rule's: SGDW moves the fixed point off the minimum.
  const auto plain = run_cli("minimize --problem sphere --method momentum --max-iter 50 --json");
  const auto sgdw = run_cli(
      "minimize --problem sphere --method momentum --max-iter 50 --json --weight-decay 0.5");
  ASSERT_EQ(plain.exit_code == 2 || sgdw.exit_code == 2, false) << plain.out << sgdw.out;
  EXPECT_NE(nlohmann::json::parse(plain.out)["x"], nlohmann::json::parse(sgdw.out)["x"]);
  EXPECT_EQ(nlohmann::json::parse(sgdw.out)["method"], "momentum");
}

// ---- fit ---------------------------------------------------------------------------------------

std::string decay_csv() {
  std::string text = "t,y\n";
  for (int i = 0; i < 8; ++i) {
    const double t = 0.5 * i;
    char line[96];
    std::snprintf(line, sizeof line, "%.17g,%.17g\n", t, 3 * std::exp(-0.5 * t) + 0.01 * (i % 3));
    text += line;
  }
  const std::string path = temp_path("method_flags_decay.csv");
  std::ofstream(path) << text;
  return path;
}

TEST(CliMethodFlags, FitTakesTheGeneratedFlags) {
  const std::string base =
      "fit --data " + decay_csv() + " --model \"a*exp(-b*t)\" --start a=1,b=1 --method lm --json ";
  const auto dflt = run_cli(base);
  const auto loose = run_cli(base + "--reduction-tol 0.01");
  const auto param = run_cli(base + "--param reduction_tol=0.01");
  ASSERT_EQ(dflt.exit_code, 0) << dflt.out;
  ASSERT_EQ(loose.exit_code, 0) << loose.out;
  ASSERT_EQ(param.exit_code, 0) << param.out;
  const auto d = nlohmann::json::parse(dflt.out), l = nlohmann::json::parse(loose.out);
  EXPECT_LT(l["iterations"].get<int>(), d["iterations"].get<int>());  // a looser test stops first
  EXPECT_EQ(l["params"], nlohmann::json::parse(param.out)["params"]);
  expect_refused(base + "--beta2 0.9",
                 {"--beta2: unknown hyperparameter 'beta2' for method lm (known: "});
  expect_refused(base + "--reduction-tol 0.1 --param reduction_tol=0.2",
                 {"--reduction-tol and --param reduction_tol both set"});
  expect_refused(base + "--reduction-tol -1", {"--reduction-tol '-1'"});
}

// ---- --set of compare and plot -----------------------------------------------------------------

std::string error_line(const std::string& args) {
  const auto r = run_cli(args, /*merge_stderr=*/true);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
  const auto at = r.out.find("optim: error: ");
  if (at == std::string::npos) return "no error line in: " + r.out;
  return r.out.substr(at, r.out.find('\n', at) - at);
}

TEST(CliMethodFlags, SetIsParsedOnceForCompareAndPlot) {
  const std::string compare = "compare --problems booth --methods gd,adam ";
  const std::string contour =
      "plot contour --problem booth --methods gd,adam --out " + temp_path("sets.png") + " ";
  const std::string convergence =
      "plot convergence --problem booth --methods gd,adam --out " + temp_path("sets.png") + " ";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--set gd.lr", "--set 'gd.lr': expected METHOD.KEY=VALUE (e.g. gd.lr=0.001)"},
      {"--set lbfgs.m=3", "--set 'lbfgs.m=3': method 'lbfgs' is not in --methods (gd,adam)"},
      {"--set gd.beta2=0.9",
       "--set gd.beta2: unknown hyperparameter 'beta2' for method gd (known: lr, weight_decay"},
      {"--set adam.lr=0.1 --set adam.lr=0.2",
       "--set adam.lr is given twice ('0.1' and '0.2'): give it once"},
      {"--set gd.lr=-1", "--set gd.lr '-1': must be > 0 and finite"},
      {"--set adam.beta2=abc", "--set adam.beta2 'abc'"},
  };
  for (const auto& [flags, expected] : cases) {
    const std::string from_compare = error_line(compare + flags);
    EXPECT_NE(from_compare.find(expected), std::string::npos) << flags << "\n" << from_compare;
    EXPECT_EQ(error_line(contour + flags), from_compare) << flags;
    EXPECT_EQ(error_line(convergence + flags), from_compare) << flags;
  }
}

TEST(CliMethodFlags, SetReachesTheMethod) {
  const std::string base = "compare --problems booth --methods adam --max-iter 200 --json ";
  const auto dflt = run_cli(base);
  const auto set = run_cli(base + "--set adam.beta2=0.9 --set adam.weight_decay=0.1");
  ASSERT_EQ(dflt.exit_code, 0) << dflt.out;
  ASSERT_EQ(set.exit_code, 0) << set.out;
  EXPECT_NE(nlohmann::json::parse(dflt.out)["runs"][0]["f"],
            nlohmann::json::parse(set.out)["runs"][0]["f"]);
}

}  // namespace
}  // namespace optim::testing
