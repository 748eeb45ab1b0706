// The trace reader of `optim plot` (optim/observers/trace_csv): what TraceRecorder writes reads
// back exactly; every kind of malformed input is refused naming the line and column; inputs the
// fuzzer (tests/fuzz/fuzz_trace_csv.cpp) found are kept here as regressions.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "optim/driver.hpp"
#include "optim/observers/trace_csv.hpp"
#include "optim/observers/trace_recorder.hpp"
#include "optim/registry.hpp"
#include "problems/registry.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

// Expects parse_trace_csv(text) to throw std::invalid_argument with exactly `message`.
void expect_refused(std::string_view text, const std::string& message) {
  try {
    parse_trace_csv(text, "t.csv");
    ADD_FAILURE() << "accepted: '" << text << "'";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), message) << "input '" << text << "'";
  }
}

TEST(TraceCsv, ReadsBackWhatTheTraceRecorderWrites) {
  auto p = problems::make_problem<double>("rosenbrock", 2);
  auto m = make_method<double>("lbfgs");
  TraceRecorder<double> trace(/*record_x=*/true);
  Observer<double>* obs[] = {&trace};
  StopOptions stop;
  stop.max_iter = 15;
  minimize<double>(*p.objective, p.x0, *m, stop, obs);
  std::ostringstream os;
  trace.write_csv(os);
  const TraceColumns c = parse_trace_csv(os.str(), "lbfgs.csv");
  ASSERT_EQ(c.at("k").size(), trace.rows().size());
  for (std::size_t i = 0; i < trace.rows().size(); ++i) {
    EXPECT_EQ(c.at("k")[i], double(trace.rows()[i].k));
    // The recorder prints the shortest text that reads back to the same double (to_chars).
    EXPECT_EQ(c.at("f")[i], trace.rows()[i].f) << "row " << i;
    EXPECT_EQ(c.at("f_evals")[i], double(trace.rows()[i].f_evals));
  }
  EXPECT_TRUE(c.count("x0") == 1 && c.count("x1") == 1);
}

TEST(TraceCsv, EmptyCellsNanInfCrlfBlankLinesAndSpaces) {
  const TraceColumns c =
      parse_trace_csv("k, f ,g\r\n0,1.5,\r\n\r\n1, nan ,-inf\n  \n2,0x1p-2,1e999", "t");
  ASSERT_EQ(c.size(), 3u);
  ASSERT_EQ(c.at("f").size(), 3u);
  EXPECT_EQ(c.at("k")[2], 2.0);
  EXPECT_EQ(c.at("f")[0], 1.5);
  EXPECT_TRUE(std::isnan(c.at("g")[0]));  // empty: not recorded
  EXPECT_TRUE(std::isnan(c.at("f")[1]));
  EXPECT_EQ(c.at("g")[1], -INFINITY);
  EXPECT_EQ(c.at("f")[2], 0.25);      // hex float
  EXPECT_EQ(c.at("g")[2], INFINITY);  // overflow reads as inf, as strtod gives it
  // A header alone is a table without rows (the plot commands say "has no rows").
  EXPECT_EQ(parse_trace_csv("k,f\n", "t").at("f").size(), 0u);
}

TEST(TraceCsv, MalformedInputIsRefusedNamingLineAndColumn) {
  expect_refused("", "trace 't.csv' is empty");
  expect_refused("\r\nk,f\n", "trace 't.csv' line 1: the header (column names) is empty");
  expect_refused("k,,f\n", "trace 't.csv' line 1, column 2: empty column name");
  expect_refused("k,f,g,f\n1,2,3,4\n",
                 "trace 't.csv' line 1, column 4: duplicate column name 'f' (also column 2)");
  expect_refused("k,f\n1,2\n3,4,5\n",
                 "trace 't.csv' line 3, column 3: 3 cells, but the header has 2 columns");
  expect_refused("k,f\n1,2\n\n3\n",
                 "trace 't.csv' line 4: 1 cells, but the header has 2 columns (column 2 'f' is "
                 "missing)");
  expect_refused("k,f\n1,2\n3,4x\n", "trace 't.csv' line 3, column 2 ('f'): '4x' is not a number");
  expect_refused("k,f\n1,-\n", "trace 't.csv' line 2, column 2 ('f'): '-' is not a number");
  expect_refused("k,f\n1,2 3\n", "trace 't.csv' line 2, column 2 ('f'): '2 3' is not a number");
  // An embedded NUL used to end the number early (strtod stops there) and was accepted as 1.
  expect_refused(std::string_view("k\n1\0abc\n", 8),
                 "trace 't.csv' line 2, column 1 ('k'): '1\\x00abc' is not a number");
  // Binary bytes are shown escaped, long cells cut at 40 characters.
  expect_refused("k\n\xff\xfe\n",
                 "trace 't.csv' line 2, column 1 ('k'): '\\xFF\\xFE' is not a number");
  expect_refused(
      "k\n" + std::string(100, 'a') + "\n",
      "trace 't.csv' line 2, column 1 ('k'): '" + std::string(40, 'a') + "...' is not a number");
}

// The old reader padded short rows with NaN and dropped extra cells, and merged duplicate
// names into one column twice as long as the others, which `plot convergence` then indexed in
// lockstep with h_evals (out of bounds). Now every accepted column has one value per row.
TEST(TraceCsv, AcceptedColumnsAllHaveOneValuePerRow) {
  const TraceColumns c = parse_trace_csv("k,f,f_evals,h_evals\n0,1,1,0\n1,0.5,2,1\n", "t");
  for (const auto& [name, col] : c) EXPECT_EQ(col.size(), 2u) << name;
}

TEST(TraceCsv, ReadingAMissingFileNamesIt) {
  const std::string path = "/nonexistent/dir/trace.csv";
  try {
    read_trace_csv(path);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "cannot open trace '" + path + "': No such file or directory");
  }
  const auto tmp = std::filesystem::path(optim::testing::temp_path("trace_csv.csv"));
  {
    std::ofstream f(tmp);
    f << "k,f\n1,x\n";
  }
  try {
    read_trace_csv(tmp.string());
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "trace '" + tmp.string() + "' line 2, column 2 ('f'): 'x' is not a number");
  }
  std::filesystem::remove(tmp);
}

}  // namespace
}  // namespace optim
