// Bad inputs at the CLI level that no other CLI test covers (catalogue: docs/reliability.md).
// Usage errors exit 2 with a one-line message; numerical trouble at run time exits 3 with the
// status named; nothing may crash (no "terminate", no "bad_alloc").
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

TEST(CliBadInputs, AHugeDimensionIsAUsageErrorNotBadAlloc) {
  const auto r = run_cli("minimize --problem rosenbrock --dim 10000000000 --method gd", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("exceeds the maximum"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("bad_alloc"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("terminate"), std::string::npos) << r.out;
}

TEST(CliBadInputs, DivisionByZeroAtTheStartIsANonFiniteStatus) {
  // f = 1/x at x0 = 0 is +inf: the driver stops before the first step with status non_finite.
  const auto r = run_cli("minimize --expr \"1/x\" --x0 0 --method gd --json", true);
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("non_finite"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("start point"), std::string::npos) << r.out;
}

TEST(CliBadInputs, NaNInX0IsAUsageError) {
  const auto r = run_cli("minimize --problem rosenbrock --x0 nan,1 --method gd", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("x0 contains NaN or Inf"), std::string::npos) << r.out;
}

TEST(CliBadInputs, LbfgsMemoryZeroIsAUsageError) {
  const auto r = run_cli("minimize --problem rosenbrock --method lbfgs --param m=0", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--param m '0': must be >= 1"), std::string::npos) << r.out;
}

// A rejected run writes nothing: the trace and model files are opened only once the inputs have
// been accepted, so a usage error never leaves an empty or partial file behind.
TEST(CliBadInputs, ARejectedRunLeavesNoOutputFiles) {
  const std::filesystem::path dir = optim::testing::temp_path("bad_outputs");
  std::filesystem::create_directories(dir);
  const std::string trace = (dir / "t.csv").string(), model = (dir / "m.bin").string();
  const auto m =
      run_cli("minimize --problem rosenbrock --method adam --lr -1 --trace " + trace, true);
  EXPECT_EQ(m.exit_code, 2) << m.out;
  const auto t = run_cli(
      "train --data xor --layers 2,0,1 --epochs 2 --trace " + trace + " --save " + model, true);
  EXPECT_EQ(t.exit_code, 2) << t.out;
  EXPECT_NE(t.out.find("'0' is not a positive integer"), std::string::npos) << t.out;
  EXPECT_FALSE(std::filesystem::exists(trace));
  EXPECT_FALSE(std::filesystem::exists(model));
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << "no temporary files either";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace optim::testing
