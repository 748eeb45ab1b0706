// `optim minimize` classifies the end point at any n in bounded time and memory, with one short
// line (dense eigenvalues up to a few hundred variables, Lanczos extremes above).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

// The "point ..." line of the text summary.
std::string point_line(const std::string& out) {
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("point", 0) == 0) return line;
  return "";
}

TEST(CliClassifyLarge, Sphere30000FinishesWithAShortLine) {
  // Before: a dense 30000 x 30000 Hessian (7.2 GB) and its eigendecomposition: bad_alloc.
  auto r = run_cli("minimize --problem sphere --dim 30000", true);
  ASSERT_EQ(r.exit_code, 0) << r.out.substr(0, 2000);
  const std::string line = point_line(r.out);
  EXPECT_EQ(line.rfind("point       minimum (n = 30000: smallest eigenvalue 2, largest 2", 0), 0u)
      << line;
  EXPECT_NE(line.find("estimated (Lanczos, "), std::string::npos) << line;
  EXPECT_LT(line.size(), 160u) << line;
}

TEST(CliClassifyLarge, JsonFieldIsShortAtLargeN) {
  auto r = run_cli("minimize --problem sphere --dim 4000 --json");
  ASSERT_EQ(r.exit_code, 0);
  const std::string cp = nlohmann::json::parse(r.out)["critical_point"].get<std::string>();
  EXPECT_EQ(cp.rfind("minimum", 0), 0u) << cp;
  EXPECT_LT(cp.size(), 160u) << cp;
}

TEST(CliClassifyLarge, SmallProblemsKeepTheirEigenvalues) {
  auto r = run_cli("minimize --problem rosenbrock --json");
  ASSERT_EQ(r.exit_code, 0);
  const std::string cp = nlohmann::json::parse(r.out)["critical_point"].get<std::string>();
  EXPECT_EQ(cp.rfind("minimum (eigenvalues 0.399", 0), 0u) << cp;
}

TEST(CliClassifyLarge, LeastSquaresWithoutHessianAtLargeN) {
  // An MGH problem (residuals and Jacobian, no Hessian) above the dense limit: Lanczos on
  // differences of its exact gradient.
  auto r = run_cli("minimize --problem mgh:extended_rosenbrock --dim 1000 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out.substr(0, 500);
  const std::string cp = nlohmann::json::parse(r.out)["critical_point"].get<std::string>();
  EXPECT_EQ(cp.rfind("minimum (n = 1000:", 0), 0u) << cp;
}

}  // namespace
}  // namespace optim::testing
