// `optim fit` end to end: NIST .dat and CSV input, text and JSON output, and every kind of bad
// input giving a one-line error (plus a caret line for formula errors) with exit code 2.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace optim {
namespace {

using optim::testing::run_cli;
using optim::testing::source_path;

std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = optim::testing::temp_path("fit_" + name);
  std::ofstream(path) << text;
  return path;
}

// y = 3 exp(-0.5 t) exactly, with an unused column w.
std::string decay_csv() {
  std::string text = "t,w,y\n";
  for (int i = 0; i < 8; ++i) {
    const double t = 0.5 * i;
    char line[128];
    std::snprintf(line, sizeof line, "%.17g,%d,%.17g\n", t, 10 - i, 3 * std::exp(-0.5 * t));
    text += line;
  }
  return write_file("decay.csv", text);
}

const std::string kMethod = "lm";

double lre(double est, double cert) {
  return -std::log10(std::abs(est - cert) / std::abs(cert));
}

TEST(CliFit, NistFileTextReport) {
  const auto r = run_cli("fit --data " + source_path("problems/data/nist/Misra1a.dat") +
                         " --model \"b1*(1-exp(-b2*x))\" --start b1=500,b2=1e-4");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const char* s :
       {"parameter", "std. error", "residual sum of squares", "residual standard deviation",
        "degrees of freedom           12", "iterations", "converged"}) {
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
  }
  // Certified b1 = 2.3894212918E+02 (Misra1a.dat); the report prints 13 significant digits.
  EXPECT_NE(r.out.find("2.389421291"), std::string::npos) << r.out;
}

TEST(CliFit, NistFileJsonWithStandardStartAndGaussNewton) {
  // No --start: the file's start 1. Certified values from Misra1a.dat.
  const auto r = run_cli("fit --data " + source_path("problems/data/nist/Misra1a.dat") +
                         " --model \"b1*(1-exp[-b2*x])\" --method gauss-newton --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key :
       {"status", "params", "std_errors", "rss", "iterations", "f_evals", "time_s"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_GE(lre(j["params"]["b1"].get<double>(), 2.3894212918E+02), 6);
  EXPECT_GE(lre(j["params"]["b2"].get<double>(), 5.5015643181E-04), 6);
  EXPECT_GE(lre(j["std_errors"]["b1"].get<double>(), 2.7070075241E+00), 6);
  EXPECT_GE(lre(j["std_errors"]["b2"].get<double>(), 7.2668688436E-06), 6);
  EXPECT_GE(lre(j["rss"].get<double>(), 1.2455138894E-01), 6);
  EXPECT_EQ(j["dof"].get<int>(), 12);
}

TEST(CliFit, CsvWithChosenColumns) {
  const std::string csv = decay_csv();
  const auto r = run_cli("fit --data " + csv +
                         " --x t --y y --model \"a*exp(-k*t)\" --start a=1,k=1 --method " +
                         kMethod + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  // Exact data: the fit recovers a = 3, k = 0.5 to near machine precision (LM's own tolerances
  // are 1e-15 relative; 1e-10 leaves room for the conditioning of this 2-parameter fit).
  EXPECT_NEAR(j["params"]["a"].get<double>(), 3.0, 1e-10);
  EXPECT_NEAR(j["params"]["k"].get<double>(), 0.5, 1e-10);
  EXPECT_LT(j["rss"].get<double>(), 1e-20);
}

TEST(CliFit, CsvResponseExpression) {
  // log(y) = log(a) - k t is linear; fitting c - k*t to log(y) gives c = log 3, k = 0.5.
  const auto r = run_cli("fit --data " + decay_csv() +
                         " --x t --y \"log(y)\" --model \"c - k*t\" --start c=0,k=0 --method " +
                         kMethod + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["params"]["c"].get<double>(), std::log(3.0), 1e-10);
  EXPECT_NEAR(j["params"]["k"].get<double>(), 0.5, 1e-10);
}

// Bad input: exit code 2 and an error whose first line names the problem.
void expect_bad_input(const std::string& args, const std::string& words, bool caret = false) {
  const std::string method =
      args.find("--method") == std::string::npos ? " --method " + kMethod : "";
  const auto r = run_cli("fit " + args + method, /*merge_stderr=*/true);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
  const auto nl = r.out.find('\n');
  const std::string first = r.out.substr(0, nl);
  EXPECT_EQ(first.rfind("optim: error: ", 0), 0u) << r.out;
  EXPECT_NE(first.find(words), std::string::npos) << "want '" << words << "' in:\n" << r.out;
  if (caret) {
    // The second line holds only the caret, under the offending character of the first line.
    const std::string second = r.out.substr(nl + 1, r.out.find('\n', nl + 1) - nl - 1);
    EXPECT_EQ(second.find_first_not_of(' '), second.find('^')) << r.out;
    EXPECT_EQ(second.find('^') + 1, second.size()) << r.out;
  } else {
    EXPECT_LE(r.out.size(), nl + 1) << "more than one line:\n" << r.out;
  }
}

TEST(CliFit, BadInputIsOneLineWithExitCode2) {
  const std::string csv = decay_csv();
  expect_bad_input(
      "--data " + write_file("ragged.csv", "x,y\n1,2\n3\n") + " --model \"a*x\" --start a=1",
      "ragged.csv:3: row has 1 fields, the header has 2");
  expect_bad_input(
      "--data " + write_file("text.csv", "x,y\n1,2\n3,four\n") + " --model \"a*x\" --start a=1",
      "text.csv:3: column 'y': 'four' is not a finite number");
  expect_bad_input("--data " + csv + " --x z --model \"a*z\" --start a=1", "unknown column 'z'");
  expect_bad_input("--data " + csv + " --y q --model \"a*t\" --start a=1", "unknown column 'q'",
                   true);
  expect_bad_input("--data " + csv + " --x t --model \"a*exp(-k*t)\" --start a=1",
                   "no start value and no data column for 'k'", true);
  expect_bad_input("--data " + csv + " --x t --model \"a*exp(-k*t\" --start a=1,k=1",
                   "expected ')'", true);
  expect_bad_input("--data " + csv + " --x t --model \"a*t\" --start a=1,b9=2",
                   "parameter 'b9' does not appear in the model");
  expect_bad_input("--data " + csv + " --x t --model \"a*t\" --start a=x",
                   "--start a: 'x' is not a finite number");
  expect_bad_input("--data " + csv + " --x t --model \"a*t\" --start a",
                   "--start entry 'a' is not name=value");
  expect_bad_input("--data " + csv + " --x t --model \"a*log(k*t-1)\" --start a=1,k=1",
                   "not finite at the start values");
  expect_bad_input("--data " + write_file("two.csv", "x,y\n1,2\n2,3\n") +
                       " --model \"a+b*x+c*x^2\" --start a=1,b=1,c=1",
                   "fewer observations (2) than parameters (3)");
  expect_bad_input("--data /nonexistent/file.csv --model \"a*x\" --start a=1", "cannot open");
  expect_bad_input("--data " + csv + " --x t --model \"a*t\"", "--start is required");
  expect_bad_input("--data " + csv + " --x t --model \"a*t\" --start a=1 --method nosuch",
                   "unknown method 'nosuch'");
}

}  // namespace
}  // namespace optim
