#pragma once
// The part of a claims study's --json that every study shares (cli/claims_report.hpp): each
// behaviour has its claim, non-empty measured figures, a boolean verdict and the picture it was
// drawn in, and the report's `agreeing` counts the verdicts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace optim::testing {

inline void expect_claims_report(const nlohmann::json& j, std::size_t behaviours,
                                 const std::string& picture) {
  ASSERT_EQ(j["behaviours"].size(), behaviours);
  int agreeing = 0;
  for (const auto& b : j["behaviours"]) {
    EXPECT_TRUE(b["claim"].is_string());
    EXPECT_FALSE(b["measured"].empty());
    ASSERT_TRUE(b["agrees"].is_boolean());
    agreeing += b["agrees"].get<bool>();
    EXPECT_EQ(b["picture"], picture);
  }
  EXPECT_EQ(j["agreeing"], agreeing);
}

}  // namespace optim::testing
