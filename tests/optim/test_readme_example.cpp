// The README's library example, compiled and run as written: the lines between the markers below
// are the README's code block (its #include aside), and ReadmeExample.TextMatchesReadme checks
// that they still are.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <optim/optim.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

optim::Result<double> run_readme_example() {
  // README example begins
  // f(x) = (x0 - 3)^2 + (x1 + 1)^2 and, when g is non-null, its gradient
  auto bowl = [](const optim::Vec<double>& x, optim::Vec<double>* g) {
    if (g) *g << 2 * (x[0] - 3), 2 * (x[1] + 1);
    return (x[0] - 3) * (x[0] - 3) + (x[1] + 1) * (x[1] + 1);
  };
  auto r = optim::minimize(bowl, Eigen::VectorXd::Zero(2), optim::Lbfgs<double>({.m = 6}));
  std::cout << r.brief_report() << "\n";  // status, why, f, |g|, counts, time
  // README example ends
  return r;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ReadmeExample, RunsAndConverges) {
  std::ostringstream captured;
  std::streambuf* old = std::cout.rdbuf(captured.rdbuf());
  const optim::Result<double> r = run_readme_example();
  std::cout.rdbuf(old);
  EXPECT_TRUE(r.converged()) << r.brief_report();
  EXPECT_NEAR(r.x[0], 3.0, 1e-6);
  EXPECT_NEAR(r.x[1], -1.0, 1e-6);
  EXPECT_NE(captured.str().find("method lbfgs: converged"), std::string::npos) << captured.str();
}

TEST(ReadmeExample, TextMatchesReadme) {
  // This file's example lines, without their two-space function indentation.
  std::vector<std::string> here;
  bool inside = false;
  for (const std::string& line :
       read_lines(std::string(OPTIM_SOURCE_DIR) + "/tests/optim/test_readme_example.cpp")) {
    if (line == "  // README example ends") break;
    if (inside) here.push_back(line.substr(std::min<size_t>(2, line.size())));
    if (line == "  // README example begins") inside = true;
  }
  ASSERT_FALSE(here.empty());
  // The README's first C++ block after its library heading, without the #include and blank line.
  std::vector<std::string> readme;
  int state = 0;  // 0: before the heading, 1: before the block, 2: inside
  for (const std::string& line : read_lines(std::string(OPTIM_SOURCE_DIR) + "/README.md")) {
    if (state == 0 && line.rfind("## The library in", 0) == 0)
      state = 1;
    else if (state == 1 && line == "```cpp")
      state = 2;
    else if (state == 2 && line == "```")
      break;
    else if (state == 2 && line != "#include <optim/optim.hpp>" &&
             !(readme.empty() && line.empty()))
      readme.push_back(line);
  }
  EXPECT_EQ(readme, here);
}

}  // namespace
