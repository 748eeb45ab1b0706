// `optim fit` at a point where the Jacobian is rank-deficient: exp(-b2 x) is 0 on every observation
// but x = 0 once b2 is huge, so b2 no longer changes the model and the run "converges" far from
// the minimum. The summary and the JSON name the unidentifiable parameter and what to try, and
// its standard error reads "n/a", not nan.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

std::string decay_data() {
  const std::string path = temp_path("decay.csv");
  std::ofstream out(path);
  out.precision(17);
  out << "x,y\n";
  for (int i = 0; i < 10; ++i) out << i << "," << 5 * std::exp(-0.5 * i) + 1 << "\n";
  return path;
}

const char* const kModel = " --model \"b1*exp(-b2*x) + b3\" ";

TEST(CliFitIdentifiability, RankDeficientEndIsReportedInJson) {
  const auto r =
      run_cli("fit --data " + decay_data() + kModel + "--start b1=5,b2=1000,b3=1 --json");
  ASSERT_NE(r.exit_code, 2) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.contains("identifiability")) << r.out;
  EXPECT_EQ(j["identifiability"]["rank"].get<int>(), 2) << r.out;
  EXPECT_EQ(j["identifiability"]["unidentifiable"], nlohmann::json::array({"b2"})) << r.out;
  const std::string msg = j["identifiability"]["message"].get<std::string>();
  EXPECT_NE(msg.find("parameters not identifiable here: b2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("another start"), std::string::npos) << msg;
  EXPECT_TRUE(j["std_errors"]["b2"].is_null()) << r.out;
}

TEST(CliFitIdentifiability, RankDeficientEndIsReportedInTheSummary) {
  const auto r = run_cli("fit --data " + decay_data() + kModel + "--start b1=5,b2=1000,b3=1");
  ASSERT_NE(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("warning     parameters not identifiable here: b2"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("n/a"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("nan"), std::string::npos) << r.out;
}

TEST(CliFitIdentifiability, FullRankFitHasNoWarning) {
  const auto r =
      run_cli("fit --data " + decay_data() + kModel + "--start b1=4,b2=0.4,b3=0.5 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["identifiability"]["rank"].get<int>(), 3);
  EXPECT_TRUE(j["identifiability"]["unidentifiable"].empty());
  EXPECT_FALSE(j["identifiability"].contains("message"));
  EXPECT_NEAR(j["params"]["b2"].get<double>(), 0.5, 1e-8);
  const auto text = run_cli("fit --data " + decay_data() + kModel + "--start b1=4,b2=0.4,b3=0.5");
  EXPECT_EQ(text.out.find("warning"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace optim::testing
