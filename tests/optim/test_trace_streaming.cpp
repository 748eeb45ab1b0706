// A streamed trace (TraceRecorder::stream_to, optim/observers/trace_stream.hpp): rows go to the
// file as they come and a checkpoint keeps only where the file ends (offset, hash, row count),
// so the checkpoint does not grow with the iteration count; a run resumed after a crash or a
// clean stop cuts the file back to that offset and appends, so its trace is the uninterrupted
// run's trace byte for byte (the wall-clock column time_s aside).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "checkpoint_test_support.hpp"
#include "optim/checkpoint/checkpoint_file.hpp"
#include "optim/driver.hpp"
#include "optim/observers/trace_recorder.hpp"
#include "optim/registry.hpp"
#include "problems/registry.hpp"

namespace optim {
namespace {

namespace fs = std::filesystem;
using testing::checkpoint_temp_file;
using testing::CrashAt;
using testing::read_text;

// The trace text with every time_s value replaced by "T": the one column that differs between
// two runs of the same computation.
std::string without_times(const std::string& text, bool json) {
  if (json) return std::regex_replace(text, std::regex("\"time_s\": ?[^,}]*"), "\"time_s\": T");
  std::istringstream in(text);
  std::string out, line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream cs(line);
    for (std::string c; std::getline(cs, c, ',');) cells.push_back(c);
    if (cells.size() > 8 && out.size() > 0) cells[8] = "T";  // data rows, not the header
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
    out += '\n';
  }
  return out;
}

// Stops the run at iteration `at` as a signal does (Status::StoppedByObserver).
class StopAt final : public Observer<double> {
 public:
  explicit StopAt(Index at) : at_(at) {}
  Status on_iteration(const IterationRecord<double>& rec) override {
    return rec.k == at_ ? Status::StoppedByObserver : Status::Running;
  }

 private:
  Index at_;
};

struct Fixture {
  problems::Problem<double> problem = problems::make_problem<double>("rosenbrock", 6);
  std::unique_ptr<Method<double>> method = make_method<double>("lbfgs", {{"m", "4"}});
  StopOptions stop = [] {
    StopOptions s;
    s.gtol = 0;
    s.max_iter = 60;
    return s;
  }();
  // The uninterrupted run's trace.
  std::string full(const std::string& path) {
    TraceRecorder<double> trace(/*record_x=*/true);
    trace.stream_to(path);
    Observer<double>* obs[] = {&trace};
    minimize<double>(*problem.objective, problem.x0, *method, stop, obs);
    return read_text(path);
  }
};

TEST(TraceStreaming, CrashedThenResumedTraceEqualsTheUninterruptedOne) {
  for (const std::string ext : {".csv", ".json"}) {
    SCOPED_TRACE(ext);
    Fixture fx;
    const std::string a = checkpoint_temp_file("stream", "full") + ext;
    const std::string b = checkpoint_temp_file("stream", "crash") + ext;
    const std::string full = fx.full(a);
    ASSERT_FALSE(fs::exists(a + ".partial"));  // renamed when the run ended

    CheckpointOptions ck;
    ck.path = checkpoint_temp_file("stream", "crash_ckpt");
    ck.every = 10;
    {
      TraceRecorder<double> trace(true);
      trace.stream_to(b);
      CrashAt<double> crash(37);  // after the checkpoint at 30; rows 31..37 are cut on resume
      Observer<double>* obs[] = {&trace, &crash};
      EXPECT_THROW(
          minimize<double>(*fx.problem.objective, fx.problem.x0, *fx.method, fx.stop, obs, ck),
          std::runtime_error);
    }
    EXPECT_FALSE(fs::exists(b));  // only the partial file of the crashed run
    ASSERT_TRUE(fs::exists(b + ".partial"));
    // The checkpoint holds where the file ended, not the rows.
    const StateReader saved = read_checkpoint_file(ck.path);
    EXPECT_FALSE(saved.has("observer0.rows"));
    EXPECT_EQ(saved.get_int("observer0.stream_rows"), 31);  // rows 0..30

    ck.resume = true;
    TraceRecorder<double> trace(true);
    trace.stream_to(b);
    Observer<double>* obs[] = {&trace};
    minimize<double>(*fx.problem.objective, fx.problem.x0, *fx.method, fx.stop, obs, ck);
    EXPECT_FALSE(fs::exists(b + ".partial"));
    EXPECT_EQ(without_times(read_text(b), ext == ".json"), without_times(full, ext == ".json"));
    if (ext == ".json") {  // a valid document with every row of the uninterrupted run
      EXPECT_EQ(nlohmann::json::parse(read_text(b))["records"].size(),
                nlohmann::json::parse(full)["records"].size());
    }
    fs::remove(ck.path);
  }
}

// A clean stop (a signal) finishes the trace file; the resumed run continues a copy of its rows
// (the closing JSON part is cut) and leaves the finished file untouched until it ends.
TEST(TraceStreaming, StoppedThenResumedTraceEqualsTheUninterruptedOne) {
  for (const std::string ext : {".json", ".csv"}) {
    SCOPED_TRACE(ext);
    Fixture fx;
    const std::string a = checkpoint_temp_file("stop", "full") + ext;
    const std::string b = checkpoint_temp_file("stop", "stopped") + ext;
    const std::string full = fx.full(a);
    CheckpointOptions ck;
    ck.path = checkpoint_temp_file("stop", "ckpt");
    {
      TraceRecorder<double> trace(true);
      trace.stream_to(b);
      StopAt stop_at(23);
      Observer<double>* obs[] = {&trace, &stop_at};
      const auto r =
          minimize<double>(*fx.problem.objective, fx.problem.x0, *fx.method, fx.stop, obs, ck);
      ASSERT_EQ(r.status, Status::StoppedByObserver);
    }
    ASSERT_TRUE(fs::exists(b));
    if (ext == ".json") {
      const auto j = nlohmann::json::parse(read_text(b));  // a complete document at the stop
      EXPECT_EQ(j["records"].size(), 24u);
      EXPECT_EQ(j["status"], "stopped");
    }
    ck.resume = true;
    TraceRecorder<double> trace(true);
    trace.stream_to(b);
    Observer<double>* obs[] = {&trace};
    minimize<double>(*fx.problem.objective, fx.problem.x0, *fx.method, fx.stop, obs, ck);
    EXPECT_EQ(without_times(read_text(b), ext == ".json"), without_times(full, ext == ".json"));
    fs::remove(ck.path);
  }
}

// A trace changed or removed after the checkpoint cannot be continued: refused, naming it.
TEST(TraceStreaming, ATraceChangedSinceTheCheckpointIsRefused) {
  Fixture fx;
  const std::string t = checkpoint_temp_file("changed", "trace") + ".csv";
  CheckpointOptions ck;
  ck.path = checkpoint_temp_file("changed", "ckpt");
  {
    TraceRecorder<double> trace(true);
    trace.stream_to(t);
    StopAt stop_at(12);
    Observer<double>* obs[] = {&trace, &stop_at};
    minimize<double>(*fx.problem.objective, fx.problem.x0, *fx.method, fx.stop, obs, ck);
  }
  std::string text = read_text(t);
  text[text.size() / 2] = text[text.size() / 2] == '1' ? '2' : '1';
  std::ofstream(t, std::ios::binary) << text;
  ck.resume = true;
  TraceRecorder<double> trace(true);
  trace.stream_to(t);
  Observer<double>* obs[] = {&trace};
  const std::string msg = testing::invalid_argument_message([&] {
    minimize<double>(*fx.problem.objective, fx.problem.x0, *fx.method, fx.stop, obs, ck);
  });
  EXPECT_NE(msg.find("trace '" + t + "' does not continue the checkpoint"), std::string::npos)
      << msg;
  fs::remove(ck.path);
}

// The checkpoint's size is the state's, whatever the iteration count: the same run saved at
// iteration 100 and at 400 gives files of the same size (to a few bytes of varying numbers).
TEST(TraceStreaming, CheckpointSizeDoesNotGrowWithTheIterationCount) {
  Fixture fx;
  auto gd = make_method<double>("gd", {{"lr", "0.0001"}});
  std::uintmax_t size[2] = {};
  for (int i = 0; i < 2; ++i) {
    const std::string t = checkpoint_temp_file("size", "trace") + ".csv";
    CheckpointOptions ck;
    ck.path = checkpoint_temp_file("size", "ckpt");
    ck.every = 50;
    StopOptions stop = fx.stop;
    stop.max_iter = i == 0 ? 100 : 400;
    TraceRecorder<double> trace(true);
    trace.stream_to(t);
    Observer<double>* obs[] = {&trace};
    minimize<double>(*fx.problem.objective, fx.problem.x0, *gd, stop, obs, ck);
    size[i] = fs::file_size(ck.path);
    fs::remove(ck.path);
  }
  EXPECT_LE(size[1], size[0] + 16) << size[0] << " -> " << size[1];
}

}  // namespace
}  // namespace optim
