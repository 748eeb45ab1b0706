// The one CSV tokenizer (io/csv_reader), RFC 4180: quoted fields with commas, doubled
// quotes and line ends, CRLF, a UTF-8 byte-order mark; and the trace reader of `optim plot` on
// top of it (quoted names, BOM, a symlink to /dev/zero).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "io/csv_reader.hpp"
#include "optim/observers/trace_csv.hpp"
#include "support/test_support.hpp"

namespace optim::io {
namespace {

struct Record {
  std::size_t line;
  std::vector<std::string> fields;
};

std::vector<Record> records(std::string_view text, char comment = '\0') {
  CsvReader csv(text, comment);
  std::vector<Record> out;
  while (csv.next()) {
    out.push_back({csv.line(), std::vector<std::string>(csv.fields().begin(), csv.fields().end())});
  }
  return out;
}

using Fields = std::vector<std::string>;

TEST(CsvTokenizer, QuotedFieldsHoldCommasQuotesAndLineEnds) {
  const auto r = records("name,note\r\n\"Smith, J.\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].fields, (Fields{"name", "note"}));
  EXPECT_EQ(r[1].fields, (Fields{"Smith, J.", "say \"hi\""}));
  EXPECT_EQ(r[2].fields, (Fields{"two\nlines", "x"}));
  EXPECT_EQ(r[2].line, 3u);
}

TEST(CsvTokenizer, LineNumbersCountLineEndsInsideQuotes) {
  const auto r = records("a\n\"1\r\n2\"\n3\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[2].line, 4u);  // the quoted field spans lines 2 and 3
}

TEST(CsvTokenizer, ByteOrderMarkBlanksEmptyFieldsBlankLinesAndComments) {
  const auto r = records("\xEF\xBB\xBFx , \"y\" ,z\n\n  \n# note\n1,,\r3\n", '#');
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].fields, (Fields{"x", "y", "z"}));  // no BOM in the first name
  EXPECT_EQ(r[1].fields, (Fields{"1", "", ""}));
  EXPECT_EQ(r[1].line, 5u);
  EXPECT_EQ(r[2].fields, (Fields{"3"}));  // a lone CR ends a record
  // Without a comment character '#' is data; spaces inside quotes are kept.
  EXPECT_EQ(records("#a,\" b \"\n")[0].fields, (Fields{"#a", " b "}));
}

void expect_syntax_error(std::string_view text, std::size_t line, std::size_t column,
                         const std::string& words) {
  try {
    records(text);
    ADD_FAILURE() << "accepted: " << text;
  } catch (const CsvSyntaxError& e) {
    EXPECT_EQ(e.line(), line) << text;
    EXPECT_EQ(e.column(), column) << text;
    EXPECT_NE(e.detail().find(words), std::string::npos) << e.what();
  }
}

TEST(CsvTokenizer, MalformedQuotesAreRefusedNamingLineAndColumn) {
  expect_syntax_error("a,b\n1,\"open\n\n", 2, 2, "not closed");
  expect_syntax_error("a,b\n1,\"x\"y\n", 2, 2, "after the closing quote");
  expect_syntax_error("a,b\n1,x\"y\n", 2, 2, "quote inside an unquoted field");
}

TEST(CsvTokenizer, AHundredThousandFieldRecordIsLinear) {
  std::string header;
  for (int k = 0; k < 100000; ++k) header += (k ? ",c" : "c") + std::to_string(k);
  const auto start = std::chrono::steady_clock::now();
  CsvReader csv(header);
  ASSERT_TRUE(csv.next());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(csv.fields().size(), 100000u);
  EXPECT_EQ(csv.fields().back(), "c99999");
  EXPECT_LT(seconds, 0.5);
}

TEST(TraceCsvRfc4180, QuotedNamesAndAByteOrderMarkAreRead) {
  const TraceColumns c = parse_trace_csv("\xEF\xBB\xBFk,\"f, scaled\"\r\n0,\"1.5\"\r\n", "t");
  ASSERT_EQ(c.count("k"), 1u);
  ASSERT_EQ(c.count("f, scaled"), 1u);
  EXPECT_EQ(c.at("f, scaled")[0], 1.5);
}

TEST(TraceCsvRfc4180, MalformedQuotesAndCellsWithLineEndsGiveOneLineMessages) {
  try {
    parse_trace_csv("k,f\n1,\"2\n", "t.csv");
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "trace 't.csv' line 2, column 2: the quote opened here is not closed before the "
              "end of the input");
  }
  try {
    parse_trace_csv("k,f\n1,\"2\n3\"\n", "t.csv");
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "trace 't.csv' line 2, column 2 ('f'): '2\\x0A3' is not a number");
  }
}

TEST(TraceCsvRfc4180, ASymlinkToDevZeroIsRefusedNotReadForever) {
  const std::string link = optim::testing::temp_path("trace_zero_link.csv");
  std::filesystem::create_symlink("/dev/zero", link);
  EXPECT_EQ(optim::testing::invalid_argument_message([&] { read_trace_csv(link); }),
            "trace '" + link + "' is not a regular file (a character device)");
}

}  // namespace
}  // namespace optim::io
