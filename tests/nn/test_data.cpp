// IDX reading with validation (files written by the test), synthetic sets, scaling, splitting and
// seeded shuffling.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>

#include "nn/data_sources.hpp"
#include "nn/idx.hpp"
#include "nn/synthetic.hpp"
#include "support/test_support.hpp"

namespace optim::nn {
namespace {

using optim::testing::invalid_argument_message;

class IdxFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = optim::testing::temp_path(
        std::string("idx_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& f) const { return (dir_ / f).string(); }
  void write_bytes(const std::string& f, const std::vector<unsigned char>& b) const {
    std::ofstream(path(f), std::ios::binary)
        .write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
  }
  std::filesystem::path dir_;
};

TEST_F(IdxFiles, RoundTripOfImagesAndLabels) {
  // 3 images of 2x2 pixels; big-endian sizes (0,0,0,3) etc. are written by write_idx.
  write_idx(path("img"), {3, 2, 2}, {0, 255, 51, 102, 1, 2, 3, 4, 10, 20, 30, 40});
  write_idx(path("lab"), {3}, {7, 0, 9});
  auto a = read_idx(path("img"));
  EXPECT_EQ(a.dims, (std::vector<std::uint32_t>{3, 2, 2}));
  EXPECT_EQ(a.count(), 12u);
  auto d = load_idx_classification<double>(path("img"), path("lab"), 10);
  EXPECT_EQ(d.size(), 3);
  EXPECT_EQ(d.features(), 4);
  EXPECT_DOUBLE_EQ(d.x(1, 0), 1.0);  // 255 / 255, sample 0 pixel 1
  EXPECT_DOUBLE_EQ(d.x(2, 0), 0.2);  // 51 / 255
  EXPECT_DOUBLE_EQ(d.x(3, 2), 40.0 / 255.0);
  EXPECT_EQ(d.labels, (std::vector<int>{7, 0, 9}));
  // Header bytes: magic 0 0 8 3, then 00 00 00 03 big-endian.
  std::ifstream in(path("img"), std::ios::binary);
  unsigned char h[8];
  in.read(reinterpret_cast<char*>(h), 8);
  EXPECT_EQ(h[2], 0x08);
  EXPECT_EQ(h[3], 3);
  EXPECT_EQ(h[7], 3);
}

TEST_F(IdxFiles, ClearErrorsForBrokenFiles) {
  // A gzip header cut short: read as gzip (by its magic), refused as a truncated gzip file.
  write_bytes("gz", {0x1f, 0x8b, 0x08, 0x00, 1, 2, 3});
  EXPECT_NE(invalid_argument_message([&] {
              read_idx(path("gz"));
            }).find("gzip file '" + path("gz") + "' is truncated"),
            std::string::npos);
  write_bytes("magic", {0, 1, 0x08, 1, 0, 0, 0, 0});
  EXPECT_NE(invalid_argument_message([&] { read_idx(path("magic")); }).find("wrong magic"),
            std::string::npos);
  write_bytes("type", {0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0});
  EXPECT_NE(invalid_argument_message([&] { read_idx(path("type")); }).find("0x0d"),
            std::string::npos);
  write_bytes("short_hdr", {0, 0, 8, 3, 0, 0, 0, 2});
  EXPECT_NE(invalid_argument_message([&] { read_idx(path("short_hdr")); }).find("truncated"),
            std::string::npos);
  write_bytes("short_data", {0, 0, 8, 1, 0, 0, 0, 5, 1, 2, 3});
  const std::string e = invalid_argument_message([&] { read_idx(path("short_data")); });
  EXPECT_NE(e.find("truncated"), std::string::npos) << e;
  EXPECT_NE(e.find("5"), std::string::npos) << e;
  write_bytes("tiny", {0, 0});
  EXPECT_NE(invalid_argument_message([&] { read_idx(path("tiny")); }).find("truncated"),
            std::string::npos);
  write_bytes("trailing", {0, 0, 8, 1, 0, 0, 0, 1, 7, 8});
  EXPECT_NE(invalid_argument_message([&] { read_idx(path("trailing")); }).find("trailing"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([&] { read_idx(path("missing")); }).find("cannot open"),
            std::string::npos);
}

TEST_F(IdxFiles, CountMismatchAndLabelRange) {
  write_idx(path("img"), {3, 2}, {1, 2, 3, 4, 5, 6});
  write_idx(path("lab2"), {2}, {0, 1});
  const std::string m = invalid_argument_message(
      [&] { load_idx_classification<float>(path("img"), path("lab2"), 10); });
  EXPECT_NE(m.find("mismatch"), std::string::npos) << m;
  write_idx(path("lab_bad"), {3}, {0, 10, 1});
  const std::string r = invalid_argument_message(
      [&] { load_idx_classification<float>(path("img"), path("lab_bad"), 10); });
  EXPECT_NE(r.find("label 10"), std::string::npos) << r;
  EXPECT_NE(r.find("[0, 10)"), std::string::npos) << r;
  write_idx(path("lab2d"), {3, 1}, {0, 1, 2});
  EXPECT_THROW(load_idx_classification<float>(path("img"), path("lab2d"), 10),
               std::invalid_argument);
  Dataset<float> tr, te;
  EXPECT_THROW(load_mnist<float>(dir_.string() + "/none", tr, te), std::invalid_argument);
}

TEST(Synthetic, SetsHaveTheirShapesAndAreSeeded) {
  auto x = make_xor<double>(2);
  EXPECT_EQ(x.size(), 8);
  EXPECT_EQ(x.labels, (std::vector<int>{0, 1, 1, 0, 0, 1, 1, 0}));
  auto s1 = make_spirals<float>(50, 0.1, 3), s2 = make_spirals<float>(50, 0.1, 3);
  auto s3 = make_spirals<float>(50, 0.1, 4);
  EXPECT_EQ(s1.x, s2.x);
  EXPECT_NE(s1.x, s3.x);
  EXPECT_EQ(s1.size(), 100);
  auto b = make_blobs<double>(100, 4, 3, 1);
  EXPECT_EQ(b.classes, 4);
  EXPECT_EQ(b.features(), 3);
  // Class 0's blob is centred at (3, 0, 0): the mean of 100 unit-variance points is within
  // 0.5 (5 standard errors) of it.
  Vec<double> mean = Vec<double>::Zero(3);
  for (Index j = 0; j < b.size(); ++j)
    if (b.labels[size_t(j)] == 0) mean += b.x.col(j) / 100.0;
  EXPECT_NEAR(mean[0], 3.0, 0.5);
  EXPECT_NEAR(mean[1], 0.0, 0.5);
  auto sn = make_sine<double>(200, 0.0, 2);  // no noise: y = sin(x) exactly
  for (Index j = 0; j < sn.size(); ++j) EXPECT_DOUBLE_EQ(sn.y(0, j), std::sin(sn.x(0, j)));
  EXPECT_THROW(make_synthetic<double>("moons", 10, 1), std::invalid_argument);
  EXPECT_THROW(make_blobs<double>(10, 1, 2, 1), std::invalid_argument);
}

TEST(Preprocessing, StandardiseAndMinMax) {
  auto d = make_blobs<double>(50, 3, 2, 8);
  auto s = Scaler::standardize(d);
  s.apply(d);
  for (Index i = 0; i < 2; ++i) {
    EXPECT_NEAR(d.x.row(i).mean(), 0.0, 1e-12);
    EXPECT_NEAR((d.x.row(i).array().square()).mean(), 1.0, 1e-12);
  }
  auto m = Scaler::min_max(d);
  m.apply(d);
  EXPECT_DOUBLE_EQ(d.x.minCoeff(), 0.0);
  EXPECT_DOUBLE_EQ(d.x.maxCoeff(), 1.0);
  Mat<double> wrong(3, 2);
  EXPECT_THROW(m.apply(wrong), std::invalid_argument);
}

TEST(Preprocessing, SplitAndShuffleAreSeededPartitions) {
  const std::uint64_t seed = 12;
  auto idx = shuffled_indices(100, seed);
  EXPECT_EQ(idx, shuffled_indices(100, seed));
  EXPECT_NE(idx, shuffled_indices(100, seed + 1));
  std::vector<Index> sorted = idx;
  std::sort(sorted.begin(), sorted.end());
  std::vector<Index> iota(100);
  std::iota(iota.begin(), iota.end(), Index{0});
  EXPECT_EQ(sorted, iota);
  auto d = make_blobs<double>(40, 2, 2, seed);
  for (Index j = 0; j < d.size(); ++j) d.x(0, j) = double(j);  // tag samples
  Dataset<double> tr, va;
  train_validation_split(d, 0.25, seed, tr, va);
  EXPECT_EQ(va.size(), 20);
  EXPECT_EQ(tr.size(), 60);
  std::set<double> tags;
  for (Index j = 0; j < tr.size(); ++j) tags.insert(tr.x(0, j));
  for (Index j = 0; j < va.size(); ++j) tags.insert(va.x(0, j));
  EXPECT_EQ(tags.size(), 80u);  // disjoint and complete
  EXPECT_THROW(train_validation_split(d, 1.0, seed, tr, va), std::invalid_argument);
}

TEST(Preprocessing, LayersParsing) {
  EXPECT_EQ(parse_layers("784,128,10"), (std::vector<Index>{784, 128, 10}));
  EXPECT_THROW(parse_layers("784"), std::invalid_argument);
  EXPECT_THROW(parse_layers("784,x,10"), std::invalid_argument);
  EXPECT_THROW(parse_layers("784,0,10"), std::invalid_argument);
  EXPECT_THROW(default_layers("cifar"), std::invalid_argument);
}

}  // namespace
}  // namespace optim::nn
