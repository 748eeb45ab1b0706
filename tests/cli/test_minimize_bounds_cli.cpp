// `optim minimize --lower ... --upper ...`: a box on named problems and formulas (one value
// broadcasts to every coordinate, inf / -inf leave a side open), honoured by lbfgsb and refused
// up front (exit 2, naming the methods that accept bounds) by every other method; the JSON has
// the active bounds and the projected-gradient norm, the text marks the coordinates on a bound,
// and the critical-point test runs on the free variables.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

nlohmann::json run_json(const std::string& args) {
  const auto r = run_cli("minimize " + args + " --json");
  EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.out;
  return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

void expect_refused(const std::string& args, const std::vector<std::string>& expected) {
  const auto r = run_cli("minimize " + args, /*merge_stderr=*/true);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
  for (const auto& e : expected) EXPECT_NE(r.out.find(e), std::string::npos) << e << "\n" << r.out;
}

// Rosenbrock with x1 <= 0.5: the minimiser is (0.5, 0.25) (x2 = x1^2 minimises the second term
// once x1 is held), f = (1 - 0.5)^2 = 0.25, with x1 at its upper bound and x2 free.
TEST(CliMinimizeBounds, RosenbrockOnAnUpperBound) {
  const auto j = run_json("--problem rosenbrock --method lbfgsb --upper 0.5,inf --gtol 1e-9");
  ASSERT_TRUE(j.contains("active_bounds")) << j.dump();
  EXPECT_EQ(j["x"][0].get<double>(), 0.5);  // exactly on the bound
  EXPECT_NEAR(j["x"][1].get<double>(), 0.25, 1e-8);
  EXPECT_NEAR(j["f"].get<double>(), 0.25, 1e-12);
  EXPECT_EQ(j["active_bounds"]["at_upper"], nlohmann::json::array({0}));
  EXPECT_EQ(j["active_bounds"]["count"].get<int>(), 1);
  EXPECT_LE(j["projected_grad_norm"].get<double>(), 1e-9);
  EXPECT_FALSE(j["start_projected"].get<bool>());
  EXPECT_NE(j["critical_point"].get<std::string>().find("minimum"), std::string::npos) << j.dump();
  EXPECT_NE(j["critical_point"].get<std::string>().find("1 free variables"), std::string::npos);
}

// One value broadcasts: x >= 1.2 puts the minimiser at (1.2, 1.44), x1 at its lower bound
// (f = 0.04) and x2 = x1^2 > 1.2 free.
TEST(CliMinimizeBounds, OneValueIsEveryCoordinatesBound) {
  const auto j = run_json("--problem rosenbrock --method lbfgsb --lower 1.2 --gtol 1e-10");
  EXPECT_EQ(j["x"][0].get<double>(), 1.2);
  EXPECT_NEAR(j["x"][1].get<double>(), 1.44, 1e-8);
  EXPECT_NEAR(j["f"].get<double>(), 0.04, 1e-12);
  EXPECT_EQ(j["active_bounds"]["at_lower"], nlohmann::json::array({0}));
  EXPECT_TRUE(j["start_projected"].get<bool>());  // the standard start (-1.2, 1) is outside
}

TEST(CliMinimizeBounds, AFormulaTakesBoundsAndTheTextMarksThem) {
  const auto r =
      run_cli("minimize --expr \"(x-3)^2 + (y+1)^2\" --x0 0,0 --method lbfgsb --upper 2,inf");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("x           2 [u], -1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bounds      1 bound active (0 at lower, 1 at upper)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("|P(x-g)-x|"), std::string::npos) << r.out;
}

TEST(CliMinimizeBounds, EveryVariableOnABoundIsAVertex) {
  const auto j = run_json(
      "--expr \"(x-3)^2 + (y+1)^2\" --x0 0,0 --method lbfgsb --upper 2,inf "
      "--lower -inf,0");
  EXPECT_EQ(j["x"], nlohmann::json::array({2.0, 0.0}));
  EXPECT_EQ(j["critical_point"].get<std::string>(),
            "a vertex of the box (every variable on a bound)");
}

// A first-order rule projects each update: Adam ends exactly on the active bound.
TEST(CliMinimizeBounds, FirstOrderRulesProjectTheirSteps) {
  const auto j = run_json(
      "--expr \"(x-3)^2 + (y+1)^2\" --x0 0,0 --method adam --lr 0.05 "
      "--upper 2,inf --max-iter 3000 --gtol 1e-6");
  EXPECT_EQ(j["x"][0].get<double>(), 2.0);
  EXPECT_NEAR(j["x"][1].get<double>(), -1.0, 1e-3);
  EXPECT_EQ(j["active_bounds"]["at_upper"], nlohmann::json::array({0}));
}

// Newton and BFGS take Bertsekas' two-metric projection on a box: the same minimiser as lbfgsb,
// exactly on the bound, and the critical-point test on the free variables.
TEST(CliMinimizeBounds, NewtonAndBfgsHonourTheBox) {
  for (const char* method : {"newton", "bfgs"}) {
    SCOPED_TRACE(method);
    const auto j = run_json(std::string("--problem rosenbrock --method ") + method +
                            " --upper 0.5,inf --gtol 1e-9");
    ASSERT_TRUE(j.contains("active_bounds")) << j.dump();
    EXPECT_EQ(j["x"][0].get<double>(), 0.5);
    EXPECT_NEAR(j["x"][1].get<double>(), 0.25, 1e-8);
    EXPECT_NEAR(j["f"].get<double>(), 0.25, 1e-12);
    EXPECT_EQ(j["active_bounds"]["at_upper"], nlohmann::json::array({0}));
    EXPECT_LE(j["projected_grad_norm"].get<double>(), 1e-9);
    EXPECT_NE(j["critical_point"].get<std::string>().find("1 free variables"), std::string::npos);
  }
  // A formula, its Hessian from the formula graph, from a start outside the box (x >= 1, y >= 0
  // holds (3, -1) at (3, 0)).
  const auto j = run_json(
      "--expr \"(x-3)^2 + (y+1)^2 + x*y/10\" --x0 -2,-2 --method newton --lower 1,0 "
      "--gtol 1e-10");
  EXPECT_TRUE(j["start_projected"].get<bool>());
  EXPECT_NEAR(j["x"][0].get<double>(), 3.0, 1e-9);
  EXPECT_EQ(j["x"][1].get<double>(), 0.0);
  EXPECT_EQ(j["active_bounds"]["at_lower"], nlohmann::json::array({1}));
}

TEST(CliMinimizeBounds, MethodsWithoutBoundsAreRefusedUpFront) {
  expect_refused("--problem rosenbrock --method lbfgs --upper 0.5",
                 {"--lower/--upper: method 'lbfgs' does not accept bounds", "lbfgsb"});
  expect_refused("--problem rosenbrock --method cg --lower 0",
                 {"--lower/--upper: method 'cg' does not accept bounds",
                  "(methods that do: gd, momentum, nesterov, adagrad, rmsprop, adam, "
                  "adamw, amsgrad, rprop, quickprop, newton, bfgs, lbfgsb, lm)"});
  // A box without a finite bound constrains nothing: every method runs.
  const auto j = run_json("--problem rosenbrock --method lbfgs --upper inf --lower -inf");
  EXPECT_FALSE(j.contains("active_bounds"));
}

TEST(CliMinimizeBounds, BadBoxesNameTheFlag) {
  expect_refused("--problem rosenbrock --method lbfgsb --lower 1 --upper 0", {"--lower/--upper:"});
  expect_refused("--problem rosenbrock --method lbfgsb --lower 0,0,0",
                 {"--lower has 3 values: give one (for every coordinate) or 2"});
  expect_refused("--problem rosenbrock --method lbfgsb --upper 1,nan", {"--upper: value 2 is NaN"});
  expect_refused("--problem rosenbrock --method lbfgsb --upper 1,abc", {"--upper", "'abc'"});
}

}  // namespace
}  // namespace optim::testing
