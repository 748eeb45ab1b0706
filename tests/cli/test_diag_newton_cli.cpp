// `optim train --method diag-newton`: diagonal Newton with the network's Gauss-Newton diagonal,
// full batch; an objective without the diagonal is refused by name.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace optim {
namespace {

using optim::testing::run_cli;

TEST(CliDiagNewton, TrainsANetworkFullBatch) {
  const auto r = run_cli(
      "train --data blobs --n 120 --layers 2,8,3 --method diag-newton --batch-size 0 --epochs 30 "
      "--damping 0.01 --seed 7 --dtype double --json --no-progress");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  const auto& epochs = j.at("per_epoch");
  ASSERT_GE(epochs.size(), 2u);
  // Blobs are well separated: 30 diagonal Newton steps take the loss well below its start.
  EXPECT_LT(epochs.back().at("train_loss").get<double>(),
            0.5 * epochs.front().at("train_loss").get<double>())
      << r.out;
}

TEST(CliDiagNewton, RefusedWhereThereIsNoGaussNewtonDiagonal) {
  const auto r = run_cli("minimize --problem rosenbrock --method diag-newton", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("diag-newton needs the diagonal of a Gauss-Newton matrix"),
            std::string::npos)
      << r.out;
  const auto bad = run_cli(
      "train --data blobs --n 60 --layers 2,8,3 --method diag-newton --batch-size 0 --damping 0",
      true);
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.out.find("--damping"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace optim
