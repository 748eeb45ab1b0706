// A model whose output width does not match the data (2 outputs, 3 classes) is refused before
// evaluating, naming both widths: `predict` read past the outputs before and printed a negative
// loss with exit 0.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

TEST(CliOutputWidth, PredictRefusesAModelWithTooFewOutputs) {
  const std::string model = temp_path("two_outputs.bin");
  const auto t =
      run_cli("train --data xor --layers 2,8,2 --epochs 2 --no-progress --save " + model);
  ASSERT_EQ(t.exit_code, 0) << t.out;
  const auto p = run_cli("predict --model " + model + " --data blobs --n 60", true);
  EXPECT_EQ(p.exit_code, 2) << p.out;
  EXPECT_NE(p.out.find("2 outputs"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("3 classes"), std::string::npos) << p.out;
  EXPECT_EQ(p.out.find("loss -"), std::string::npos) << p.out;
}

TEST(CliOutputWidth, PredictRefusesAModelWithTooManyOutputs) {
  const std::string model = temp_path("three_outputs.bin");
  const auto t = run_cli("train --data blobs --n 60 --epochs 2 --no-progress --save " + model);
  ASSERT_EQ(t.exit_code, 0) << t.out;
  const auto p = run_cli("predict --model " + model + " --data xor", true);
  EXPECT_EQ(p.exit_code, 2) << p.out;
  EXPECT_NE(p.out.find("3 outputs"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("2 classes"), std::string::npos) << p.out;
}

TEST(CliOutputWidth, TrainRefusesLayersThatDoNotMatchTheData) {
  for (const char* layers : {"2,16,2", "2,16,4"}) {
    const auto r =
        run_cli(std::string("train --data blobs --n 60 --epochs 1 --layers ") + layers, true);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("3 classes"), std::string::npos) << r.out;
  }
  const auto sine = run_cli("train --data sine --n 60 --epochs 1 --layers 1,8,2", true);
  EXPECT_EQ(sine.exit_code, 2) << sine.out;
  EXPECT_NE(sine.out.find("2 outputs"), std::string::npos) << sine.out;
  EXPECT_NE(sine.out.find("1 target per sample"), std::string::npos) << sine.out;
}

}  // namespace
}  // namespace optim::testing
