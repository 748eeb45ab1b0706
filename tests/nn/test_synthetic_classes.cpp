// --classes of the synthetic blobs (nn/synthetic.cpp, nn/data_sources.cpp): the count is honoured
// for blobs and refused, naming the flag, for the sets with a fixed number of classes.
#include <gtest/gtest.h>

#include <set>

#include "nn/data_sources.hpp"
#include "nn/synthetic.hpp"
#include "support/test_support.hpp"

namespace optim::nn {
namespace {

TEST(SyntheticClasses, BlobsTakeTheirClassCount) {
  const auto two = make_synthetic<double>("blobs", 400, 1, 2);
  EXPECT_EQ(two.classes, 2);
  EXPECT_EQ(two.size(), 400);
  EXPECT_EQ(std::set<int>(two.labels.begin(), two.labels.end()).size(), 2u);
  EXPECT_EQ(make_synthetic<double>("blobs", 400, 1).classes, 3);  // the default is unchanged
  EXPECT_EQ(default_layers("blobs", 2).back(), 2);
  EXPECT_EQ(default_layers("blobs").back(), 3);
}

TEST(SyntheticClasses, FixedSetsRefuseAClassCount) {
  for (const char* name : {"xor", "spirals", "sine"}) {
    DataRequest req{name, "", 40, 1, 3};
    Dataset<double> train, test;
    const std::string msg =
        testing::invalid_argument_message([&] { load_named_data<double>(req, train, test); });
    EXPECT_NE(msg.find("--classes applies to blobs only"), std::string::npos) << name << msg;
  }
  const std::string msg =
      testing::invalid_argument_message([] { make_synthetic<double>("blobs", 40, 1, 1); });
  EXPECT_NE(msg.find("--classes 1"), std::string::npos) << msg;
}

}  // namespace
}  // namespace optim::nn
