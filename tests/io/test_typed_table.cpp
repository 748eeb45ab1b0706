// The typed table reader of training data (io/typed_table.hpp): numbers, text columns, missing
// cells, chunked reading, and errors naming the line, row and column.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "io/csv_reader.hpp"
#include "io/typed_table.hpp"
#include "support/test_support.hpp"

namespace optim::io {
namespace {

using optim::testing::invalid_argument_message;

TEST(TypedTable, NumbersLandOneRowPerMatrixColumn) {
  const auto t = parse_typed_table<double>("a,b\n1,2.5\n-3,+4\n", "t.csv");
  ASSERT_EQ(t.columns.size(), 2u);
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.cells(0, 0), 1);
  EXPECT_EQ(t.cells(1, 0), 2.5);
  EXPECT_EQ(t.cells(0, 1), -3);
  EXPECT_EQ(t.cells(1, 1), 4);
  EXPECT_TRUE(t.columns[0].integers);
  EXPECT_TRUE(t.columns[0].integer_text);
  EXPECT_FALSE(t.columns[1].integers);
  const auto w = parse_typed_table<double>("a,b\n1.0,2\n3,1e2\n", "w.csv");
  EXPECT_TRUE(w.columns[0].integers);       // whole values ...
  EXPECT_FALSE(w.columns[0].integer_text);  // ... spelled as reals
  EXPECT_FALSE(w.columns[1].integer_text);
  EXPECT_FALSE(t.columns[0].text);
  EXPECT_EQ(t.index_of("b", "--target"), 1u);
  EXPECT_NE(invalid_argument_message([&] {
              t.index_of("z", "--target");
            }).find("--target: unknown column 'z' in 't.csv' (columns: a, b)"),
            std::string::npos);
}

TEST(TypedTable, TextColumnsKeepTheirLevelsInOrderOfAppearance) {
  const auto t = parse_typed_table<float>("x,species\n1,setosa\n2,virginica\n3,setosa\n", "t");
  ASSERT_TRUE(t.columns[1].text);
  EXPECT_EQ(t.columns[1].levels, (std::vector<std::string>{"setosa", "virginica"}));
  EXPECT_EQ(t.cells(1, 0), 0.0f);
  EXPECT_EQ(t.cells(1, 1), 1.0f);
  EXPECT_EQ(t.cells(1, 2), 0.0f);
}

TEST(TypedTable, NumbersBeforeTheFirstTextBecomeLevels) {
  const auto t = parse_typed_table<double>("c\n1.50\n2\nred\n2\n", "t");
  ASSERT_TRUE(t.columns[0].text);
  EXPECT_EQ(t.columns[0].levels, (std::vector<std::string>{"1.5", "2", "red"}));
  EXPECT_EQ(t.cells(0, 3), 1.0);
}

TEST(TypedTable, ForcedTextColumnsKeepTheExactSpelling) {
  TableOptions o;
  o.text_columns = {"c"};
  const auto t = parse_typed_table<double>("c\n01\n1\n", "t", o);
  EXPECT_EQ(t.columns[0].levels, (std::vector<std::string>{"01", "1"}));
}

TEST(TypedTable, MissingCellsAreNanAndCountedWithTheirFirstRow) {
  const auto t = parse_typed_table<double>("a,b\n1,2\n3,NA\n,5\n6,\n", "t");
  EXPECT_TRUE(std::isnan(t.cells(1, 1)));
  EXPECT_TRUE(std::isnan(t.cells(0, 2)));
  EXPECT_EQ(t.columns[1].missing, 2u);
  EXPECT_EQ(t.columns[1].first_missing_row, 2u);
  EXPECT_EQ(t.columns[1].first_missing_line, 3u);
  EXPECT_EQ(t.columns[0].missing, 1u);
  EXPECT_EQ(t.missing_lines, (std::vector<std::size_t>{3, 4, 5}));
}

TEST(TypedTable, BomCrlfAndQuotedFields) {
  const auto t = parse_typed_table<double>(
      "\xEF\xBB\xBFname,v\r\n\"Smith, J\",1\r\n\"say \"\"hi\"\"\",2\r\n", "t");
  ASSERT_EQ(t.columns[0].name, "name");
  EXPECT_EQ(t.columns[0].levels, (std::vector<std::string>{"Smith, J", "say \"hi\""}));
  EXPECT_EQ(t.cells(1, 1), 2);
}

TEST(TypedTable, ErrorsNameLineRowAndColumn) {
  EXPECT_NE(invalid_argument_message([] {
              parse_typed_table<double>("a,b\n1,2\n3\n", "t.csv");
            }).find("t.csv:3: row 2 has 1 fields, the header has 2 columns"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([] {
              parse_typed_table<double>("a,b\n1,inf\n", "t.csv");
            }).find("t.csv:2: row 1, column 'b': 'inf' is not a finite number"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([] {
              parse_typed_table<float>("a,b\n1,1e300\n", "t.csv");
            }).find("t.csv:2: row 1, column 'b': '1e300' is beyond the range of a float"),
            std::string::npos);
  EXPECT_EQ(parse_typed_table<double>("a,b\n1,1e300\n", "t.csv").cells(1, 0), 1e300);
  EXPECT_NE(invalid_argument_message([] {
              parse_typed_table<double>("a,a\n1,2\n", "t.csv");
            }).find("appears twice"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([] {
              parse_typed_table<double>("a\n\"1\n", "t.csv");
            }).find("t.csv:2: column 1: the quote opened here is not closed"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([] {
              parse_typed_table<double>("a,b\n", "t.csv");
            }).find("no data rows"),
            std::string::npos);
}

// A later chunk of a file starts mid-input: a byte-order mark there is data, and the lines count
// on from the chunk's first line.
TEST(TypedTable, LaterChunksKeepABomAsDataAndCountLinesOn) {
  CsvReader later("\xEF\xBB\xBFx,1\n", '\0', false, 41);
  ASSERT_TRUE(later.next());
  EXPECT_EQ(later.fields()[0], "\xEF\xBB\xBFx");
  EXPECT_EQ(later.line(), 41u);
  CsvReader first("\xEF\xBB\xBFx,1\n");
  ASSERT_TRUE(first.next());
  EXPECT_EQ(first.fields()[0], "x");
}

// Chunks of a few bytes: records (and quoted fields with line ends) cross every chunk boundary,
// and the result must equal the one-piece parse, line numbers in messages included.
TEST(TypedTable, ChunkedFileReadingEqualsTheInMemoryParse) {
  std::string text = "id,label,note\r\n";
  for (int i = 0; i < 500; ++i)
    text += std::to_string(i) + "," + (i % 3 == 0 ? "cat" : "dog") + ",\"a\nb, " +
            std::to_string(i % 7) + "\"\r\n";
  const std::string path = optim::testing::temp_path("chunked.csv");
  std::ofstream(path, std::ios::binary) << text;
  TableOptions o;
  o.chunk_bytes = 7;
  const auto a = read_typed_table<double>(path, o);
  const auto b = parse_typed_table<double>(text, path);
  ASSERT_EQ(a.rows(), 500u);
  EXPECT_EQ(a.cells, b.cells);
  EXPECT_EQ(a.columns[1].levels, b.columns[1].levels);
  EXPECT_EQ(a.columns[2].levels.size(), 7u);
  std::ofstream(path, std::ios::binary) << text << "1,2\r\n";
  EXPECT_NE(invalid_argument_message([&] {
              read_typed_table<double>(path, o);
            }).find(":1002: row 501 has 2 fields"),
            std::string::npos);
}

}  // namespace
}  // namespace optim::io
