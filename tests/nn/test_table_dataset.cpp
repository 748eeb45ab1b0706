// Data sets from the user's files: CSV tables (task detection, class names, one-hot levels,
// missing values, reading through a saved schema), stratified splits, IDX folders (plain and
// gzip), and the model file's schema (version 2; version 1 files still load).
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "nn/class_metrics.hpp"
#include "nn/data_sources.hpp"
#include "nn/idx.hpp"
#include "nn/idx_folder.hpp"
#include "nn/model_io.hpp"
#include "nn/regression_metrics.hpp"
#include "nn/table_dataset.hpp"
#include "support/test_support.hpp"

namespace optim::nn {
namespace {

using optim::testing::invalid_argument_message;

std::string write_table(const std::string& name, const std::string& text) {
  const std::string path = optim::testing::temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TableRequest request(const std::string& path, std::vector<std::string> targets) {
  TableRequest r;
  r.path = path;
  r.targets = std::move(targets);
  return r;
}

TEST(TableDataset, StringLabelsAreSortedClassNames) {
  const auto path = write_table("labels.csv", "a,b,kind\n1,2,dog\n3,4,cat\n5,6,dog\n7,8,emu\n");
  DataSchema s;
  const auto d = read_training_table<double>(request(path, {"kind"}), s);
  EXPECT_EQ(s.task, "classify");
  EXPECT_EQ(s.classes, (std::vector<std::string>{"cat", "dog", "emu"}));
  EXPECT_EQ(d.classes, 3);
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0, 1, 2}));
  ASSERT_EQ(d.features(), 2);
  EXPECT_EQ(d.x(0, 1), 3);
  EXPECT_EQ(d.x(1, 3), 8);
  ASSERT_EQ(s.features.size(), 2u);
  EXPECT_EQ(s.features[1].name, "b");
}

TEST(TableDataset, IntegerLabelsSortAsNumbers) {
  const auto path = write_table("ints.csv", "x,y\n0.5,10\n1.5,9\n2.5,10\n");
  DataSchema s;
  const auto d = read_training_table<float>(request(path, {"y"}), s);
  EXPECT_EQ(s.classes, (std::vector<std::string>{"9", "10"}));
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0, 1}));
  // The same column as a regression target when asked.
  auto r = request(path, {"y"});
  r.task = "regress";
  const auto g = read_training_table<float>(r, s);
  EXPECT_EQ(s.task, "regress");
  EXPECT_EQ(g.y(0, 1), 9.0f);
  EXPECT_TRUE(g.labels.empty());
}

TEST(TableDataset, WholeNumbersSpelledAsRealsOrManyIntegersAreRegression) {
  DataSchema s;
  const auto reals = write_table("wr.csv", "x,y\n1,151.0\n2,75.0\n3,151.0\n");
  (void)read_training_table<double>(request(reals, {"y"}), s);
  EXPECT_EQ(s.task, "regress");
  std::string many = "x,y\n";
  for (int i = 0; i < 101; ++i) many += std::to_string(i) + "," + std::to_string(1000 + i) + "\n";
  const auto prices = write_table("many.csv", many);
  (void)read_training_table<double>(request(prices, {"y"}), s);
  EXPECT_EQ(s.task, "regress");
  auto forced = request(prices, {"y"});
  forced.task = "classify";
  const auto d = read_training_table<double>(forced, s);
  EXPECT_EQ(s.classes.size(), 101u);
  EXPECT_EQ(d.labels[100], 100);
  // 100 distinct integers are still classes.
  many.resize(many.rfind("100,"));
  (void)read_training_table<double>(request(write_table("hundred.csv", many), {"y"}), s);
  EXPECT_EQ(s.task, "classify");
}

TEST(TableDataset, RealTargetsAreRegressionAndSeveralTargetsMultiOutput) {
  const auto path = write_table("reg.csv", "x,y1,y2\n1,0.5,3\n2,1.5,4\n3,2.5,7\n");
  DataSchema s;
  const auto d = read_training_table<double>(request(path, {"y1"}), s);
  EXPECT_EQ(s.task, "regress");
  EXPECT_EQ(d.features(), 2);  // x and y2
  auto two = request(path, {"y1", "y2"});
  Dataset<double> m = read_training_table<double>(two, s);
  ASSERT_EQ(m.y.rows(), 2);
  EXPECT_EQ(m.features(), 1);
  EXPECT_EQ(m.y(1, 2), 7);
  // Target standardisation fitted on the training set: mean 0, variance 1, undone exactly.
  fit_target_scaling<double>(s, m, nullptr);
  EXPECT_NEAR(m.y.row(1).mean(), 0, 1e-12);
  EXPECT_NEAR(m.y.row(1).squaredNorm() / 3, 1, 1e-12);
  s.unscale_targets(m.y);
  EXPECT_NEAR(m.y(1, 2), 7, 1e-12);
  two.task = "classify";
  EXPECT_NE(invalid_argument_message([&] {
              read_training_table<double>(two, s);
            }).find("--task classify takes one --target column"),
            std::string::npos);
  auto reals = request(path, {"y1"});
  reals.task = "classify";
  EXPECT_NE(invalid_argument_message([&] {
              read_training_table<double>(reals, s);
            }).find("holds numbers that are not all integers"),
            std::string::npos);
}

TEST(TableDataset, MissingValuesAreAnErrorOrDroppedAndUnusedColumnsDoNotCount) {
  const auto path = write_table("missing.csv", "a,b,note,y\n1,2,,0\n3,NA,x,1\n5,6,,0\n7,8,y,1\n");
  DataSchema s;
  auto r = request(path, {"y"});
  r.features = {"a", "b"};
  EXPECT_NE(invalid_argument_message([&] { read_training_table<double>(r, s); })
                .find(path + ":3: row 2, column 'b': missing value (NA or empty); pass "
                             "--drop-missing"),
            std::string::npos);
  r.drop_missing = true;
  const auto d = read_training_table<double>(r, s);
  ASSERT_EQ(d.size(), 3);
  EXPECT_EQ(d.labels, (std::vector<int>{0, 0, 1}));
  EXPECT_EQ(d.x(0, 1), 5);
  // Without --features the note column (text, with missing cells) is a feature: refused.
  auto all = request(path, {"y"});
  EXPECT_NE(invalid_argument_message([&] {
              read_training_table<double>(all, s);
            }).find("row 1, column 'note': missing value"),
            std::string::npos);
}

TEST(TableDataset, TextFeaturesAreOneHotOverSortedLevels) {
  const auto path = write_table("cat.csv", "color,v,y\nred,1,a\nblue,2,b\ngreen,3,a\nred,4,b\n");
  DataSchema s;
  const auto d = read_training_table<double>(request(path, {"y"}), s);
  ASSERT_EQ(s.features.size(), 2u);
  EXPECT_EQ(s.features[0].levels, (std::vector<std::string>{"blue", "green", "red"}));
  EXPECT_EQ(s.inputs(), 4);
  ASSERT_EQ(d.features(), 4);
  const std::vector<double> row0 = {0, 0, 1, 1}, row2 = {0, 1, 0, 3};
  for (Index i = 0; i < 4; ++i) {
    EXPECT_EQ(d.x(i, 0), row0[std::size_t(i)]);
    EXPECT_EQ(d.x(i, 2), row2[std::size_t(i)]);
  }
}

TEST(TableDataset, AnIdentifierColumnIsRefusedAsACategory) {
  std::string t = "name,v,y\n";
  for (int i = 0; i < 300; ++i)
    t +=
        "person" + std::to_string(i) + "," + std::to_string(i) + "," + std::to_string(i % 2) + "\n";
  const auto path = write_table("ids.csv", t);
  DataSchema s;
  EXPECT_NE(invalid_argument_message([&] { read_training_table<double>(request(path, {"y"}), s); })
                .find("column 'name' holds 300 distinct texts in 300 rows (an identifier?); leave "
                      "it out with --features"),
            std::string::npos);
  auto r = request(path, {"y"});
  r.features = {"v"};
  EXPECT_EQ(read_training_table<double>(r, s).features(), 1);
}

TEST(TableDataset, ReadingThroughASchemaMapsLevelsAndClassesByName) {
  const auto train = write_table("tr.csv", "color,v,y\nred,1,a\nblue,2,b\n");
  DataSchema s;
  (void)read_training_table<double>(request(train, {"y"}), s);
  // Other column order, levels in another order, no target column.
  const auto other = write_table("new.csv", "v,color\n5,blue\n6,red\n");
  bool has_targets = true;
  std::vector<std::size_t> rows;
  const auto d = read_table_with_schema<double>(other, s, false, false, has_targets, &rows);
  EXPECT_FALSE(has_targets);
  EXPECT_EQ(rows, (std::vector<std::size_t>{1, 2}));
  ASSERT_EQ(d.features(), 3);
  EXPECT_EQ(d.x(0, 0), 1);  // blue
  EXPECT_EQ(d.x(2, 0), 5);
  EXPECT_EQ(d.x(1, 1), 1);  // red
  const auto with_y = write_table("y.csv", "color,v,y\nred,1,b\n");
  const auto t = read_table_with_schema<double>(with_y, s, false, true, has_targets);
  EXPECT_TRUE(has_targets);
  EXPECT_EQ(t.labels, (std::vector<int>{1}));
  // Integer classes read back by value whatever their spelling.
  const auto ints = write_table("ti.csv", "v,k\n1,3\n2,10\n3,3\n");
  DataSchema si;
  (void)read_training_table<float>(request(ints, {"k"}), si);
  const auto spelled = write_table("ti2.csv", "v,k\n1,10\n2,03\n");
  const auto back = read_table_with_schema<float>(spelled, si, false, true, has_targets);
  EXPECT_EQ(back.labels, (std::vector<int>{1, 0}));
  const auto purple = write_table("p.csv", "color,v\nred,1\npurple,2\n");
  EXPECT_NE(invalid_argument_message(
                [&] { read_table_with_schema<double>(purple, s, false, false, has_targets); })
                .find("row 2, column 'color': level 'purple' was not in the training data (levels: "
                      "blue, red)"),
            std::string::npos);
  const auto no_v = write_table("nv.csv", "color\nred\n");
  EXPECT_NE(invalid_argument_message([&] {
              read_table_with_schema<double>(no_v, s, false, false, has_targets);
            }).find("unknown column 'v'"),
            std::string::npos);
  const auto text_v = write_table("tv.csv", "color,v\nred,high\n");
  EXPECT_NE(invalid_argument_message([&] {
              read_table_with_schema<double>(text_v, s, false, false, has_targets);
            }).find("column 'v' holds text ('high'); the model was trained on numbers in it"),
            std::string::npos);
}

TEST(TableDataset, StratifiedSplitKeepsTheClassMixAndDependsOnlyOnTheSeed) {
  Dataset<double> all;
  all.classes = 2;
  all.x.resize(1, 100);
  for (Index j = 0; j < 100; ++j) {
    all.x(0, j) = double(j);
    all.labels.push_back(j < 80 ? 0 : 1);
  }
  Dataset<double> tr, te, tr2, te2, tr3, te3;
  stratified_split(all, 0.25, 7, tr, te);
  ASSERT_EQ(te.size(), 25);  // 20 of class 0, 5 of class 1
  EXPECT_EQ(std::count(te.labels.begin(), te.labels.end(), 1), 5);
  EXPECT_EQ(tr.size(), 75);
  stratified_split(all, 0.25, 7, tr2, te2);
  EXPECT_EQ(te.x, te2.x);
  stratified_split(all, 0.25, 8, tr3, te3);
  EXPECT_NE(te.x, te3.x);
  EXPECT_NE(invalid_argument_message([&] {
              stratified_split(all, 1.0, 7, tr, te);
            }).find("--test-fraction"),
            std::string::npos);
}

// A tiny IDX folder: 3x2 images, 4 training and 2 test samples, labels 0..2.
class IdxFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = optim::testing::temp_path(
        std::string("idxdir_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::vector<std::uint32_t>& dims,
             const std::vector<std::uint8_t>& data, bool gz) {
    const std::string path = dir_ + "/" + name;
    write_idx(path, dims, data);
    if (!gz) return;
    const std::string raw = optim::testing::read_text(path);
    gzFile f = gzopen((path + ".gz").c_str(), "wb");
    gzwrite(f, raw.data(), unsigned(raw.size()));
    gzclose(f);
    std::filesystem::remove(path);
  }
  void make(bool gz) {
    std::vector<std::uint8_t> img(4 * 6), test_img(2 * 6, 255);
    for (std::size_t i = 0; i < img.size(); ++i) img[i] = std::uint8_t(10 * i);
    write("fashion-train-images-idx3-ubyte", {4, 3, 2}, img, gz);
    write("fashion-train-labels-idx1-ubyte", {4}, {0, 2, 1, 2}, gz);
    write("t10k-images-idx3-ubyte", {2, 3, 2}, test_img, gz);
    write("t10k-labels-idx1-ubyte", {2}, {1, 0}, gz);
  }
  std::string dir_;
};

TEST_F(IdxFolderTest, PlainAndGzipFoldersGiveTheSameSets) {
  for (bool gz : {false, true}) {
    make(gz);
    ASSERT_TRUE(is_idx_folder(dir_));
    EXPECT_EQ(data_kind(dir_), DataKind::IdxFolder);
    Dataset<float> train, test;
    DataSchema s;
    load_idx_folder<float>(find_idx_folder(dir_), train, test, s);
    EXPECT_EQ(s.kind, "idx");
    EXPECT_EQ(s.pixels, 6);
    EXPECT_EQ(s.classes, (std::vector<std::string>{"0", "1", "2"}));
    ASSERT_EQ(train.size(), 4);
    EXPECT_EQ(train.labels, (std::vector<int>{0, 2, 1, 2}));
    EXPECT_FLOAT_EQ(train.x(1, 0), 10.0f / 255);
    EXPECT_FLOAT_EQ(train.x(5, 3), 230.0f / 255);
    ASSERT_EQ(test.size(), 2);
    EXPECT_EQ(test.labels, (std::vector<int>{1, 0}));
    for (const auto& e : std::filesystem::directory_iterator(dir_)) std::filesystem::remove(e);
  }
}

TEST_F(IdxFolderTest, TruncatedGzipAndMissingPairsAreNamed) {
  make(true);
  const std::string labels = dir_ + "/fashion-train-labels-idx1-ubyte.gz";
  std::string bytes = optim::testing::read_text(labels);
  std::ofstream(labels, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  Dataset<float> train, test;
  DataSchema s;
  EXPECT_NE(invalid_argument_message([&] {
              load_idx_folder<float>(find_idx_folder(dir_), train, test, s);
            }).find(labels),
            std::string::npos);
  std::filesystem::remove(labels);
  EXPECT_NE(invalid_argument_message([&] { find_idx_folder(dir_); }).find("no training pair"),
            std::string::npos);
}

TEST(ModelSchema, RoundTripAndVersionOneFilesStillLoad) {
  NetworkSpec spec;
  spec.layers = {4, 3, 2};
  Network<double> net(spec);
  Vec<double> params;
  net.init_params(params, 1);
  DataSchema s;
  s.kind = "table";
  s.task = "classify";
  s.features = {{"color", {"blue", "red"}}, {"v", {}}, {"w", {}}};
  s.targets = {"y"};
  s.classes = {"a", "b"};
  const std::string path = optim::testing::temp_path("schema.bin");
  save_model<double>(path, spec, params, Scaler{}, "t.csv", s);
  const Model m = load_model(path);
  EXPECT_EQ(m.schema.kind, "table");
  EXPECT_EQ(m.schema.features[0].levels, (std::vector<std::string>{"blue", "red"}));
  EXPECT_EQ(m.schema.features[2].name, "w");
  EXPECT_EQ(m.schema.classes, s.classes);
  EXPECT_EQ(m.params, params);

  // A version 1 file: the same payload without the schema section (an empty schema writes 64
  // bytes: two empty strings, six counts), its own length and checksum.
  save_model<double>(path, spec, params, Scaler{}, "t.csv");
  std::string b = optim::testing::read_text(path);
  std::string payload = b.substr(20, b.size() - 28);
  payload.resize(payload.size() - 64);
  std::string v1 = b.substr(0, 8) + std::string("\x01\0\0\0", 4);
  auto put64 = [](std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(char(v >> (8 * i)));
  };
  put64(v1, payload.size());
  v1 += payload;
  put64(v1, fnv1a64(reinterpret_cast<const unsigned char*>(payload.data()), payload.size()));
  std::ofstream(path, std::ios::binary) << v1;
  const Model old = load_model(path);
  EXPECT_TRUE(old.schema.empty());
  EXPECT_EQ(old.params, params);
  // A schema whose inputs disagree with the network is refused.
  s.features.pop_back();
  save_model<double>(path, spec, params, Scaler{}, "t.csv", s);
  EXPECT_NE(invalid_argument_message([&] {
              load_model(path);
            }).find("reads 3 inputs from its data but its network takes 4"),
            std::string::npos);
}

TEST(ClassMetrics, PrecisionRecallF1FromTheConfusionMatrix) {
  // rows true, columns predicted: class 0: 8 right, 2 taken for 1; class 1: 5 right, 1 taken for
  // 0; class 2 never seen nor predicted.
  const auto m = per_class_metrics({{8, 2, 0}, {1, 5, 0}, {0, 0, 0}});
  EXPECT_DOUBLE_EQ(m[0].precision, 8.0 / 9);
  EXPECT_DOUBLE_EQ(m[0].recall, 0.8);
  EXPECT_DOUBLE_EQ(m[0].f1, 2 * (8.0 / 9) * 0.8 / (8.0 / 9 + 0.8));
  EXPECT_EQ(m[0].support, 10);
  EXPECT_DOUBLE_EQ(m[1].precision, 5.0 / 7);
  EXPECT_DOUBLE_EQ(m[1].recall, 5.0 / 6);
  EXPECT_EQ(m[2].precision, 0);
  EXPECT_EQ(m[2].f1, 0);
}

TEST(RegressionErrorsTest, RmseMaeAndRSquaredInTheTargetsUnits) {
  NetworkSpec spec;
  spec.layers = {1, 1};
  spec.loss = Loss::Mse;
  Network<double> net(spec);
  Vec<double> params(2);
  params << 2, 0;  // y' = 2 x' (a linear output layer: W then b)
  Dataset<double> d;
  d.x.resize(1, 4);
  d.x << 0, 1, 2, 3;
  d.y.resize(1, 4);
  d.y << 0, 2, 4, 7;  // off by 1 at the last sample (standardised units)
  DataSchema s;
  s.task = "regress";
  s.target_shift = {100};
  s.target_scale = {0.5};  // y = y' / 0.5 + 100: errors double in the target's units
  const auto e = regression_errors<double>(net, params, d, s);
  EXPECT_DOUBLE_EQ(e.rmse, std::sqrt(4.0 / 4));
  EXPECT_DOUBLE_EQ(e.mae, 2.0 / 4);
  // R^2 does not depend on the units: 1 - 1 / sum (y' - mean y')^2 with mean 3.25.
  const double tot = 3.25 * 3.25 + 1.25 * 1.25 + 0.75 * 0.75 + 3.75 * 3.75;
  EXPECT_NEAR(e.r2, 1 - 1 / tot, 1e-12);
}

}  // namespace
}  // namespace optim::nn
