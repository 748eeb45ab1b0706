// `optim list` as a newcomer meets it: one screen, details by topic, everything as JSON.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "optim/first_order/schedule_table.hpp"
#include "optim/registry.hpp"
#include "problems/registry.hpp"
#include "support/test_support.hpp"

namespace optim::testing {
namespace {

size_t lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

TEST(CliList, OverviewFitsOneScreen) {
  const auto r = run_cli("list");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_LE(lines(r.out), 60u) << r.out;  // was 604 (the schedule block under every method)
  for (const auto& m : all_methods()) {
    EXPECT_NE(r.out.find("    " + m.name + " "), std::string::npos) << m.name;
  }
  for (const char* family : {"analytic", "mgh", "nist", "perceptron", "cosine_restarts"}) {
    EXPECT_NE(r.out.find(family), std::string::npos) << family;
  }
  for (const auto& line : {std::string("restart_period"), std::string("batch_size")}) {
    EXPECT_EQ(r.out.find(line), std::string::npos) << "hyperparameters belong to `list NAME`";
  }
}

TEST(CliList, MethodShowsItsHyperparametersWithDefaults) {
  const auto r = run_cli("list adam");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--lr"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0.001"), std::string::npos) << r.out;  // adam's default lr
  EXPECT_NE(r.out.find("--beta1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--batch_size"), std::string::npos) << r.out;  // the loop's own keys
  EXPECT_NE(r.out.find("optim list schedules"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("restart_period"), std::string::npos) << "schedules are listed once";
  EXPECT_LE(lines(r.out), 25u) << r.out;
  // The same keys on every command: flags on minimize / train / fit, --set on compare / plot.
  EXPECT_NE(r.out.find("--set adam.NAME=VALUE"), std::string::npos) << r.out;
  // Decoupled weight decay is a setting of every first-order rule (SGDW on momentum).
  EXPECT_NE(run_cli("list momentum").out.find("--weight_decay"), std::string::npos);
  // A second-order method lists its own, with no schedule pointer.
  const auto l = run_cli("list lbfgs");
  ASSERT_EQ(l.exit_code, 0);
  EXPECT_NE(l.out.find("--m "), std::string::npos) << l.out;
  EXPECT_EQ(l.out.find("schedules"), std::string::npos) << l.out;
}

TEST(CliList, SchedulesWithTheirParameters) {
  const auto r = run_cli("list schedules");
  ASSERT_EQ(r.exit_code, 0);
  for (const auto& s : all_schedules()) {
    EXPECT_NE(r.out.find("  " + s.name + " "), std::string::npos) << s.name;
    for (const auto& key : s.keys) EXPECT_NE(r.out.find("--" + key), std::string::npos) << key;
  }
}

TEST(CliList, JsonHoldsEveryRegisteredMethod) {
  const auto r = run_cli("list --json");
  ASSERT_EQ(r.exit_code, 0);
  const auto j = nlohmann::json::parse(r.out);
  std::set<std::string> listed;
  for (const auto& m : j.at("methods")) {
    listed.insert(m.at("name").get<std::string>());
    EXPECT_FALSE(m.at("family").get<std::string>().empty());
    EXPECT_FALSE(m.at("summary").get<std::string>().empty());
    for (const auto& p : m.at("params")) {
      EXPECT_TRUE(p.contains("name") && p.contains("default") && p.contains("help")) << p.dump();
    }
  }
  std::set<std::string> registered;
  for (const auto& m : all_methods()) registered.insert(m.name);
  EXPECT_EQ(listed, registered);
  const auto& adam = *std::find_if(j["methods"].begin(), j["methods"].end(),
                                   [](const nlohmann::json& m) { return m["name"] == "adam"; });
  const auto& lr = *std::find_if(adam["params"].begin(), adam["params"].end(),
                                 [](const nlohmann::json& p) { return p["name"] == "lr"; });
  EXPECT_EQ(lr["default"], "0.001");
  EXPECT_EQ(j.at("schedules").size(), all_schedules().size());
  EXPECT_EQ(j.at("problems").size(), problems::all_problems().size());
}

TEST(CliList, ProblemTopic) {
  const auto r = run_cli("list rosenbrock");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("minimum f* = 0"), std::string::npos) << r.out;
  EXPECT_EQ(run_cli("list problems").exit_code, 0);
  EXPECT_EQ(run_cli("list methods").exit_code, 0);
}

TEST(CliList, UnknownTopicIsAUsageErrorNamingTheTopics) {
  const auto r = run_cli("list adamm", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("unknown topic 'adamm'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("schedules"), std::string::npos) << r.out;
  EXPECT_EQ(run_cli("list adam --json").exit_code, 2);
}

}  // namespace
}  // namespace optim::testing
