// `optim minimize --trace T --checkpoint C`: the trace is streamed to T and the checkpoint keeps
// only where T ends (optim/observers/trace_stream.hpp), so C's size does not grow with the
// iteration count (it grew by 8 (10 + n) bytes per iteration when the rows were saved in it),
// and a resumed run's trace equals an uninterrupted run's (the wall-clock column aside).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

namespace fs = std::filesystem;

// CSV text with the time_s cells (column 9) of the data rows replaced by "T".
std::string without_times(const std::string& text) {
  std::istringstream in(text);
  std::string out, line;
  for (bool header = true; std::getline(in, line); header = false) {
    std::vector<std::string> cells;
    std::stringstream cs(line);
    for (std::string c; std::getline(cs, c, ',');) cells.push_back(c);
    if (!header && cells.size() > 8) cells[8] = "T";
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
    out += '\n';
  }
  return out;
}

const std::string kRun = "minimize --problem rosenbrock --dim 100 --method gd --lr 0.0001 --gtol 0";

TEST(TraceStreamingCli, CheckpointSizeDoesNotGrowWithTheIterationCount) {
  std::uintmax_t size[2] = {};
  const int iters[2] = {1000, 4000};
  for (int i = 0; i < 2; ++i) {
    const std::string ckpt = temp_path("stream_cli_ckpt_" + std::to_string(i));
    const std::string trace = temp_path("stream_cli_trace_" + std::to_string(i)) + ".csv";
    const auto r = run_cli(kRun + " --max-iter " + std::to_string(iters[i]) + " --checkpoint " +
                           ckpt + " --checkpoint-every 500 --trace " + trace);
    ASSERT_EQ(r.exit_code, 1) << r.out;
    size[i] = fs::file_size(ckpt);
  }
  // Rows in the checkpoint would add 3000 x 110 doubles = 2.6 MB.
  EXPECT_LE(size[1], size[0] + 64) << size[0] << " bytes at 1000, " << size[1] << " at 4000";
}

TEST(TraceStreamingCli, AResumedRunsTraceEqualsAnUninterruptedRunsTrace) {
  const std::string ckpt = temp_path("stream_cli_resume_ckpt");
  const std::string a = temp_path("stream_cli_full") + ".csv";
  const std::string b = temp_path("stream_cli_resumed") + ".csv";
  ASSERT_EQ(run_cli(kRun + " --max-iter 1700 --trace " + a).exit_code, 1);
  ASSERT_EQ(run_cli(kRun + " --max-iter 1100 --trace " + b + " --checkpoint " + ckpt).exit_code, 1);
  const auto r =
      run_cli(kRun + " --max-iter 1700 --trace " + b + " --checkpoint " + ckpt + " --resume");
  ASSERT_EQ(r.exit_code, 1) << r.out;
  const std::string full = read_text(a), resumed = read_text(b);
  EXPECT_EQ(std::count(resumed.begin(), resumed.end(), '\n'), 1 + 1701);  // header, k = 0..1700
  EXPECT_EQ(without_times(resumed), without_times(full));
}

}  // namespace
}  // namespace optim::testing
