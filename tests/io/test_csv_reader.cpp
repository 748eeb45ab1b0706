// The CSV reader of `optim fit`: header, numbers, and an error naming file, line and column for
// every malformed input.
#include <gtest/gtest.h>

#include <sstream>

#include "io/csv_table.hpp"

namespace optim::io {
namespace {

DataTable read(const std::string& text) {
  std::istringstream in(text);
  return read_csv(in, "data.csv");
}

void expect_error(const std::string& text, const std::string& words) {
  try {
    read(text);
    ADD_FAILURE() << "no error for:\n" << text;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "not one line: " << e.what();
  }
}

TEST(CsvReader, ReadsHeaderAndColumns) {
  const DataTable t = read("# comment\nx, \"y\" ,z\r\n1,2.5,-3e-2\n\n+4, .5 ,6\n");
  ASSERT_EQ(t.names, (std::vector<std::string>{"x", "y", "z"}));
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.column("x"), (std::vector<double>{1, 4}));
  EXPECT_EQ(t.column("y"), (std::vector<double>{2.5, 0.5}));
  EXPECT_EQ(t.column("z"), (std::vector<double>{-3e-2, 6}));
  EXPECT_TRUE(t.has("z"));
  EXPECT_FALSE(t.has("w"));
}

TEST(CsvReader, RaggedRow) {
  expect_error("x,y\n1,2\n3\n", "data.csv:3: row has 1 fields, the header has 2");
}

TEST(CsvReader, TextInANumericColumn) {
  expect_error("x,y\n1,2\n3,abc\n", "data.csv:3: column 'y': 'abc' is not a finite number");
  expect_error("x,y\n1,2\n3,4x\n", "column 'y': '4x'");
  expect_error("x,y\n1,\n", "column 'y': ''");
  expect_error("x,y\n1,nan\n", "column 'y': 'nan'");
  expect_error("x,y\n1,1e999\n", "column 'y': '1e999'");
}

TEST(CsvReader, BadHeaderOrNoData) {
  expect_error("", "no header row");
  expect_error("x,y\n", "no data rows");
  expect_error("x,,y\n1,2,3\n", "header column 2 has no name");
  expect_error("x,x\n1,2\n", "column name 'x' appears twice");
}

TEST(CsvReader, UnknownColumn) {
  const DataTable t = read("x,y\n1,2\n");
  try {
    t.column("z");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unknown column 'z' (columns: x, y)");
  }
}

TEST(CsvReader, MissingFile) {
  EXPECT_THROW(read_csv_file("/nonexistent/file.csv"), std::invalid_argument);
}

}  // namespace
}  // namespace optim::io
