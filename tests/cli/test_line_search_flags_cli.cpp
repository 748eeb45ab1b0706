// Every setting of a method's line search is a --KEY flag generated from its field table, and
// its range errors name the flag the user typed.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace optim {
namespace {

using optim::testing::run_cli;

TEST(CliLineSearchFlags, MoreThuenteSettingsAreFlags) {
  const auto ok = run_cli(
      "minimize --problem rosenbrock --method lbfgs --mt-max-evals 30 --mt-xtol 1e-10 --c2 0.5",
      true);
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  const auto bad = run_cli("minimize --problem rosenbrock --method lbfgs --mt-max-evals 0", true);
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.out.find("--mt-max-evals '0': must be >= 1"), std::string::npos) << bad.out;
}

TEST(CliLineSearchFlags, AnUnknownSearchListsTheKnownOnes) {
  const auto r = run_cli("minimize --problem rosenbrock --method bfgs --line-search golden", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("more_thuente | armijo | exact"), std::string::npos) << r.out;
}

TEST(CliLineSearchFlags, ListShowsDefaultsThatReadBack) {
  const auto r = run_cli("list lbfgs", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("--mt_max_evals"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("lr/100"), std::string::npos) << r.out;
  const auto s = run_cli("list schedules", true);
  EXPECT_EQ(s.out.find("lr/100"), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("(step), "), std::string::npos) << s.out;
}

}  // namespace
}  // namespace optim
