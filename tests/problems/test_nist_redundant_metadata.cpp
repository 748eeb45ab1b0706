// Authentic NIST StRD files whose redundant counts disagree with their data (NIST's Rat43.dat
// states 9 degrees of freedom for 15 observations - 4 parameters) are read, with a warning;
// and the reader reads only regular files, title first.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/nist_file.hpp"
#include "support/test_support.hpp"

namespace optim::problems {
namespace {

using optim::testing::invalid_argument_message;
using optim::testing::source_path;
using optim::testing::temp_path;

// The bundled Misra1a.dat with its "Degrees of Freedom" line stating `dof` (the file says 12).
std::string misra1a_with_dof(const std::string& name, const std::string& dof) {
  std::ifstream in(source_path("problems/data/nist/Misra1a.dat"));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const std::string line = "Degrees of Freedom:                                12";
  const auto pos = text.find(line);
  EXPECT_NE(pos, std::string::npos);
  text.replace(pos, line.size(), "Degrees of Freedom:                                " + dof);
  const std::string path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

TEST(NistRedundantMetadata, DisagreeingDegreesOfFreedomIsReadWithOneWarning) {
  const std::string path = misra1a_with_dof("dof9.dat", "9");
  const io::NistDataset d =
      io::read_nist_file(path);  // refused before: "expected degrees of freedom"
  EXPECT_EQ(d.observations, 14);
  EXPECT_EQ(d.dof, 12);  // observations - parameters, what the fit uses
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_EQ(d.warnings[0], path +
                               ":46: Degrees of Freedom is 9, but observations - parameters = "
                               "14 - 2 = 12; using 12");
  // What the fit needs is read as before.
  EXPECT_EQ(d.certified[0], 2.3894212918E+02);
  EXPECT_EQ(d.y.size(), 14);
}

TEST(NistRedundantMetadata, AConsistentFileHasNoWarning) {
  EXPECT_TRUE(io::read_nist_file(source_path("problems/data/nist/Misra1a.dat")).warnings.empty());
}

TEST(NistRedundantMetadata, WhatTheFitNeedsMustStillBeRight) {
  // A malformed count is a format error, not a disagreement.
  const std::string path = misra1a_with_dof("dofbad.dat", "twelve");
  EXPECT_NE(invalid_argument_message([&] {
              io::read_nist_file(path);
            }).find(path + ":46: expected 'Degrees of Freedom: <number>'"),
            std::string::npos);
}

TEST(NistRedundantMetadata, TheTitleIsCheckedBeforeTheRestIsRead) {
  const std::string path = temp_path("not_nist.dat");
  {
    std::ofstream out(path);
    out << "y,x\n";
    for (int i = 0; i < 200000; ++i) out << i << "," << i << "\n";  // ~2 MB
  }
  EXPECT_EQ(invalid_argument_message([&] { io::read_nist_file(path); }),
            path + ":1: expected the title 'NIST/ITL StRD', got 'y,x'");
}

TEST(NistRedundantMetadata, ASymlinkToDevZeroOrADirectoryIsRefused) {
  const std::string link = temp_path("nist_zero_link.dat");
  std::filesystem::create_symlink("/dev/zero", link);
  EXPECT_EQ(invalid_argument_message([&] { io::read_nist_file(link); }),
            "NIST StRD file '" + link + "' is not a regular file (a character device)");
  const std::string dir = temp_path("nist_dir.dat");
  std::filesystem::create_directory(dir);
  EXPECT_EQ(invalid_argument_message([&] { io::read_nist_file(dir); }),
            "NIST StRD file '" + dir + "' is not a regular file (a directory)");
}

}  // namespace
}  // namespace optim::problems
