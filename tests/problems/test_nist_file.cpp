// The NIST StRD .dat reader: the 19 bundled files, exact values of one of them, and a clear error
// (file, line, what was expected) for each kind of malformed or truncated file.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "io/nist_file.hpp"
#include "problems/nist/nist_model.hpp"
#include "support/test_support.hpp"

namespace optim::problems {
namespace {

std::string nist_path(const std::string& name) {
  return optim::testing::source_path("problems/data/nist/" + name + ".dat");
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// Writes Misra1a.dat with an edit applied to its lines (1-based) to a temporary file.
std::string broken_misra1a(const std::string& tag,
                           const std::function<void(std::vector<std::string>&)>& edit) {
  auto lines = read_lines(nist_path("Misra1a"));
  edit(lines);
  const std::string path = optim::testing::temp_path("broken_" + tag + ".dat");
  std::ofstream out(path);
  for (const auto& l : lines) out << l << "\n";
  return path;
}

void expect_error(const std::string& path, const std::vector<std::string>& fragments) {
  try {
    read_nist_file(path);
    FAIL() << "expected invalid_argument for " << path;
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << msg;
  }
}

TEST(NistFile, ReadsAllBundledFiles) {
  for (const auto& name : nist_dataset_names()) {
    const NistDataset d = read_nist_file(nist_path(name));
    EXPECT_EQ(d.name, name);
    EXPECT_EQ(d.num_params(), nist_dataset_dim(name)) << name;
    EXPECT_EQ(d.y.size(), d.observations) << name;
    EXPECT_EQ(d.x.rows(), d.observations) << name;
    EXPECT_EQ(d.x.cols(), name == "Nelson" ? 2 : 1) << name;
    EXPECT_EQ(d.dof + d.num_params(), d.observations) << name;
    EXPECT_TRUE(d.warnings.empty()) << name << ": " << d.warnings.front();
    EXPECT_GT(d.rss, 0) << name;
    EXPECT_FALSE(d.difficulty.empty()) << name;
    EXPECT_NO_THROW(nist_model_for(d)) << name;
  }
}

TEST(NistFile, Misra1aValuesAsPrinted) {
  const NistDataset d = read_nist_file(nist_path("Misra1a"));
  EXPECT_EQ(d.name, "Misra1a");
  EXPECT_EQ(d.difficulty, "Lower");
  EXPECT_NE(d.model.find("y = b1*(1-exp[-b2*x])"), std::string::npos) << d.model;
  ASSERT_EQ(d.num_params(), 2);
  EXPECT_EQ(d.param_names[1], "b2");
  EXPECT_EQ(d.start1[0], 500);
  EXPECT_EQ(d.start1[1], 1e-4);
  EXPECT_EQ(d.start2[0], 250);
  EXPECT_EQ(d.start2[1], 5e-4);
  EXPECT_EQ(d.certified[0], 2.3894212918E+02);
  EXPECT_EQ(d.certified[1], 5.5015643181E-04);
  EXPECT_EQ(d.certified_sd[0], 2.7070075241E+00);
  EXPECT_EQ(d.rss, 1.2455138894E-01);
  EXPECT_EQ(d.residual_sd, 1.0187876330E-01);
  EXPECT_EQ(d.dof, 12);
  ASSERT_EQ(d.observations, 14);
  EXPECT_EQ(d.y[0], 10.07);
  EXPECT_EQ(d.x(0, 0), 77.6);
  EXPECT_EQ(d.y[13], 81.78);
  EXPECT_EQ(d.x(13, 0), 760.0);
}

TEST(NistFile, MultiLineModelsAndConstantsAreKept) {
  const NistDataset enso = read_nist_file(nist_path("ENSO"));
  EXPECT_NE(enso.model.find("b8*cos( 2*pi*x/b7 )"), std::string::npos) << enso.model;
  const NistDataset r = read_nist_file(nist_path("Roszman1"));
  EXPECT_NE(r.model.find("pi = 3.14159"), std::string::npos) << r.model;
  EXPECT_NE(r.model.find("arctan[b3/(x-b4)]/pi"), std::string::npos) << r.model;
}

TEST(NistFile, MissingOrEmptyFile) {
  expect_error(::testing::TempDir() + "no_such_file.dat", {"cannot open", "no_such_file.dat"});
  const std::string empty = broken_misra1a("empty", [](auto& l) { l.clear(); });
  expect_error(empty, {empty + ":1:", "empty file"});
}

TEST(NistFile, WrongTitle) {
  const auto p = broken_misra1a("title", [](auto& l) { l[0] = "Some other file"; });
  expect_error(p, {p + ":1:", "NIST/ITL StRD", "Some other file"});
}

TEST(NistFile, MissingBlockHeader) {
  const auto p = broken_misra1a("nodata", [](auto& l) { l[6] = "               Stuff"; });
  expect_error(p, {p + ":1:", "'Data (lines A to B)'"});
}

TEST(NistFile, TruncatedFile) {
  const auto p = broken_misra1a("truncated", [](auto& l) { l.resize(65); });
  expect_error(p, {p + ":7:", "ending at line 74", "only 65 lines", "truncated"});
}

TEST(NistFile, MalformedParameterLine) {
  const auto p = broken_misra1a("param", [](auto& l) { l[41] = "  b2 : 0.0001 0.0005 1 2"; });
  expect_error(p, {p + ":42:", "expected 'b2 = <start 1>", "b2 : 0.0001"});
  const auto q = broken_misra1a("paramnum", [](auto& l) {
    l[40] = "  b1 =   500         2x50           2.3894212918E+02  2.7070075241E+00";
  });
  expect_error(q, {q + ":41:", "expected 'b1 = "});
}

TEST(NistFile, MissingCertifiedRss) {
  const auto p = broken_misra1a("rss", [](auto& l) { l[43] = ""; });
  expect_error(p, {p + ":41:", "Residual Sum of Squares:"});
}

TEST(NistFile, InconsistentDegreesOfFreedomIsAWarning) {
  const auto p = broken_misra1a(
      "dof", [](auto& l) { l[45] = "Degrees of Freedom:                                13"; });
  const NistDataset d = read_nist_file(p);
  EXPECT_EQ(d.dof, 12);
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_EQ(d.warnings[0], p + ":46: Degrees of Freedom is 13, but observations - parameters = "
                               "14 - 2 = 12; using 12");
}

TEST(NistFile, BadDataLines) {
  const auto p = broken_misra1a("datanum", [](auto& l) { l[62] = "      17.94E0     1x41.1E0"; });
  expect_error(p, {p + ":63:", "a number in column 2"});
  const auto q = broken_misra1a("datacols", [](auto& l) { l[62] = "      17.94E0"; });
  expect_error(q, {q + ":63:", "2 numbers"});
  const auto r = broken_misra1a("datahdr", [](auto& l) { l[59] = ""; });
  expect_error(r, {r + ":60:", "'Data: y x ...'"});
}

TEST(NistFile, ObservationCountThatDisagreesWithTheDataRangeIsAWarning) {
  // The data block's line range decides; the stated counts are redundant metadata.
  const auto p = broken_misra1a("nobs", [](auto& l) {
    l[46] = "Number of Observations:                            15";
    l[45] = "Degrees of Freedom:                                13";
  });
  const NistDataset d = read_nist_file(p);
  EXPECT_EQ(d.observations, 14);
  EXPECT_EQ(d.dof, 12);
  ASSERT_EQ(d.warnings.size(), 2u);
  EXPECT_NE(d.warnings[0].find(p + ":47: Number of Observations is 15, but the data block (lines "
                                   "61 to 74) has 14 lines; using 14"),
            std::string::npos)
      << d.warnings[0];
}

TEST(NistFile, ModelTextMustMatchTheBuiltInModel) {
  const auto p = broken_misra1a("model", [](auto& l) { l[33] = "               y = b1*x + b2"; });
  const NistDataset d = read_nist_file(p);
  try {
    nist_model_for(d);
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("does not match the built-in model"), std::string::npos)
        << e.what();
  }
}

TEST(NistLre, HandComputedValues) {
  // LRE = -log10(|est - cert| / |cert|): 1.0001 vs 1 -> 4 digits; exact -> the cap.
  EXPECT_NEAR(lre(1.0001, 1.0), 4.0, 1e-9);
  EXPECT_NEAR(lre(-2.002, -2.0), 3.0, 1e-9);
  EXPECT_EQ(lre(3.5, 3.5), 15.65);
  EXPECT_EQ(lre(3.5, 3.5, 11), 11);
  EXPECT_EQ(lre(100, 1), 0);  // worse than 0 digits clamps to 0
  EXPECT_EQ(lre(std::nan(""), 1), 0);
  EXPECT_NEAR(lre(1e-6, 0), 6.0, 1e-9);  // certified 0: absolute error
}

}  // namespace
}  // namespace optim::problems
