// Hyperparameters by name: parsing, conversion errors, unknown keys, validators, the registry.
#include <gtest/gtest.h>

#include "optim/params.hpp"
#include "optim/registry.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

using optim::testing::invalid_argument_message;

TEST(ParamSet, ParsesKeyValueListsAndConverts) {
  const ParamSet p = ParamSet::parse("lr=0.5,steps=3,flag=true,name=cosine");
  EXPECT_DOUBLE_EQ(p.get_double("lr", 0), 0.5);
  EXPECT_EQ(p.get_int("steps", 0), 3);
  EXPECT_TRUE(p.get_bool("flag", false));
  EXPECT_EQ(p.get_string("name", ""), "cosine");
  EXPECT_DOUBLE_EQ(p.get_double("absent", 7.0), 7.0);
}

TEST(ParamSet, ConversionErrorsNameTheKeyAndValue) {
  const ParamSet p = ParamSet::parse("lr=abc,steps=1.5,flag=maybe");
  EXPECT_EQ(invalid_argument_message([&] { p.get_double("lr", 0); }),
            "hyperparameter 'lr' = 'abc' is not a number");
  EXPECT_NE(invalid_argument_message([&] { p.get_int("steps", 0); }).find("not an integer"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([&] { p.get_bool("flag", false); }).find("not a boolean"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([] { ParamSet::parse("novalue"); }).find("key=value"),
            std::string::npos);
}

TEST(ParamSet, UnknownKeysListTheKnownOnes) {
  const ParamSet p{{"beta", "0.9"}};
  const std::string msg = invalid_argument_message([&] {
    const HyperParam lr{"lr", "0.01", "", "", "", ""}, seed{"seed", "42", "", "", "", ""};
    p.check_known("method gd", {lr, seed});
  });
  EXPECT_EQ(msg, "unknown hyperparameter 'beta' for method gd (known: lr, seed)");
}

TEST(Validators, MessagesNameFieldValueAndRange) {
  EXPECT_EQ(invalid_argument_message([] { require_positive("lr", -1); }),
            "invalid lr = -1: must be > 0 and finite");
  EXPECT_EQ(invalid_argument_message([] { require_in_unit_interval("beta1", 1); }),
            "invalid beta1 = 1: must be in [0, 1)");
  EXPECT_EQ(invalid_argument_message([] { require_at_least("m", 0, 1); }),
            "invalid m = 0: must be >= 1");
  EXPECT_EQ(invalid_argument_message([] { require_in_open_unit_interval("c1", 0); }),
            "invalid c1 = 0: must be in (0, 1)");
  EXPECT_EQ(invalid_argument_message([] { require_positive("lr", 0.1); }), "(no error)");
  EXPECT_NE(invalid_argument_message([] { require_positive("lr", std::nan("")); }), "(no error)");
}

TEST(Registry, MakesMethodsByNameAndRejectsUnknownNamesAndKeys) {
  auto gd = make_method<double>("gd", ParamSet{{"lr", "0.1"}});
  ASSERT_NE(gd, nullptr);
  EXPECT_EQ(gd->name(), "gd");
  EXPECT_NE(make_method<float>("gd"), nullptr);
  EXPECT_NE(invalid_argument_message([] {
              make_method<double>("nosuch");
            }).find("unknown method 'nosuch'"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([] {
              make_method<double>("gd", ParamSet{{"bogus", "1"}});
            }).find("unknown hyperparameter 'bogus' for method gd"),
            std::string::npos);
  EXPECT_EQ(invalid_argument_message([] {
              make_method<double>("gd", ParamSet{{"lr", "0"}});
            }),
            "invalid lr = 0: must be > 0 and finite");
  // Every registered method declares its hyperparameters with defaults and help text.
  for (const auto& m : all_methods()) {
    EXPECT_FALSE(m.summary.empty()) << m.name;
    for (const auto& hp : m.params) {
      EXPECT_FALSE(hp.default_value.empty()) << m.name << "." << hp.name;
      EXPECT_FALSE(hp.help.empty()) << m.name << "." << hp.name;
    }
    EXPECT_NE(m.make_double(ParamSet{}), nullptr) << m.name;
  }
}

}  // namespace
}  // namespace optim
