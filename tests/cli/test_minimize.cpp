// `optim minimize` and `optim list` end to end: output fields, exit codes, bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

TEST(CliMinimize, JsonHasTheDocumentedFieldsAndConverges) {
  auto r = run_cli("minimize --problem sphere --dim 4 --method gd --lr 0.1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key :
       {"status", "message", "x", "f", "grad_norm", "iterations", "f_evals", "g_evals", "time_s"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["status"], "converged_gradient");
  EXPECT_EQ(j["x"].size(), 4u);
  EXPECT_LE(j["grad_norm"].get<double>(), 1e-5);
  EXPECT_GT(j["iterations"].get<int>(), 1);
}

TEST(CliMinimize, ReadableSummaryAndBudgetExitCode) {
  auto r = run_cli("minimize --problem rosenbrock --method gd --lr 1e-4 --max-iter 10");
  EXPECT_EQ(r.exit_code, 1) << r.out;  // budget exhausted
  EXPECT_NE(r.out.find("max_iterations"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("iterations  10"), std::string::npos) << r.out;
}

TEST(CliMinimize, FloatPrecisionRuns) {
  auto r = run_cli("minimize --problem sphere --method gd --lr 0.25 --float --gtol 1e-4 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["status"], "converged_gradient");
}

struct BadInput {
  const char* args;
  const char* expected;  // a fragment of the one-line error
};

class CliBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadInput, OneLineErrorAndExitCode2) {
  auto r = run_cli(GetParam().args, /*merge_stderr=*/true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find(GetParam().expected), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("terminate"), std::string::npos) << r.out;  // no crash
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CliBadInput,
    ::testing::Values(
        BadInput{"minimize --problem nosuch --method gd", "unknown problem 'nosuch'"},
        BadInput{"minimize --problem sphere --method nosuch", "unknown method 'nosuch'"},
        BadInput{"minimize --problem sphere --x0 1,2,3 --method gd", "--x0 has 3 values"},
        BadInput{"minimize --problem sphere --x0 1,abc --method gd", "'abc' is not a number"},
        BadInput{"minimize --problem sphere --method gd --lr -1", "invalid lr = -1"},
        BadInput{"minimize --problem sphere --method gd --lr abc", "'lr' = 'abc' is not a number"},
        BadInput{"minimize --problem sphere --method gd --param foo=1",
                 "unknown hyperparameter 'foo'"},
        BadInput{"minimize --problem sphere --method gd --gtol -1", "invalid gtol = -1"},
        BadInput{"minimize --problem beale --dim 3 --method gd", "fixed dimension 2"},
        BadInput{"minimize --problem sphere --method gd --max-iter 0", "invalid max_iter = 0"},
        BadInput{"minimize --nosuchflag", "nosuchflag"}));

TEST(CliList, ListsMethodsWithDefaultsAndProblemsWithFacts) {
  auto r = run_cli("list");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("gd"), std::string::npos);
  EXPECT_NE(r.out.find("--lr"), std::string::npos);
  EXPECT_NE(r.out.find("rosenbrock"), std::string::npos);
  EXPECT_NE(r.out.find("minimum f*"), std::string::npos);
}

TEST(CliHelp, EverySubcommandHasHelp) {
  for (const char* sub : {"minimize", "list", "demo"}) {
    auto r = run_cli(std::string(sub) + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("--help"), std::string::npos) << sub;
  }
}

}  // namespace
}  // namespace optim::testing
