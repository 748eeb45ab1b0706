// Inputs that once crashed or misbehaved in the text parsers (found by reading the parsers for the
// fuzz targets of tests/fuzz and by running them): each must now be a std::invalid_argument with a
// clear message, never another exception type, undefined behaviour or a huge allocation.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "io/csv_table.hpp"
#include "io/nist_file.hpp"
#include "problems/expr/parser.hpp"
#include "support/test_support.hpp"

namespace optim::problems {
namespace {

std::string misra1a_text() {
  std::ifstream in(optim::testing::source_path("problems/data/nist/Misra1a.dat"));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return text.replace(pos, from.size(), to);
}

std::string nist_error(const std::string& text) {
  std::istringstream in(text);
  try {
    io::parse_nist(in, "edited.dat");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ParserHardening, NistUnmodifiedMisra1aParses) {
  // The edits below start from a file the reader accepts, so each error is the edit's.
  std::istringstream in(misra1a_text());
  EXPECT_EQ(io::parse_nist(in, "Misra1a.dat").observations, 14);
}

TEST(ParserHardening, NistLineNumberTooLongIsInvalidArgumentNotOutOfRange) {
  // std::stol threw std::out_of_range for this, which `optim fit --nist` did not expect.
  const std::string e = nist_error(
      replaced(misra1a_text(), "(lines 61 to 74)", "(lines 99999999999999999999 to 74)"));
  EXPECT_NE(e.find("edited.dat:1: expected a header line 'Data (lines A to B)'"), std::string::npos)
      << e;
}

TEST(ParserHardening, NistHugeOrFractionalCountsAreRefused) {
  // 1e300 converted to long is undefined behaviour (UBSan float-cast-overflow).
  for (const char* bad : {"1e300", "-12", "12.5", "nan"}) {
    const std::string e = nist_error(
        replaced(misra1a_text(), "Degrees of Freedom:                                12",
                 std::string("Degrees of Freedom:                                ") + bad));
    EXPECT_NE(e.find("edited.dat:46: expected 'Degrees of Freedom: <whole number from 0 to 1e9>'"),
              std::string::npos)
        << bad << ": " << e;
  }
}

TEST(ParserHardening, NistRangeLabelMayAppearTwiceOnALine) {
  // The scanner tries every occurrence of the label, as the regex search did.
  std::istringstream in(replaced(misra1a_text(),
                                 "               Data              (lines 61 to 74)",
                                 "Data, see Data (lines 61 to 74)"));
  EXPECT_EQ(io::parse_nist(in, "edited.dat").observations, 14);
}

}  // namespace
}  // namespace optim::problems
