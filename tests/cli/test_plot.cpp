// `optim plot`: contour + trajectories, convergence curves, learning curves; each writes a real PNG
// of the requested size (IHDR checked), and bad input exits with 2.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "cli/test_plot_png.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

using testing::run_cli;
using testing::temp_path;

void expect_png(const std::string& path, unsigned w, unsigned h) {
  const auto info = testing::read_png_info(path);
  ASSERT_TRUE(info.valid) << path;
  EXPECT_EQ(info.width, w);
  EXPECT_EQ(info.height, h);
  // A drawn figure with curves compresses to tens of kB; a blank one to about 2 kB.
  EXPECT_GT(info.bytes, 5000u);
}

TEST(CliPlot, ContourWithTrajectoriesOnFourProblems) {
  for (const char* p : {"rosenbrock", "beale", "himmelblau", "saddle"}) {
    SCOPED_TRACE(p);
    const std::string png = temp_path(std::string("contour_") + p + ".png");
    std::remove(png.c_str());
    const auto r = run_cli(std::string("plot contour --problem ") + p +
                               " --methods gd,momentum,lbfgs --set gd.lr=0.001 --set "
                               "momentum.lr=0.0005 --max-iter 300 --grid 60 --width 500 --height "
                               "400 --out " +
                               png,
                           true);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("lbfgs"), std::string::npos);
    expect_png(png, 500, 400);
  }
}

TEST(CliPlot, ConvergenceFromTraceFilesOfMinimize) {
  const std::string a = temp_path("trace_gd.csv"), b = temp_path("trace_lbfgs.csv");
  ASSERT_EQ(run_cli("minimize --problem rosenbrock --method lbfgs --trace " + b).exit_code, 0);
  // GD with a small step runs out of iterations (exit 1) but still writes its trace.
  run_cli("minimize --problem rosenbrock --method gd --lr 0.001 --max-iter 300 --trace " + a);
  const std::string png = temp_path("convergence.png");
  std::remove(png.c_str());
  const auto r = run_cli("plot convergence --trace " + a + "," + b +
                             " --labels gd,lbfgs --f-star 0 --width 900 --height 500 --out " + png,
                         true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("gd"), std::string::npos);
  expect_png(png, 900, 500);
}

TEST(CliPlot, ConvergenceFromFreshRuns) {
  const std::string png = temp_path("convergence_runs.png");
  std::remove(png.c_str());
  const auto r = run_cli(
      "plot convergence --problem beale --methods lbfgs,newton --width 600 --height 450 --out " +
          png,
      true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  expect_png(png, 600, 450);
}

TEST(CliPlot, LearningCurvesFromATrainingTrace) {
  // The columns `optim train --trace` writes (nn/trainer.cpp); -1 marks a metric not measured.
  const std::string csv = temp_path("train_trace.csv");
  {
    std::ofstream f(csv);
    f << "epoch,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy,time_s,"
         "samples_per_s\n";
    const double loss[] = {2.1, 1.2, 0.8, 0.6, 0.5};
    for (int e = 1; e <= 5; ++e) {
      f << e << "," << loss[e - 1] << "," << 0.5 + 0.08 * e << ",-1,-1," << loss[e - 1] * 1.1 << ","
        << 0.48 + 0.08 * e << ",0.1,1000\n";
    }
  }
  const std::string png = temp_path("learning.png");
  std::remove(png.c_str());
  const auto r =
      run_cli("plot learning --trace " + csv + " --width 700 --height 350 --out " + png, true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  expect_png(png, 700, 350);
}

TEST(CliPlot, BadInputExitsWithTwo) {
  const std::string png = temp_path("bad.png");
  auto r = run_cli("plot contour --problem sphere --out " + png, true);  // sphere is 10-D
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("2-D"), std::string::npos) << r.out;
  r = run_cli("plot convergence --trace /nonexistent/trace.csv --out " + png, true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("/nonexistent/trace.csv"), std::string::npos) << r.out;
  const std::string bad = temp_path("bad_trace.csv");
  {
    std::ofstream f(bad);
    f << "a,b\n1,2\n";
  }
  r = run_cli("plot convergence --trace " + bad + " --out " + png, true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("no column"), std::string::npos) << r.out;
  r = run_cli("plot learning --trace " + bad + " --out " + png, true);
  EXPECT_EQ(r.exit_code, 2);
  r = run_cli("plot contour --problem rosenbrock --width 5 --out " + png, true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("out of range"), std::string::npos) << r.out;
}

// Malformed traces are refused naming the line and column (optim/observers/trace_csv.hpp). The
// duplicate f_evals column used to be merged into one column twice as long as h_evals, which
// `plot convergence` then added element by element: a read past the end of h_evals.
TEST(CliPlot, MalformedTracesAreRefusedNamingLineAndColumn) {
  const std::string png = temp_path("malformed.png");
  const std::string csv = temp_path("malformed_trace.csv");
  auto run_with = [&](const std::string& text) {
    {
      std::ofstream f(csv, std::ios::binary);
      f << text;
    }
    return run_cli("plot convergence --trace " + csv + " --out " + png, true);
  };
  auto r = run_with("k,f,f_evals,f_evals,h_evals\n0,1,1,1,0\n1,0.5,2,2,1\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("line 1, column 4: duplicate column name 'f_evals' (also column 3)"),
            std::string::npos)
      << r.out;
  r = run_with("k,f\n0,1\n1,0.5x\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("line 3, column 2 ('f'): '0.5x' is not a number"), std::string::npos)
      << r.out;
  r = run_with("k,f\n0,1,7\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("line 2, column 3: 3 cells, but the header has 2 columns"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(std::ifstream(png).good()) << "no picture from a refused trace";
  std::remove(csv.c_str());
}

}  // namespace
}  // namespace optim
