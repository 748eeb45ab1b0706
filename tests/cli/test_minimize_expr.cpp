// `optim minimize --expr`: a typed formula runs like a named problem (same flags, same output, same
// JSON fields), with --vars fixing the variable order.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace optim {
namespace {

using optim::testing::run_cli;

const std::string kRosenbrock = "\"(1-x)^2 + 100*(y-x^2)^2\"";

TEST(CliMinimizeExpr, JsonHasTheNamedProblemFields) {
  const auto r = run_cli("minimize --expr " + kRosenbrock + " --x0 -1.2,1 --method newton --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key :
       {"status", "message", "x", "f", "grad_norm", "iterations", "f_evals", "g_evals", "time_s"}) {
    EXPECT_TRUE(j.contains(key)) << key << "\n" << r.out;
  }
  // Converged on the default gradient test (1e-5): the Rosenbrock minimiser (1, 1) to ~1e-5.
  EXPECT_NEAR(j["x"][0].get<double>(), 1.0, 1e-4);
  EXPECT_NEAR(j["x"][1].get<double>(), 1.0, 1e-4);
  EXPECT_LT(j["f"].get<double>(), 1e-8);
}

TEST(CliMinimizeExpr, SameResultAsTheNamedRosenbrock) {
  // The formula and the built-in problem give the same run (same method, start and tolerances),
  // up to rounding differences in f and g.
  const auto a = run_cli("minimize --expr " + kRosenbrock +
                         " --x0 -1.2,1 --method gd --param lr=0.001 --max-iter 50 --json");
  const auto b = run_cli(
      "minimize --problem rosenbrock --x0 -1.2,1 --method gd --param lr=0.001 --max-iter 50 "
      "--json");
  ASSERT_EQ(a.exit_code, b.exit_code) << a.out << b.out;
  const auto ja = nlohmann::json::parse(a.out), jb = nlohmann::json::parse(b.out);
  EXPECT_EQ(ja["iterations"], jb["iterations"]);
  EXPECT_NEAR(ja["f"].get<double>(), jb["f"].get<double>(), 1e-12 * (1 + jb["f"].get<double>()));
}

TEST(CliMinimizeExpr, VarsFixTheOrder) {
  // With --vars y,x the start 1,-1.2 means y = 1, x = -1.2, and x in the output is (y, x).
  const auto r =
      run_cli("minimize --expr " + kRosenbrock + " --vars y,x --x0 1,-1.2 --method newton --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["x"][0].get<double>(), 1.0, 1e-4);
  EXPECT_NEAR(j["x"][1].get<double>(), 1.0, 1e-4);
  // A variable outside --vars is an error with a caret.
  const auto bad = run_cli("minimize --expr \"x + z\" --vars x,y --x0 1,2", true);
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.out.find("unknown variable 'z'"), std::string::npos) << bad.out;
}

TEST(CliMinimizeExpr, TextReportAndErrors) {
  const auto r =
      run_cli("minimize --expr \"(x-3)^2 + (y+1)^2\" --x0 0,0 --method gd --param lr=0.25");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("(x-3)^2 + (y+1)^2"), std::string::npos) << r.out;

  const auto parse_error = run_cli("minimize --expr \"(1-x\" --x0 0", true);
  EXPECT_EQ(parse_error.exit_code, 2);
  // First line names the problem; the caret on the second line sits under the end of "(1-x".
  const auto nl = parse_error.out.find('\n');
  const std::string line1 = parse_error.out.substr(0, nl);
  const std::string line2 =
      parse_error.out.substr(nl + 1, parse_error.out.find('\n', nl + 1) - nl - 1);
  EXPECT_NE(line1.find("expected ')'"), std::string::npos) << parse_error.out;
  EXPECT_EQ(line2.find('^'), line1.rfind("(1-x") + 4) << parse_error.out;

  const auto no_x0 = run_cli("minimize --expr \"x^2 + y^2\"", true);
  EXPECT_EQ(no_x0.exit_code, 2);
  EXPECT_NE(no_x0.out.find("needs --x0 with one value per variable (x,y)"), std::string::npos)
      << no_x0.out;

  const auto wrong_len = run_cli("minimize --expr \"x^2 + y^2\" --x0 1", true);
  EXPECT_EQ(wrong_len.exit_code, 2) << wrong_len.out;

  const auto both = run_cli("minimize --expr \"x^2\" --problem rosenbrock --x0 1", true);
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.out.find("either --problem or --expr"), std::string::npos) << both.out;

  // Not finite at the start: a status (non_finite, exit 3), never a crash.
  const auto nan_start = run_cli("minimize --expr \"log(x)\" --x0 -1 --method gd", true);
  EXPECT_EQ(nan_start.exit_code, 3) << nan_start.out;
}

}  // namespace
}  // namespace optim
