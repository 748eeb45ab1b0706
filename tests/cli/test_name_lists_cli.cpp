// Comma-separated names on the command line (--vars, --methods, --x, ...): blanks around a name
// are dropped, an empty name is an error naming the flag (one splitter, cli/studies_table.cpp).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

const char* kExpr = "minimize --expr \"(x-1)^2 + (y-2)^2\" --x0 0,0 --json --vars ";

TEST(CliNameLists, VarsWithBlanksAreTrimmed) {
  for (const char* vars : {"\"x, y\"", "\" x ,y \"", "\"x,\ty\""}) {
    const auto r = run_cli(std::string(kExpr) + vars, true);
    ASSERT_EQ(r.exit_code, 0) << vars << ": " << r.out;
    const auto x = nlohmann::json::parse(r.out)["x"];
    EXPECT_NEAR(x[0].get<double>(), 1.0, 1e-6) << vars;
    EXPECT_NEAR(x[1].get<double>(), 2.0, 1e-6) << vars;
  }
  // The order of --vars is the order of x.
  const auto r = run_cli(std::string(kExpr) + "\"y, x\"");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NEAR(nlohmann::json::parse(r.out)["x"][0].get<double>(), 2.0, 1e-6);
}

TEST(CliNameLists, EmptyVarNamesAreRefusedNamingTheFlag) {
  for (const char* vars : {"\"x,,y\"", "\"\"", "\" \"", "\"x,y,\"", "\",x,y\"", "\"x, ,y\""}) {
    const auto r = run_cli(std::string(kExpr) + vars, true);
    EXPECT_EQ(r.exit_code, 2) << vars << ": " << r.out;
    EXPECT_NE(r.out.find("--vars: empty name"), std::string::npos) << vars << ": " << r.out;
  }
}

TEST(CliNameLists, BadVarNamesAreRefusedNamingTheFlag) {
  auto r = run_cli(std::string(kExpr) + "\"x y\"", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--vars: 'x y' is not a variable name"), std::string::npos) << r.out;
  r = run_cli(std::string(kExpr) + "\"x, x\"", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--vars: variable 'x' is named twice"), std::string::npos) << r.out;
  r = run_cli("minimize --problem sphere --vars x", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--vars"), std::string::npos) << r.out;
}

TEST(CliNameLists, OtherNameListsShareTheRule) {
  auto r = run_cli("compare --methods \"gd, lbfgs,\" --problems sphere", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--methods: empty name"), std::string::npos) << r.out;
  r = run_cli("compare --methods \"gd,,lbfgs\" --problems sphere", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--methods: empty name"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace optim::testing
