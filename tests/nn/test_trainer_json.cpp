// The training log as JSON (nn::write_trace_json) goes through nlohmann: every value at full
// precision (it reads back bit for bit; the hand-written log kept 10 digits) and a non-finite loss
// as null (the hand-written log printed "nan", which no JSON reader accepts).
#include <gtest/gtest.h>

#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "nn/trainer.hpp"
#include "support/test_support.hpp"

namespace optim::nn {
namespace {

TEST(TrainerJson, EpochsKeepFullPrecisionAndNonFiniteLossesAreNull) {
  std::vector<EpochRecord> epochs(2);
  epochs[0].epoch = 1;
  epochs[0].train_loss = 0.1 + 0.2;  // 0.30000000000000004 needs 17 digits
  epochs[0].time_s = 1.0 / 3.0;
  epochs[1].epoch = 2;
  epochs[1].train_loss = std::numeric_limits<double>::quiet_NaN();  // a diverged epoch
  epochs[1].val_loss = std::numeric_limits<double>::infinity();
  const std::string path = testing::temp_path("trainer_log.json");
  write_trace_json(path, epochs);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const auto j = nlohmann::json::parse(text.str());  // throws on invalid JSON
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["epoch"].get<int>(), 1);
  EXPECT_EQ(j[0]["train_loss"].get<double>(), 0.1 + 0.2);
  EXPECT_EQ(j[0]["time_s"].get<double>(), 1.0 / 3.0);
  EXPECT_EQ(j[0]["val_loss"].get<double>(), -1.0);
  EXPECT_TRUE(j[1]["train_loss"].is_null());
  EXPECT_TRUE(j[1]["val_loss"].is_null());
  for (const char* key : {"epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy",
                          "test_loss", "test_accuracy", "time_s", "samples_per_s", "cpu_s"})
    EXPECT_TRUE(j[1].contains(key)) << key;
}

}  // namespace
}  // namespace optim::nn
