// `optim train --data FILE.csv | DIR` and `optim predict` on the user's files, end to end: small
// tables written by the tests (string labels, regression, missing values, a categorical column,
// ragged rows, a BOM, CRLF) and a tiny gzip IDX folder.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "nn/idx.hpp"
#include "support/test_support.hpp"

namespace optim::testing {
namespace {

std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Three well separated classes named by strings, a categorical column and a numeric one; CRLF
// line ends and a byte-order mark, as a spreadsheet writes them.
std::string flower_table(int rows, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 0.3);
  std::ostringstream s;
  s << "\xEF\xBB\xBF"
    << "petal,soil,\"sepal, cm\",species\r\n";
  const char* names[] = {"setosa", "versicolor", "virginica"};
  for (int i = 0; i < rows; ++i) {
    const int c = i % 3;
    s << 2 * c + noise(rng) << "," << (i % 2 ? "clay" : "sand") << "," << -c + noise(rng) << ","
      << names[c] << "\r\n";
  }
  return s.str();
}

std::string regression_table(int rows, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  std::ostringstream s;
  s.precision(10);
  s << "x1,x2,price,ratio\n";
  for (int i = 0; i < rows; ++i) {
    const double a = u(rng), b = u(rng);
    s << a << "," << b << "," << 5000 + 800 * a - 300 * b << "," << 0.5 * a + 0.25 * b << "\n";
  }
  return s.str();
}

nlohmann::json json_of(const CommandOutput& r) {
  return nlohmann::json::parse(r.out);
}

TEST(CliOwnData, StringLabelsTrainThenPredictGivesTheTrainersTestAccuracy) {
  const std::string train = write_file("flowers.csv", flower_table(150, 1));
  const std::string test = write_file("flowers_test.csv", flower_table(60, 2));
  const std::string model = temp_path("flowers.bin"), out = temp_path("flowers_pred.csv");
  auto r =
      run_cli("train --data " + train + " --target species --test " + test +
              " --hidden 16 --epochs 40 --lr 0.01 --seed 3 --dtype double --json --save " + model);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = json_of(r);
  EXPECT_EQ(j["task"], "classify");
  EXPECT_EQ(j["classes"], nlohmann::json({"setosa", "versicolor", "virginica"}));
  EXPECT_EQ(j["layers"], nlohmann::json({4, 16, 3}));  // petal, soil=clay, soil=sand, sepal
  EXPECT_GE(j["test_accuracy"].get<double>(), 0.9);
  ASSERT_EQ(j["per_class"].size(), 3u);
  long support = 0;
  for (const auto& c : j["per_class"]) {
    support += c["support"].get<long>();
    EXPECT_GE(c["f1"].get<double>(), 0.8) << c;
  }
  EXPECT_EQ(support, 60);
  EXPECT_EQ(j["per_class"][1]["class"], "versicolor");
  auto p = run_cli("predict --model " + model + " --data " + test + " --output " + out + " --json");
  ASSERT_EQ(p.exit_code, 0) << p.out;
  const auto q = json_of(p);
  EXPECT_EQ(q["accuracy"].get<double>(), j["test_accuracy"].get<double>());
  EXPECT_EQ(q["samples"].get<int>(), 60);
  // One line per input row: the class name and three probabilities summing to 1.
  std::ifstream in(out);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "row,predicted,p_setosa,p_versicolor,p_virginica");
  int rows = 0, agree = 0;
  const char* truth[] = {"setosa", "versicolor", "virginica"};
  while (std::getline(in, line)) {
    std::stringstream ls(line);
    std::string cell;
    std::vector<std::string> cells;
    while (std::getline(ls, cell, ',')) cells.push_back(cell);
    ASSERT_EQ(cells.size(), 5u) << line;
    EXPECT_EQ(std::stoi(cells[0]), rows + 1);
    EXPECT_NEAR(std::stod(cells[2]) + std::stod(cells[3]) + std::stod(cells[4]), 1.0, 1e-6);
    agree += cells[1] == truth[rows % 3];
    ++rows;
  }
  EXPECT_EQ(rows, 60);
  EXPECT_NEAR(double(agree) / rows, q["accuracy"].get<double>(), 1e-12);
  // An output over an input of the run is refused before anything is written.
  auto over = run_cli("predict --model " + model + " --data " + test + " --output " + test, true);
  EXPECT_EQ(over.exit_code, 2) << over.out;
  EXPECT_EQ(read_text(test), flower_table(60, 2));
}

TEST(CliOwnData, RegressionWithTwoTargetsReportsRmseInTheTargetsUnits) {
  const std::string train = write_file("prices.csv", regression_table(300, 4));
  const std::string test = write_file("prices_test.csv", regression_table(100, 5));
  const std::string model = temp_path("prices.bin"), out = temp_path("prices_pred.csv");
  auto r = run_cli("train --data " + train + " --target price,ratio --test " + test +
                   " --hidden 32 --epochs 60 --seed 1 --dtype double --json --save " + model);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = json_of(r);
  EXPECT_EQ(j["task"], "regress");
  EXPECT_FALSE(j.contains("test_accuracy"));
  EXPECT_EQ(j["layers"], nlohmann::json({2, 32, 2}));
  // The price spreads over ~±1000: an RMSE in its units, well under its standard deviation.
  const double rmse = j["test_rmse"].get<double>();
  EXPECT_GT(rmse, 0);
  EXPECT_LT(rmse, 100);
  EXPECT_LE(j["test_mae"].get<double>(), rmse);
  EXPECT_GT(j["test_r2"].get<double>(), 0.95);
  EXPECT_LE(j["test_r2"].get<double>(), 1.0);
  auto p = run_cli("predict --model " + model + " --data " + test + " --json --output " + out);
  ASSERT_EQ(p.exit_code, 0) << p.out;
  EXPECT_NEAR(json_of(p)["rmse"].get<double>(), rmse, 1e-9 * rmse);
  EXPECT_NEAR(json_of(p)["mae"].get<double>(), j["test_mae"].get<double>(), 1e-9 * rmse);
  EXPECT_NEAR(json_of(p)["r2"].get<double>(), j["test_r2"].get<double>(), 1e-12);
  const std::string text = read_text(out);
  EXPECT_EQ(text.substr(0, text.find('\n')), "row,price,ratio");
  // Without the target columns: predictions only.
  const std::string features = write_file("prices_x.csv", "x1,x2\n0.5,-0.5\n");
  auto f = run_cli("predict --model " + model + " --data " + features + " --output " + out);
  ASSERT_EQ(f.exit_code, 0) << f.out;
  EXPECT_NE(f.out.find("predictions only"), std::string::npos) << f.out;
  const std::string one = read_text(out);
  const double price = std::stod(one.substr(one.find("\n1,") + 3));
  EXPECT_NEAR(price, 5000 + 400 + 150, 150);
}

TEST(CliOwnData, MissingValuesNameRowAndColumnOrAreDropped) {
  std::string t = "a,b,y\n";
  for (int i = 0; i < 40; ++i)
    t += std::to_string(i % 5) + "," + (i == 6 ? std::string("NA") : std::to_string(i % 3)) + "," +
         (i % 2 ? "yes" : "no") + "\n";
  const std::string path = write_file("missing.csv", t);
  auto bad = run_cli("train --data " + path + " --target y --epochs 1", true);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find(path + ":8: row 7, column 'b': missing value (NA or empty); pass "
                                "--drop-missing"),
            std::string::npos)
      << bad.out;
  auto ok = run_cli("train --data " + path + " --target y --epochs 1 --drop-missing --json");
  ASSERT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_EQ(json_of(ok)["classes"], nlohmann::json({"no", "yes"}));
}

TEST(CliOwnData, BadTablesAndFlagsExitWithCode2AndAClearMessage) {
  const std::string ragged = write_file("ragged.csv", "a,b,y\n1,2,0\n3,1\n");
  auto r = run_cli("train --data " + ragged + " --target y", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find(ragged + ":3: row 2 has 2 fields, the header has 3 columns"),
            std::string::npos)
      << r.out;
  const std::string ok = write_file("ok.csv", flower_table(30, 1));
  auto no_target = run_cli("train --data " + ok, true);
  EXPECT_EQ(no_target.exit_code, 2);
  EXPECT_NE(no_target.out.find("--target COLUMN"), std::string::npos) << no_target.out;
  auto unknown = run_cli("train --data " + ok + " --target kind", true);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.out.find("--target: unknown column 'kind'"), std::string::npos) << unknown.out;
  auto layers = run_cli("train --data " + ok + " --target species --layers 3,8,3", true);
  EXPECT_EQ(layers.exit_code, 2);
  EXPECT_NE(layers.out.find("--layers 3,8,3: the input width is 3 but the data have 4 inputs"),
            std::string::npos)
      << layers.out;
  auto full = run_cli("train --data " + ok + " --target species --layers 4,8,3 --epochs 1");
  EXPECT_EQ(full.exit_code, 0) << full.out;
  auto named = run_cli("train --data xor --target y", true);
  EXPECT_EQ(named.exit_code, 2);
  EXPECT_NE(named.out.find("apply to --data FILE.csv"), std::string::npos) << named.out;
}

TEST(CliOwnData, TestFractionIsStratifiedAndSeeded) {
  const std::string path = write_file("fraction.csv", flower_table(90, 7));
  auto run = [&](const std::string& seed) {
    auto r = run_cli("train --data " + path + " --target species --test-fraction 0.3 --epochs 3 " +
                     "--no-progress --seed " + seed);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    return r.out.substr(0, r.out.find('\n'));
  };
  const std::string first = run("5");
  // 30 per class: 9 of each held out.
  EXPECT_NE(first.find("63 train, 27 test samples"), std::string::npos) << first;
  auto json = [&](const std::string& seed) {
    auto r = run_cli("train --data " + path + " --target species --test-fraction 0.3 --epochs 3 " +
                     "--json --seed " + seed);
    std::vector<double> losses;
    const nlohmann::json j = json_of(r);
    EXPECT_EQ(j["per_epoch"].size(), 3u);
    for (const auto& e : j["per_epoch"]) losses.push_back(e["train_loss"].get<double>());
    return losses;
  };
  EXPECT_EQ(json("5"), json("5"));
  EXPECT_NE(json("5"), json("6"));
}

TEST(CliOwnData, GzipIdxFolderTrainsAndPredicts) {
  const std::string dir = temp_path("idx_folder");
  std::filesystem::create_directories(dir);
  // 60 training and 30 test images of 4x4 pixels: class k lights row k.
  auto images = [](int n) {
    std::vector<std::uint8_t> px(std::size_t(n) * 16, 0);
    for (int i = 0; i < n; ++i)
      for (int c = 0; c < 4; ++c) px[std::size_t(i) * 16 + std::size_t(4 * (i % 4) + c)] = 250;
    return px;
  };
  auto labels = [](int n) {
    std::vector<std::uint8_t> l;
    for (int i = 0; i < n; ++i) l.push_back(std::uint8_t(i % 4));
    return l;
  };
  nn::write_idx(dir + "/train-images-idx3-ubyte", {60, 4, 4}, images(60));
  nn::write_idx(dir + "/train-labels-idx1-ubyte", {60}, labels(60));
  nn::write_idx(dir + "/t10k-images-idx3-ubyte", {30, 4, 4}, images(30));
  nn::write_idx(dir + "/t10k-labels-idx1-ubyte", {30}, labels(30));
  ASSERT_EQ(std::system(("gzip -f " + dir + "/*-ubyte").c_str()), 0);
  const std::string model = temp_path("idx.bin");
  auto r = run_cli("train --data " + dir +
                   " --hidden 8 --epochs 30 --lr 0.01 --batch-size 8 --seed 2 --json " + "--save " +
                   model);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = json_of(r);
  EXPECT_EQ(j["layers"], nlohmann::json({16, 8, 4}));
  EXPECT_EQ(j["classes"], nlohmann::json({"0", "1", "2", "3"}));
  EXPECT_EQ(j["test_accuracy"].get<double>(), 1.0);
  auto p = run_cli("predict --model " + model + " --data " + dir + " --json");
  ASSERT_EQ(p.exit_code, 0) << p.out;
  EXPECT_EQ(json_of(p)["accuracy"].get<double>(), 1.0);
  EXPECT_EQ(json_of(p)["samples"].get<int>(), 30);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace optim::testing
