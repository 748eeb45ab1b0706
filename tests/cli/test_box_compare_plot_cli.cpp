// `optim compare` and `optim plot contour` on a box (--lower/--upper): the runs are bounded, the
// table counts the active bounds, the picture gets the box, and a method that ignores bounds is
// refused before anything runs.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/test_plot_png.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

using testing::run_cli;
using testing::temp_path;

// Rosenbrock (1 - x)^2 + 100 (y - x^2)^2 with x, y <= 1/2: for fixed x <= 1/2 the best y is x^2
// (<= 1/4, inside the box), leaving (1 - x)^2, which decreases up to the bound: x* = (1/2, 1/4),
// f* = 1/4, with only x's upper bound active.
TEST(CliBoxCompare, RunsAreBoundedAndCountTheActiveBounds) {
  const auto r = run_cli(
      "compare --methods lbfgsb,adam --problems rosenbrock --upper 0.5 "
      "--max-iter 20000 --set adam.lr=0.01 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["runs"].size(), 2u);
  const auto& lb = j["runs"][0];
  EXPECT_EQ(lb["method"], "lbfgsb");
  EXPECT_TRUE(lb["success"].get<bool>()) << lb.dump();
  // gtol 1e-5 on the projected gradient; f - f* ~ |g|^2 / (2 lambda_min) is far below 1e-9.
  EXPECT_NEAR(lb["f"].get<double>(), 0.25, 1e-9);
  EXPECT_EQ(lb["active_bounds"], 1);
  // The box excludes the unconstrained minimiser (1, 1): its f* = 0 says nothing here.
  EXPECT_TRUE(lb["f_min"].is_null()) << lb.dump();
  // The projected first-order rule ends in the box too, at the same constrained minimum.
  const auto& adam = j["runs"][1];
  EXPECT_EQ(adam["active_bounds"], 1) << adam.dump();
  EXPECT_NEAR(adam["f"].get<double>(), 0.25, 1e-6) << adam.dump();
}

TEST(CliBoxCompare, AKnownMinimiserInsideTheBoxStillCounts) {
  const auto r =
      run_cli("compare --methods lbfgsb --problems rosenbrock --lower -2 --upper 2 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto run = nlohmann::json::parse(r.out)["runs"][0];
  EXPECT_EQ(run["f_min"], 0.0);
  EXPECT_TRUE(run["success"].get<bool>());
  EXPECT_EQ(run["active_bounds"], 0);
}

TEST(CliBoxCompare, TextTableShowsTheProjectedGradientAndActiveColumn) {
  const auto r = run_cli("compare --methods lbfgsb --problems rosenbrock --upper 0.5");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("|Pg|"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("active"), std::string::npos) << r.out;
}

TEST(CliBoxCompare, BadBoxesAndMethodsWithoutBoundsExitWithTwo) {
  auto r = run_cli("compare --methods lbfgsb,lbfgs --problems rosenbrock --upper 0.5", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("'lbfgs' does not accept bounds"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lbfgsb"), std::string::npos) << r.out;
  // Nothing ran: no table was printed before the refusal.
  EXPECT_EQ(r.out.find("converged"), std::string::npos) << r.out;
  r = run_cli("compare --methods lbfgsb --problems rosenbrock --upper 1,2,3", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--upper has 3 values"), std::string::npos) << r.out;
  r = run_cli("compare --methods lbfgsb --problems rosenbrock --lower 1 --upper 0", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--lower/--upper"), std::string::npos) << r.out;
  // A box without a finite bound constrains nothing: any method runs.
  r = run_cli("compare --methods lbfgs --problems rosenbrock --upper inf", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

// The plot script is replaced by one that keeps the spec's box, so the test sees what would be
// drawn; the real script draws it in the PNG test below.
TEST(CliBoxPlot, ContourSpecCarriesTheBoxAndTheRunsStayInside) {
  const std::string script = temp_path("keep_box.py");
  const std::string kept = temp_path("kept_box.json");
  const std::string png = temp_path("box_spec.png");
  {
    std::ofstream s(script);
    s << "import json, sys\n"
         "spec = json.load(open(sys.argv[2]))\n"
         "json.dump({'box': spec.get('box'), 'x': [spec['x'][0], spec['x'][-1]],\n"
         "           'y': [spec['y'][0], spec['y'][-1]], 'ends': [[t['x'][-1], t['y'][-1]]\n"
         "           for t in spec['trajectories']]}, open('"
      << kept
      << "', 'w'))\n"
         "open(sys.argv[3], 'wb').write(b'x')\n";
  }
  ::setenv("OPTIM_PLOT_SCRIPT", script.c_str(), 1);
  const auto r = run_cli(
      "plot contour --problem rosenbrock --methods lbfgsb,gd --set gd.lr=0.001 "
      "--max-iter 500 --lower=-3,-inf --upper 0.5,8 --grid 20 --out " +
          png,
      true);
  ::unsetenv("OPTIM_PLOT_SCRIPT");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(testing::read_text(kept));
  EXPECT_EQ(j["box"]["lower"][0], -3.0);
  EXPECT_TRUE(j["box"]["lower"][1].is_null());  // -inf: open, drawn to the window's edge
  EXPECT_EQ(j["box"]["upper"][0], 0.5);
  EXPECT_EQ(j["box"]["upper"][1], 8.0);
  // The window holds the box's finite sides.
  EXPECT_LT(j["x"][0].get<double>(), -3.0);
  EXPECT_GT(j["y"][1].get<double>(), 8.0);
  for (const auto& end : j["ends"]) {
    EXPECT_GE(end[0].get<double>(), -3.0);
    EXPECT_LE(end[0].get<double>(), 0.5);
    EXPECT_LE(end[1].get<double>(), 8.0);
  }
}

TEST(CliBoxPlot, ContourPngWithABox) {
  const std::string png = temp_path("box_contour.png");
  std::remove(png.c_str());
  const auto r = run_cli(
      "plot contour --problem rosenbrock --methods lbfgsb --upper 0.5 --grid 40 "
      "--width 500 --height 400 --out " +
          png,
      true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto info = testing::read_png_info(png);
  ASSERT_TRUE(info.valid);
  EXPECT_EQ(info.width, 500u);
  EXPECT_EQ(info.height, 400u);
  EXPECT_GT(info.bytes, 5000u);
}

TEST(CliBoxPlot, AMethodWithoutBoundsIsRefusedBeforeAnyRun) {
  const std::string png = temp_path("box_refused.png");
  const auto r = run_cli(
      "plot contour --problem rosenbrock --methods lbfgsb,lbfgs --upper 0.5 --out " + png, true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("'lbfgs' does not accept bounds"), std::string::npos) << r.out;
  std::ifstream f(png);
  EXPECT_FALSE(f.good()) << "a refused plot wrote " << png;
}

}  // namespace
}  // namespace optim
