// `optim fit --bounds NAME=LO:HI,...` and `optim minimize --expr ... --bounds NAME=LO:HI,...`:
// boxes by parameter / variable name (one parser for both commands, cli/named_bounds.hpp). A fit
// with an active bound gives that parameter no standard error (text: "at upper bound"; JSON:
// null, with active_bounds and the projected-gradient norm); the free parameters' standard
// errors are those of the free columns of J. Every malformed box is exit 2 naming --bounds and
// the item.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "problems/nist/nist_model.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

using optim::testing::run_cli;
using optim::testing::source_path;

const std::string kMisra = "fit --data " + source_path("problems/data/nist/Misra1a.dat") +
                           " --model \"b1*(1-exp(-b2*x))\"";

void expect_refused(const std::string& args, const std::vector<std::string>& expected) {
  const auto r = run_cli(args, /*merge_stderr=*/true);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
  for (const auto& e : expected) EXPECT_NE(r.out.find(e), std::string::npos) << e << "\n" << r.out;
}

// Misra1a with b2 <= 5e-4 (certified b2 = 5.5015643181e-4): b2 = 5e-4 and b1 = u'y / u'u with
// u = 1 - exp(-5e-4 x) (scipy's least_squares trf agrees, tests/optim/test_lm_bounds.cpp); the
// standard error of b1 from the free column u alone is sqrt(s^2 / u'u), s^2 = RSS / (14 - 2).
TEST(CliFitBounds, AnActiveBoundHasNoStandardErrorAndTheJsonSaysSo) {
  const auto r = run_cli(kMisra + " --start b1=500,b2=1e-4 --bounds b2=:5e-4 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  const auto& d = problems::nist_dataset("Misra1a");
  const Vec<double> u = (1 - (-5e-4 * d.x.col(0).array()).exp()).matrix();
  const double b1 = u.dot(d.y) / u.squaredNorm();
  const double rss = (b1 * u - d.y).squaredNorm();
  EXPECT_NEAR(j["params"]["b1"].get<double>(), b1, 1e-8 * b1);
  EXPECT_EQ(j["params"]["b2"].get<double>(), 5e-4);
  EXPECT_TRUE(j["std_errors"]["b2"].is_null()) << j.dump();
  EXPECT_NEAR(j["std_errors"]["b1"].get<double>(), std::sqrt(rss / 12 / u.squaredNorm()),
              1e-6 * std::sqrt(rss / 12 / u.squaredNorm()));
  EXPECT_EQ(j["active_bounds"], nlohmann::json({{"b2", "upper"}}));
  EXPECT_LT(j["projected_grad_norm"].get<double>(), 1e-6);
  EXPECT_FALSE(j["start_projected"].get<bool>());
  EXPECT_TRUE(j["bounds"]["b2"][0].is_null());
  EXPECT_EQ(j["bounds"]["b2"][1].get<double>(), 5e-4);
  EXPECT_EQ(j["identifiability"]["parameters"].get<int>(), 1);
  EXPECT_EQ(j["identifiability"]["rank"].get<int>(), 1);
  EXPECT_NEAR(j["rss"].get<double>(), rss, 1e-10);
}

TEST(CliFitBounds, TheTextReportMarksTheBoundAndTheProjectedStart) {
  const auto r = run_cli(kMisra + " --start b1=500,b2=1e-3 --bounds \"b1=0:inf, b2=0:5e-4\"");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const char* s :
       {"bounds      b1 in [0, inf], b2 in [0, 0.0005]; the start was outside", "at upper bound",
        "projected gradient norm", "1 bound active (0 at lower, 1 at upper)", "2.594826512"}) {
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
  }
}

TEST(CliFitBounds, AFixedParameterAndAnInactiveBox) {
  const auto fixed = run_cli(kMisra + " --start b1=500,b2=1e-4 --bounds b2=5e-4:5e-4 --json");
  ASSERT_EQ(fixed.exit_code, 0) << fixed.out;
  const auto jf = nlohmann::json::parse(fixed.out);
  EXPECT_EQ(jf["active_bounds"], nlohmann::json({{"b2", "fixed"}}));
  EXPECT_NEAR(jf["params"]["b1"].get<double>(), 259.482651277158, 1e-7);
  // A box that never binds: the unbounded fit's numbers exactly, and every standard error.
  const auto free = nlohmann::json::parse(run_cli(kMisra + " --start b1=500,b2=1e-4 --json").out);
  const auto boxed = nlohmann::json::parse(
      run_cli(kMisra + " --start b1=500,b2=1e-4 --bounds b1=0:1e4,b2=0:1 --json").out);
  EXPECT_EQ(boxed["params"], free["params"]);
  EXPECT_EQ(boxed["std_errors"], free["std_errors"]);
  EXPECT_EQ(boxed["f_evals"], free["f_evals"]);
  EXPECT_EQ(boxed["active_bounds"], nlohmann::json::object());
  // No finite bound: no box at all (the unbounded report).
  const auto open = nlohmann::json::parse(
      run_cli(kMisra + " --start b1=500,b2=1e-4 --bounds b1=-inf:inf --json").out);
  EXPECT_FALSE(open.contains("active_bounds"));
  EXPECT_EQ(open["params"], free["params"]);
}

TEST(CliFitBounds, MalformedBoxesAreExit2NamingTheFlagAndTheItem) {
  const std::string start = kMisra + " --start b1=500,b2=1e-4 --bounds ";
  expect_refused(start + "b3=0:1", {"--bounds: unknown parameter 'b3' in 'b3=0:1'", "b1, b2"});
  expect_refused(start + "b1=5:1", {"--bounds: 'b1=5:1' has LO > HI"});
  expect_refused(start + "b1=0", {"--bounds: 'b1=0' is not NAME=LO:HI"});
  expect_refused(start + "b1:0", {"--bounds: 'b1:0' is not NAME=LO:HI"});
  expect_refused(start + "b1=0:1:2", {"--bounds: 'b1=0:1:2' is not NAME=LO:HI"});
  expect_refused(start + "b1=x:1", {"--bounds: 'x' in 'b1=x:1' is not a number"});
  expect_refused(start + "b1=nan:1", {"--bounds: 'nan' in 'b1=nan:1' is not a number"});
  expect_refused(start + "b1=0:,b1=:5", {"--bounds: parameter 'b1' is bounded twice ('b1=:5')"});
  expect_refused(start + "b1=inf:", {"--bounds: 'b1=inf:' leaves no value"});
  expect_refused(start + "b1=0:,", {"--bounds: empty name"});
  expect_refused(start + "b2=0: --method gauss-newton",
                 {"--bounds: method 'gauss-newton' does not accept bounds", "lm"});
}

// minimize --expr --bounds is --lower/--upper by name: the same run.
TEST(CliMinimizeNamedBounds, TheSameBoxAsLowerUpper) {
  const std::string expr = "minimize --expr \"(x-3)^2 + (y+1)^2\" --x0 0,0 --method lbfgsb --json";
  const auto named = run_cli(expr + " --bounds x=:2,y=0:");
  const auto listed = run_cli(expr + " --upper 2,inf --lower -inf,0");
  ASSERT_EQ(named.exit_code, 0) << named.out;
  const auto a = nlohmann::json::parse(named.out), b = nlohmann::json::parse(listed.out);
  EXPECT_EQ(a["x"], b["x"]);
  EXPECT_EQ(a["x"][0].get<double>(), 2.0);
  EXPECT_EQ(a["x"][1].get<double>(), 0.0);
  EXPECT_EQ(a["active_bounds"], b["active_bounds"]);
  EXPECT_EQ(a["f_evals"], b["f_evals"]);
  // --vars changes the order, the names stay.
  const auto swapped = nlohmann::json::parse(
      run_cli("minimize --expr \"(x-3)^2 + (y+1)^2\" --vars y,x --x0 0,0 --method lbfgsb --json "
              "--bounds x=:2,y=0:")
          .out);
  EXPECT_EQ(swapped["x"][0].get<double>(), 0.0);
  EXPECT_EQ(swapped["x"][1].get<double>(), 2.0);
}

TEST(CliMinimizeNamedBounds, ErrorsNameTheFlag) {
  const std::string expr = "minimize --expr \"(x-3)^2 + (y+1)^2\" --x0 0,0 --method lbfgsb";
  expect_refused(expr + " --bounds z=0:1", {"--bounds: unknown variable 'z' in 'z=0:1'", "x, y"});
  expect_refused(expr + " --bounds x=0:1 --lower 0",
                 {"give either --bounds or --lower/--upper, not both"});
  expect_refused("minimize --problem rosenbrock --method lbfgsb --bounds x=0:1",
                 {"--bounds names the variables of --expr", "--lower/--upper"});
  expect_refused("minimize --expr \"(x-3)^2\" --x0 0 --method lbfgs --bounds x=0:1",
                 {"--bounds: method 'lbfgs' does not accept bounds", "lbfgsb"});
}

}  // namespace
}  // namespace optim
