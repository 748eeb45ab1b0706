// The stopping tests' field table (optim/settings/stop_fields.hpp): one entry per StopOptions
// member, defaults printed from the struct, values read by name, and StopOptions::validate()'s
// messages coming from its ranges.
#include <gtest/gtest.h>

#include <cmath>

#include "optim/settings/stop_fields.hpp"

namespace optim {
namespace {

TEST(StopFields, DescribesEveryMemberWithTheStructsDefaults) {
  const auto params = settings::stop_fields().describe();
  std::vector<std::string> names;
  for (const auto& p : params) names.push_back(p.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"gtol", "gtol_rel", "grad_norm", "xtol", "xtol_rel_base",
                                      "ftol", "max_iter", "max_evals", "time_limit_s"}));
  EXPECT_EQ(params[0].default_value, "1e-05");
  EXPECT_EQ(params[2].default_value, "inf");
  EXPECT_EQ(params[6].default_value, "1000");
  EXPECT_EQ(params[6].type, "integer");
}

TEST(StopFields, ReadsValuesByName) {
  const StopOptions s = settings::stop_fields().read(
      ParamSet{{"gtol", "1e-8"}, {"grad_norm", "two"}, {"max_iter", "7"}, {"ftol", "0.5"}});
  EXPECT_EQ(s.gtol, 1e-8);
  EXPECT_EQ(s.grad_norm, NormKind::Two);
  EXPECT_EQ(s.max_iter, 7);
  EXPECT_EQ(s.ftol, 0.5);
  EXPECT_EQ(s.xtol, 0.0);  // untouched: the default
  EXPECT_THROW(settings::stop_fields().read(ParamSet{{"grad_norm", "one"}}), InvalidValue);
}

TEST(StopFields, ValidateNamesFieldValueAndRange) {
  auto message = [](StopOptions s) {
    try {
      s.validate();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("valid");
  };
  EXPECT_EQ(message({}), "valid");
  EXPECT_EQ(message({.max_iter = 0}), "invalid max_iter = 0: must be >= 1");
  EXPECT_EQ(message({.gtol = -1}), "invalid gtol = -1: must be >= 0");
  EXPECT_EQ(message({.ftol = std::nan("")}), "invalid ftol = nan: must be >= 0");
  EXPECT_EQ(message({.time_limit_s = -0.5}), "invalid time_limit_s = -0.5: must be >= 0");
}

}  // namespace
}  // namespace optim
