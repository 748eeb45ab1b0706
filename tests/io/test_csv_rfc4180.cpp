// Real CSV files for `optim fit --data` (io/csv_table): as spreadsheets write them (UTF-8
// byte-order mark, quoted fields with commas, CRLF), very wide headers in linear time, and a path
// that is not a regular file refused.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "io/csv_table.hpp"
#include "problems/expr/fit.hpp"
#include "support/test_support.hpp"

namespace optim::io {
namespace {

using optim::testing::invalid_argument_message;

TEST(CsvRfc4180, AByteOrderMarkDoesNotNameTheFirstColumn) {
  const DataTable t = parse_csv("\xEF\xBB\xBFx,y\r\n1,2\r\n", "excel.csv");
  EXPECT_EQ(t.names, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(t.column("x"), (std::vector<double>{1}));
}

TEST(CsvRfc4180, QuotedFieldsWithCommasAndQuotesAreOneField) {
  const DataTable t = parse_csv("\"dose, mg\",\"say \"\"y\"\"\"\n\"1\",2\n", "quoted.csv");
  EXPECT_EQ(t.names, (std::vector<std::string>{"dose, mg", "say \"y\""}));
  EXPECT_EQ(t.rows(), 1u);
}

TEST(CsvRfc4180, MalformedQuoteNamesFileLineAndColumn) {
  EXPECT_EQ(invalid_argument_message([] { parse_csv("x,y\n1,\"2\n", "d.csv"); }),
            "d.csv:2: column 2: the quote opened here is not closed before the end of the input");
  // A cell with a line end in it is shown escaped: every message is one line.
  EXPECT_EQ(invalid_argument_message([] { parse_csv("x,y\n1,\"2\n3\"\n", "d.csv"); }),
            "d.csv:2: column 'y': '2\\x0A3' is not a finite number");
}

TEST(CsvRfc4180, RaggedRowsAndNulBytesAreStillRefused) {
  EXPECT_EQ(invalid_argument_message([] { parse_csv("x,y\n1,\"2,3\",4\n", "d.csv"); }),
            "d.csv:2: row has 3 fields, the header has 2");
  EXPECT_EQ(invalid_argument_message([] { parse_csv(std::string_view("x\n1\0\n", 5), "d.csv"); }),
            "d.csv:2: column 'x': '1\\x00' is not a finite number");
}

std::string wide_csv(int columns, bool duplicate_last) {
  std::string header, row;
  for (int k = 0; k < columns; ++k) {
    if (k > 0) header += ',', row += ',';
    header += 'c';
    header += std::to_string(k);
    row += '1';
  }
  if (duplicate_last) header += ",c0", row += ",1";
  return header + "\n" + row + "\n" + row + "\n" + row + "\n";
}

TEST(CsvRfc4180, AHundredThousandColumnHeaderParsesInWellUnderASecond) {
  // The duplicate-name check compared every pair of names: minutes for 100 000 columns.
  const std::string text = wide_csv(100000, false);
  auto start = std::chrono::steady_clock::now();
  const DataTable t = parse_csv(text, "wide.csv");
  const double read_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(t.names.size(), 100000u);
  EXPECT_LT(read_s, 1.0);
  // The duplicate is still found, and named with both columns.
  EXPECT_EQ(invalid_argument_message([&] { parse_csv(wide_csv(100000, true), "wide.csv"); }),
            "wide.csv:1: column name 'c0' appears twice (columns 1 and 100001)");
  // The fit's own name checks (the response's parse over every column, the model's over every
  // predictor) are linear too: about 0.25 s here, where the pairwise checks took tens of seconds
  // (the bound leaves room for sanitizer builds and a loaded machine).
  start = std::chrono::steady_clock::now();
  const expr::ModelData d = expr::model_data(t, "2*c0", {});
  expr::ExpressionModel<double> model("b1*c1 + c2", {"b1"}, d);
  const double fit_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(d.predictor_names.size(), 99999u);
  EXPECT_EQ(model.dim(), 1);
  EXPECT_LT(fit_s, 5.0);
  std::printf("100 000 columns: read %.3f s, fit set-up %.3f s\n", read_s, fit_s);
}

TEST(CsvRfc4180, ASymlinkToDevZeroIsRefusedNotReadUntilOutOfMemory) {
  const std::string link = optim::testing::temp_path("csv_zero_link.csv");
  std::filesystem::create_symlink("/dev/zero", link);
  EXPECT_EQ(invalid_argument_message([&] { read_csv_file(link); }),
            "data file '" + link + "' is not a regular file (a character device)");
}

}  // namespace
}  // namespace optim::io
