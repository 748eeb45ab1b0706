// The matrix-free and trust-region second-order methods on the command line: reachable by name,
// listed, their settings as flags, and bad values refused naming the flag.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

TEST(CliSecondOrder, NewtonCgBothGlobalizations) {
  for (const char* extra : {"", " --param globalization=line_search"}) {
    SCOPED_TRACE(extra);
    auto r = run_cli(std::string("minimize --problem rosenbrock --dim 10 --method newton-cg "
                                 "--gtol 1e-8 --json") +
                     extra);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["status"], "converged_gradient");
    for (const auto& xi : j["x"]) EXPECT_NEAR(xi.get<double>(), 1.0, 1e-6);
    EXPECT_GT(j["h_evals"].get<int>(), 0);                // Hessian-vector products, counted as h
    EXPECT_FALSE(j.contains("hessian_source")) << r.out;  // the problem's own product
  }
}

// MGH Wood has residuals and J only: the products are differences of the exact gradient.
TEST(CliSecondOrder, NewtonCgOnAProblemWithoutSecondDerivatives) {
  auto r = run_cli("minimize --problem mgh_wood --method newton-cg --gtol 1e-8 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["hessian_source"], "gradient_differences");
  EXPECT_LE(j["f"].get<double>(), 1e-12);
}

TEST(CliSecondOrder, NewtonCgIsListedAndRefusesBadSettings) {
  auto list = run_cli("list");
  EXPECT_NE(list.out.find("newton-cg"), std::string::npos) << list.out;
  auto r = run_cli("minimize --problem rosenbrock --method newton-cg --param globalization=dogleg",
                   true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("globalization"), std::string::npos) << r.out;
  r = run_cli("minimize --problem rosenbrock --method newton-cg --param eta=0.5", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("eta"), std::string::npos) << r.out;
}

// The other new methods by name, each to its minimum: trust-region (both subproblems) and sr1 and
// dfp on MGH Wood (products and Hessians by differences where needed), linear-cg on the
// registry's quadratic (minimum at (1, ..., 1)).
TEST(CliSecondOrder, TrustRegionSr1DfpAndLinearCgByName) {
  for (const char* run : {"--problem mgh_wood --method trust-region",
                          "--problem mgh_wood --method trust-region --param subproblem=dogleg",
                          "--problem mgh_wood --method sr1", "--problem mgh_wood --method dfp",
                          "--problem quadratic --dim 10 --method linear-cg"}) {
    SCOPED_TRACE(run);
    auto r = run_cli(std::string("minimize ") + run + " --gtol 1e-8 --json");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["status"], "converged_gradient");
    for (const auto& xi : j["x"]) EXPECT_NEAR(xi.get<double>(), 1.0, 1e-6);
  }
  auto r = run_cli("minimize --problem mgh_wood --method trust-region --param subproblem=cg", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("subproblem"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace optim::testing
