// Sizes the machine cannot give are refused before anything is allocated or started, naming the
// flag and the limit (never std::bad_alloc or "Resource temporarily unavailable"); range errors
// print their bound in the shortest form ("must be >= 1", not DBL_MAX's 309 digits); messages
// name the user's flag.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

void expect_refused(const std::string& args, const std::vector<std::string>& expected) {
  const auto r = run_cli(args, /*merge_stderr=*/true);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
  for (const auto& e : expected)
    EXPECT_NE(r.out.find(e), std::string::npos) << args << "\n" << r.out;
  for (const char* raw : {"bad_alloc", "terminate", "Resource temporarily", "1797693"})
    EXPECT_EQ(r.out.find(raw), std::string::npos) << args << "\n" << r.out;
}

TEST(CliSizes, MemoryThatCannotBeAllocatedIsRefusedNamingTheFlag) {
  // The ring holds min(m, max_iter) pairs, so a huge m needs a budget as large to be refused.
  expect_refused(
      "minimize --problem rosenbrock --method lbfgs --m 100000000000 --max-iter 100000000000",
      {"--m 100000000000", "physical memory"});
  expect_refused(
      "minimize --problem rosenbrock --method lbfgs --param m=1000000000000 --max-iter "
      "1000000000000",
      {"--param m=1000000000000", "physical memory"});
  expect_refused("minimize --problem sphere --dim 100000000000 --method gd",
                 {"--dim 100000000000"});
  expect_refused("minimize --problem sphere --dim 2000000 --method bfgs",
                 {"--dim 2000000 with --method bfgs", "n x n"});
  expect_refused("compare --methods gd,newton --problems sphere --dim 3000000",
                 {"--dim 3000000 with --method newton"});
  expect_refused("train --data mnist --layers 784,16000000,10 --epochs 1",
                 {"--layers 784,16000000,10", "physical memory"});
  expect_refused("train --data blobs --n 100000000000 --epochs 1", {"--n 100000000000"});
  expect_refused("predict --model m.bin --data blobs --n 100000000000", {"--n 100000000000"});
  expect_refused("study minibatch --samples 100000000000 --dim 5", {"--samples 100000000000"});
  expect_refused("study minibatch --steps 1000000000000000", {"--steps 1000000000000000"});
  expect_refused("study step-size --steps 1000000000000000", {"--steps 1000000000000000"});
}

TEST(CliSizes, AHugeMemoryWithASmallBudgetRunsWithARingOfTheBudget) {
  const auto r = run_cli("minimize --problem rosenbrock --method lbfgs --m 100000000000", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("converged_gradient"), std::string::npos) << r.out;
}

TEST(CliSizes, ThreadCountIsCappedWithAMessage) {
  expect_refused("minimize --problem sphere --method gd --threads 100000",
                 {"--threads", "100000 is out of range: must be <= "});
  expect_refused("train --data xor --epochs 1 --threads 100000", {"--threads"});
}

TEST(CliSizes, RangeErrorsPrintTheirBoundShortly) {
  expect_refused("minimize --problem sphere --method gd --threads 0", {"must be >= 1"});
  expect_refused("train --data xor --epochs 0", {"--epochs", "must be >= 1"});
  expect_refused("train --data xor --n 0", {"--n", "must be >= 1"});
  expect_refused("train --data xor --checkpoint-every -1", {"--checkpoint-every", "must be >= 0"});
  expect_refused("minimize --problem sphere --dim -3", {"--dim", "must be >= 0"});
}

TEST(CliSizes, StepSizeStudyNamesItsFlag) {
  expect_refused("study step-size --a 1e308", {"--a 1e+308", "must be >= ", "<= "});
  expect_refused("study step-size --a 0", {"--a 0: ", "a > 0"});
  expect_refused("study step-size --a 1e-320", {"--a 1e-320"});
  const auto r = run_cli("study step-size --a 1e308", true);
  EXPECT_EQ(r.out.find("hyperparameter 'lr'"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace optim::testing
