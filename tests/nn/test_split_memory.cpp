// The test split of `--test-fraction` without a copy of the training part (nn/dataset.hpp,
// stratified_split on a data set given up by the caller): the same parts bit for bit as the
// copying split, at a peak heap growth of about the test part instead of the whole data.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <utility>

#include "nn/dataset.hpp"
#include "support/alloc_counter.hpp"

namespace optim::nn {
namespace {

// 20000 samples of 50 float features (4 MB), 3 unbalanced classes, and a 2-row target matrix.
Dataset<float> sample_set() {
  Dataset<float> d;
  d.name = "memory";
  const Index n = 20000, f = 50;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<float> u(-1, 1);
  d.x.resize(f, n);
  d.y.resize(2, n);
  for (Index j = 0; j < n; ++j) {
    for (Index i = 0; i < f; ++i) d.x(i, j) = u(rng);
    d.y(0, j) = u(rng);
    d.y(1, j) = u(rng);
    d.labels.push_back(static_cast<int>(j % 7 == 0 ? 2 : j % 2));
  }
  d.classes = 3;
  return d;
}

bool same_bits(const Mat<float>& a, const Mat<float>& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<size_t>(a.size())) == 0;
}

TEST(SplitMemory, TheInPlaceSplitEqualsTheCopyingOneAtAFractionOfItsPeak) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  const double data_bytes = 20000.0 * 52 * sizeof(float);
  Dataset<float> copied_train, copied_test;
  long copying = 0;
  {
    const Dataset<float> all = sample_set();
    testing::PeakHeapBytes meter;
    stratified_split(all, 0.2, 17, copied_train, copied_test);
    copying = meter.peak();
  }
  Dataset<float> train, test;
  long in_place = 0;
  {
    Dataset<float> all = sample_set();
    testing::PeakHeapBytes meter;
    stratified_split(std::move(all), 0.2, 17, train, test);
    in_place = meter.peak();
  }
  RecordProperty("peak_bytes_copying", static_cast<int>(copying));
  RecordProperty("peak_bytes_in_place", static_cast<int>(in_place));
  // The copying split holds the whole data once more (train + test) next to the input.
  EXPECT_GT(copying, 0.95 * data_bytes) << copying;
  // In place: the test part (0.2 of the data) and the index lists (about 0.1), not a copy.
  EXPECT_LT(in_place, 0.4 * data_bytes) << in_place << " bytes, copying " << copying;
  EXPECT_TRUE(same_bits(train.x, copied_train.x));
  EXPECT_TRUE(same_bits(train.y, copied_train.y));
  EXPECT_EQ(train.labels, copied_train.labels);
  EXPECT_TRUE(same_bits(test.x, copied_test.x));
  EXPECT_TRUE(same_bits(test.y, copied_test.y));
  EXPECT_EQ(test.labels, copied_test.labels);
  EXPECT_EQ(train.size() + test.size(), 20000);
  EXPECT_EQ(train.classes, 3);
  EXPECT_EQ(train.name, "memory");
}

TEST(SplitMemory, RegressionSetsSplitTheSameInPlace) {
  Dataset<float> all = sample_set();
  all.labels.clear();
  all.classes = 0;
  Dataset<float> a_train, a_test, b_train, b_test;
  stratified_split(all, 0.3, 2, a_train, a_test);
  stratified_split(std::move(all), 0.3, 2, b_train, b_test);
  EXPECT_TRUE(same_bits(a_train.x, b_train.x));
  EXPECT_TRUE(same_bits(a_train.y, b_train.y));
  EXPECT_TRUE(same_bits(a_test.x, b_test.x));
  EXPECT_EQ(b_test.size(), 6000);
  EXPECT_TRUE(b_train.labels.empty());
}

}  // namespace
}  // namespace optim::nn
