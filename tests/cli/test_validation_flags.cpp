// `optim train --validation F` leaves at least one training and one validation sample, refuses
// fractions outside [0, 1) (negative, NaN, 1), and `--patience` without a validation set is an
// error naming both flags.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

const char* const kTrain =
    "train --data blobs --n 40 --epochs 2 --method adam --seed 1 --json --no-progress ";

void expect_refused(const std::string& extra, const std::vector<std::string>& expected) {
  const auto r = run_cli(kTrain + extra, /*merge_stderr=*/true);
  EXPECT_EQ(r.exit_code, 2) << extra << "\n" << r.out;
  for (const auto& e : expected)
    EXPECT_NE(r.out.find(e), std::string::npos) << extra << "\n" << r.out;
}

TEST(CliValidationFlags, FractionsOutsideTheRangeAreRefused) {
  for (const char* v : {"-0.1", "nan", "1", "1.5"}) {
    expect_refused(std::string("--validation ") + v, {"--validation", "must be in [0, 1)"});
  }
}

TEST(CliValidationFlags, AFractionThatEmptiesOneSideIsRefused) {
  expect_refused("--validation 0.999", {"--validation 0.999", "0 for training"});
  expect_refused("--validation 0.001", {"--validation 0.001", "0 for validation"});
}

TEST(CliValidationFlags, PatienceNeedsAValidationSet) {
  expect_refused("--patience 3", {"--patience", "--validation"});
  expect_refused("--patience -1", {"--patience"});
  const auto ok = run_cli(std::string(kTrain) + "--patience 3 --validation 0.25");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
}

}  // namespace
}  // namespace optim::testing
