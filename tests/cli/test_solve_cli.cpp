// `optim solve`: a typed system solved by newton (newton-system) or broyden; JSON fields, the
// text report, and bad input named by its flag (exit 2) before any work.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace optim {
namespace {

using optim::testing::run_cli;

const std::string kCircle = "--expr \"x^2 + y^2 = 4; x - y\"";

TEST(CliSolve, JsonFieldsAndTheRoot) {
  for (const char* method : {"newton", "broyden", "newton-system"}) {
    SCOPED_TRACE(method);
    const auto r = run_cli("solve " + kCircle + " --x0 1,2 --json --method " + method);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"x", "residual_norm", "status", "message", "method", "iterations",
                            "evaluations", "jacobian_evals", "residuals", "variables"}) {
      EXPECT_TRUE(j.contains(key)) << key << "\n" << r.out;
    }
    EXPECT_EQ(j["status"], "converged_residual");
    // The root (sqrt 2, sqrt 2) to the default residual_tol 1e-10 (J is well conditioned there).
    EXPECT_NEAR(j["x"][0].get<double>(), std::sqrt(2.0), 1e-9);
    EXPECT_NEAR(j["x"][1].get<double>(), std::sqrt(2.0), 1e-9);
    EXPECT_LE(j["residual_norm"].get<double>(), 1e-10);
  }
}

TEST(CliSolve, TextReportAndVars) {
  const auto r = run_cli("solve " + kCircle + " --vars y,x --x0 2,1 --method broyden");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const char* line :
       {"system      2 equations in 2 unknowns (y, x)", "method      broyden",
        "status      converged_residual", "|r|", "x           y = ", "evaluations residuals"}) {
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
  }
}

TEST(CliSolve, SingularJacobianIsAStatusNotACrash) {
  const auto r = run_cli("solve --expr \"x + y; 2*x + 2*y - 1\" --x0 0,0 --json");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "numerical_error");
  EXPECT_NE(j["message"].get<std::string>().find("singular"), std::string::npos) << r.out;
}

TEST(CliSolve, AStationaryPointThatIsNoRootIsNotAConvergence) {
  // At (0, 0), r = (1, 0) and J = [0 0; 0 1], so J'r = 0 exactly: the driver's gradient test
  // fires at the start, but ||r|| = 1 is no root.
  const auto r = run_cli("solve --expr \"x^2 + 1; y\" --x0 0,0 --json");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["status"], "numerical_error");
  EXPECT_EQ(j["residual_norm"].get<double>(), 1.0);
  EXPECT_NE(j["message"].get<std::string>().find("no root"), std::string::npos) << r.out;
}

TEST(CliSolve, BadInputIsNamed) {
  struct Case {
    std::string args, expected;
  };
  const std::vector<Case> cases = {
      {"--expr \"x - 1; y - 2; x + y\" --x0 0,0", "3 equations in 2 unknowns (x, y)"},
      {kCircle, "--x0 is required"},
      {kCircle + " --x0 1", "--x0 has 1 values but the system has 2 unknowns"},
      {kCircle + " --x0 1,nan", "--x0: value 2 (y) is not finite"},
      {kCircle + " --x0 1,a", "--x0: 'a' is not a number"},
      {kCircle + " --x0 1,2 --method lbfgs", "--method 'lbfgs': optim solve takes a root finder"},
      {kCircle + " --x0 1,2 --lr 0.1", "--lr"},
      {kCircle + " --x0 1,2 --residual-tol -1", "--residual-tol '-1': must be >= 0"},
      {"--x0 1,2", "give the system as --expr"},
      {"--expr \"x - 1; y + * 2\" --x0 1,2", "^"},
      {kCircle + " --vars x,x --x0 1,2", "--vars: variable 'x' is named twice"},
  };
  for (const auto& c : cases) {
    const auto r = run_cli("solve " + c.args, true);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.out;
    EXPECT_NE(r.out.find(c.expected), std::string::npos) << c.args << "\n" << r.out;
  }
}

}  // namespace
}  // namespace optim
