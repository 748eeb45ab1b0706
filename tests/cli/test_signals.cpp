// SIGTERM (batch schedulers, `timeout`, `kill`) and SIGHUP (a closed terminal) stop a run the
// way Ctrl-C does (optim/checkpoint/interrupt.hpp): the current step ends, the summary, trace
// and checkpoint are written, the exit code is 4 and the message names the signal; the
// checkpoint resumes exactly. A signal inherited as ignored (nohup) stays ignored.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <vector>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

namespace fs = std::filesystem;

struct Stopped {
  int status = 0;
  std::string out;
};

// Starts `args`, sends `sig` once the checkpoint `ckpt` exists, waits for the end.
Stopped signal_run(const std::string& args, const std::string& ckpt, int sig) {
  const std::string out = temp_path("signals_out");
  ChildProcess child(args, out);
  EXPECT_TRUE(wait_for_file(ckpt, child.pid())) << read_text(out);
  ::kill(child.pid(), sig);
  Stopped s{child.wait(), read_text(out)};
  fs::remove(out);
  return s;
}

// The last data row's first cell (the iteration or epoch number) of a CSV trace.
long last_row_index(const std::string& csv) {
  std::istringstream in(csv);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return std::stol(last.substr(0, last.find(',')));
}

std::vector<double> x_of(const std::string& json_text) {
  return nlohmann::json::parse(json_text)["x"].get<std::vector<double>>();
}

const std::string kMinimize =
    "minimize --problem rosenbrock --method momentum --lr 0.00001 --gtol 0";

TEST(Signals, SigtermAndSighupStopMinimizeCleanlyAndTheRunResumesExactly) {
  for (const int sig : {SIGTERM, SIGHUP}) {
    const std::string name = sig == SIGTERM ? "SIGTERM" : "SIGHUP";
    SCOPED_TRACE(name);
    const std::string ckpt = temp_path("signals_min_" + name);
    const std::string trace = temp_path("signals_min_trace_" + name) + ".csv";
    const Stopped s = signal_run(kMinimize + " --max-iter 100000000 --json --trace " + trace +
                                     " --checkpoint " + ckpt + " --checkpoint-every 5000",
                                 ckpt, sig);
    ASSERT_TRUE(WIFEXITED(s.status)) << "killed by the signal instead of stopping cleanly";
    EXPECT_EQ(WEXITSTATUS(s.status), 4) << s.out;
    const auto j = nlohmann::json::parse(s.out);
    EXPECT_EQ(j["interrupted"], true);
    EXPECT_EQ(j["signal"], name);
    EXPECT_EQ(j["status"], "stopped");
    const long k = j["iterations"].get<long>();
    ASSERT_GT(k, 0);
    ASSERT_TRUE(fs::exists(trace)) << "the trace is written on a clean stop";
    EXPECT_EQ(last_row_index(read_text(trace)), k);
    // The checkpoint is the stopping point: resuming to k + 2000 equals a fresh run.
    const std::string more = " --max-iter " + std::to_string(k + 2000) + " --json";
    const auto resumed = run_cli(kMinimize + more + " --checkpoint " + ckpt + " --resume");
    const auto fresh = run_cli(kMinimize + more);
    ASSERT_EQ(resumed.exit_code, 1) << resumed.out;
    ASSERT_EQ(fresh.exit_code, 1) << fresh.out;
    EXPECT_EQ(nlohmann::json::parse(resumed.out)["resumed_from"].get<long>(), k);
    EXPECT_EQ(x_of(resumed.out), x_of(fresh.out));  // doubles printed round-trip exact
    remove_with_prefix(ckpt);
    remove_with_prefix(trace);
  }
}

TEST(Signals, SigtermStopsMinimizeWithATextSummaryNamingTheSignal) {
  const std::string ckpt = temp_path("signals_text");
  const Stopped s = signal_run(
      kMinimize + " --max-iter 100000000 --checkpoint " + ckpt + " --checkpoint-every 5000", ckpt,
      SIGTERM);
  ASSERT_TRUE(WIFEXITED(s.status));
  EXPECT_EQ(WEXITSTATUS(s.status), 4) << s.out;
  EXPECT_NE(s.out.find("interrupted by SIGTERM\n"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("checkpoint  " + ckpt), std::string::npos) << s.out;
  remove_with_prefix(ckpt);
}

const std::string kTrain =
    "train --data spirals --n 300 --layers 2,16,2 --method adam --lr 0.01 --batch-size 10 "
    "--seed 2 --dtype double";

TEST(Signals, SigtermAndSighupStopTrainingCleanlyAndTheRunResumesExactly) {
  for (const int sig : {SIGTERM, SIGHUP}) {
    const std::string name = sig == SIGTERM ? "SIGTERM" : "SIGHUP";
    SCOPED_TRACE(name);
    const std::string ckpt = temp_path("signals_train_" + name);
    const std::string trace = temp_path("signals_train_trace_" + name) + ".csv";
    const std::string flags = " --checkpoint " + ckpt + " --checkpoint-every 1";
    const Stopped s = signal_run(kTrain + " --epochs 100000 --trace " + trace + flags, ckpt, sig);
    ASSERT_TRUE(WIFEXITED(s.status)) << "killed by the signal instead of stopping cleanly";
    EXPECT_EQ(WEXITSTATUS(s.status), 4) << s.out;
    EXPECT_NE(s.out.find("stopped: interrupted by " + name), std::string::npos) << s.out;
    ASSERT_TRUE(fs::exists(trace)) << "the trace is written on a clean stop";
    const long epochs = last_row_index(read_text(trace));
    ASSERT_GE(epochs, 1);
    // Resumed to two more epochs, the run reports what a fresh run of that length reports.
    const std::string more = " --epochs " + std::to_string(epochs + 2) + " --json";
    const auto resumed = run_cli(kTrain + more + flags + " --resume");
    const auto fresh = run_cli(kTrain + more);
    ASSERT_EQ(resumed.exit_code, 0) << resumed.out;
    ASSERT_EQ(fresh.exit_code, 0) << fresh.out;
    const auto a = nlohmann::json::parse(fresh.out), b = nlohmann::json::parse(resumed.out);
    EXPECT_EQ(a["epochs"], b["epochs"]);
    EXPECT_EQ(a["train_loss"], b["train_loss"]);
    EXPECT_EQ(a["test_accuracy"], b["test_accuracy"]);
    remove_with_prefix(ckpt);
    remove_with_prefix(trace);
  }
}

TEST(Signals, SigtermStopsTrainingWithJsonNamingTheSignal) {
  const std::string ckpt = temp_path("signals_train_json");
  const Stopped s =
      signal_run(kTrain + " --epochs 100000 --json --checkpoint " + ckpt + " --checkpoint-every 1",
                 ckpt, SIGTERM);
  ASSERT_TRUE(WIFEXITED(s.status));
  EXPECT_EQ(WEXITSTATUS(s.status), 4) << s.out;
  const auto j = nlohmann::json::parse(s.out);
  EXPECT_EQ(j["status"], "stopped");
  EXPECT_EQ(j["signal"], "SIGTERM");
  remove_with_prefix(ckpt);
}

// Under nohup SIGHUP is ignored on purpose: the run goes on; SIGTERM still stops it cleanly.
TEST(Signals, AnInheritedIgnoredSighupStaysIgnored) {
  const std::string ckpt = temp_path("signals_nohup");
  const std::string out = temp_path("signals_nohup_out");
  ChildProcess child(
      kMinimize + " --max-iter 100000000 --json --checkpoint " + ckpt + " --checkpoint-every 5000",
      out, /*ignore_hup=*/true);
  ASSERT_TRUE(wait_for_file(ckpt, child.pid()));
  ::kill(child.pid(), SIGHUP);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(child.running()) << "SIGHUP under nohup stopped the run";
  ::kill(child.pid(), SIGTERM);
  const int status = child.wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 4);
  EXPECT_EQ(nlohmann::json::parse(read_text(out))["signal"], "SIGTERM");
  fs::remove(out);
  remove_with_prefix(ckpt);
}

}  // namespace
}  // namespace optim::testing
