// Checkpoints that survive faults, end to end with real processes: the built `optim` binary is
// started with fork/exec, killed with SIGKILL at a seeded random moment after its first checkpoint
// appeared, and resumed; the final parameters must be bit-identical to an uninterrupted run with
// the same seed. SIGINT must stop a run cleanly (exit code 4, summary printed, checkpoint saved).
// Same-seed runs must be bit-identical run to run (docs/reliability.md, "Determinism").
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "optim/checkpoint/checkpoint_file.hpp"
#include "optim/checkpoint/run_checkpoint.hpp"
#include "support/test_support.hpp"

namespace optim::testing {
namespace {

namespace fs = std::filesystem;

std::string temp_path(const std::string& tag) {
  return optim::testing::temp_path("ckcli_" + tag);
}

// Starts `args + checkpoint flags`, SIGKILLs it `delay_ms` after its first checkpoint appeared,
// then resumes it to completion; returns the resumed run's stdout.
std::string kill_and_resume(const std::string& args, const std::string& ckpt_flags,
                            const std::string& ckpt, int delay_ms, int expected_exit) {
  const std::string out = temp_path("out");
  ChildProcess child(args + " " + ckpt_flags, out);
  EXPECT_TRUE(wait_for_file(ckpt, child.pid())) << "no checkpoint appeared: " << read_text(out);
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  ::kill(child.pid(), SIGKILL);
  const int status = child.wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the run ended before the kill (make it longer): " << read_text(out);
  fs::remove(out);
  auto r = run_cli(args + " " + ckpt_flags + " --resume");
  EXPECT_EQ(r.exit_code, expected_exit) << r.out;
  return r.out;
}

constexpr int kBudget = 1;  // exit code of a minimize run that used its --max-iter
constexpr int kDone = 0;    // exit code of a training run that finished its epochs

// Rosenbrock by Adam: a first-order method whose state (moments, step count) matters at every
// step; a tiny rate keeps x moving to the last iteration (no converged fixed point to hide a
// difference). About 1 s with its checkpoints, so that the kill lands mid-run.
const std::string kMinimize =
    "minimize --problem rosenbrock --method adam --lr 0.000001 --gtol 0 --max-iter 1500000 --json";

std::vector<double> x_of(const std::string& json_text) {
  return nlohmann::json::parse(json_text)["x"].get<std::vector<double>>();
}

TEST(CheckpointCli, MinimizeKilledAtARandomPointResumesBitIdentically) {
  const unsigned seed = 20261125;  // kill delays
  std::mt19937 rng(seed);
  const auto full = run_cli(kMinimize);
  ASSERT_EQ(full.exit_code, kBudget) << full.out;
  for (int trial = 0; trial < 2; ++trial) {
    const int delay = std::uniform_int_distribution<int>(0, 150)(rng);
    SCOPED_TRACE("kill seed " + std::to_string(seed) + ", delay " + std::to_string(delay) + " ms");
    const std::string ckpt = temp_path("min_" + std::to_string(trial));
    const std::string resumed = kill_and_resume(
        kMinimize, "--checkpoint " + ckpt + " --checkpoint-every 20000", ckpt, delay, kBudget);
    remove_with_prefix(ckpt);
    ASSERT_FALSE(resumed.empty());
    const auto a = nlohmann::json::parse(full.out), b = nlohmann::json::parse(resumed);
    EXPECT_EQ(x_of(full.out), x_of(resumed));  // doubles printed round-trip exact
    EXPECT_EQ(a["f"], b["f"]);
    EXPECT_EQ(a["iterations"], b["iterations"]);
    EXPECT_EQ(a["f_evals"], b["f_evals"]);
    EXPECT_GT(b["resumed_from"].get<long>(), 0);
  }
}

// Spirals, a small net with dropout (its mask RNG is part of the state), minibatch Adam.
const std::string kTrain =
    "train --data spirals --n 300 --layers 2,24,2 --activation tanh --method adam --lr 0.01 "
    "--batch-size 10 --keep-hidden 0.9 --epochs 150 --seed 9 --dtype double --json";

TEST(CheckpointCli, TrainKilledAtARandomPointResumesBitIdentically) {
  const unsigned seed = 4242;  // kill delay
  std::mt19937 rng(seed);
  const int delay = std::uniform_int_distribution<int>(0, 100)(rng);
  SCOPED_TRACE("kill seed " + std::to_string(seed) + ", delay " + std::to_string(delay) + " ms");
  const std::string model_full = temp_path("model_full"), model_res = temp_path("model_res");
  const auto full = run_cli(kTrain + " --save " + model_full);
  ASSERT_EQ(full.exit_code, 0) << full.out;
  const std::string ckpt = temp_path("train");
  const std::string resumed =
      kill_and_resume(kTrain + " --save " + model_res,
                      "--checkpoint " + ckpt + " --checkpoint-every 5", ckpt, delay, kDone);
  remove_with_prefix(ckpt);
  ASSERT_TRUE(fs::exists(model_res)) << resumed;
  // The saved models hold the parameters as doubles: equal bytes, equal parameters.
  EXPECT_EQ(read_text(model_full), read_text(model_res));
  const auto a = nlohmann::json::parse(full.out), b = nlohmann::json::parse(resumed);
  EXPECT_EQ(a["epochs"], b["epochs"]);
  EXPECT_EQ(a["train_loss"], b["train_loss"]);
  EXPECT_EQ(a["test_accuracy"], b["test_accuracy"]);
  fs::remove(model_full);
  fs::remove(model_res);
}

// Sends SIGINT once the first checkpoint exists; returns {raw status, stdout}.
std::pair<int, std::string> interrupt_run(const std::string& args, const std::string& ckpt) {
  const std::string out = temp_path("int_out");
  ChildProcess child(args, out);
  EXPECT_TRUE(wait_for_file(ckpt, child.pid()));
  ::kill(child.pid(), SIGINT);
  const int status = child.wait();
  std::string text = read_text(out);
  fs::remove(out);
  return {status, text};
}

TEST(CheckpointCli, SigintStopsMinimizeCleanlyAndTheRunResumesExactly) {
  const std::string ckpt = temp_path("sigint_min");
  const std::string base = "minimize --problem rosenbrock --method momentum --lr 0.00001 --gtol 0";
  auto [status, text] = interrupt_run(
      base + " --max-iter 100000000 --json --checkpoint " + ckpt + " --checkpoint-every 5000",
      ckpt);
  ASSERT_TRUE(WIFEXITED(status)) << "killed instead of stopping cleanly";
  EXPECT_EQ(WEXITSTATUS(status), 4) << text;  // "stopped" exit code
  const auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["interrupted"], true);
  EXPECT_EQ(j["status"], "stopped");
  const long k = j["iterations"].get<long>();
  ASSERT_GT(k, 0);
  // The final checkpoint is the stopping point itself: resuming to k + 3000 equals a fresh run.
  const std::string more = " --max-iter " + std::to_string(k + 3000) + " --json";
  auto resumed = run_cli(base + more + " --checkpoint " + ckpt + " --resume");
  auto fresh = run_cli(base + more);
  ASSERT_EQ(resumed.exit_code, kBudget) << resumed.out;
  ASSERT_EQ(fresh.exit_code, kBudget) << fresh.out;
  EXPECT_EQ(nlohmann::json::parse(resumed.out)["resumed_from"].get<long>(), k);
  EXPECT_EQ(x_of(resumed.out), x_of(fresh.out));
  remove_with_prefix(ckpt);
}

TEST(CheckpointCli, SigintStopsTrainingCleanlyWithASummary) {
  const std::string ckpt = temp_path("sigint_train");
  const std::string trace = temp_path("sigint_trace") + ".csv";
  auto [status, text] = interrupt_run(
      "train --data spirals --n 300 --epochs 100000 --batch-size 10 --seed 2 --checkpoint " + ckpt +
          " --checkpoint-every 1 --trace " + trace,
      ckpt);
  ASSERT_TRUE(WIFEXITED(status)) << "killed instead of stopping cleanly";
  EXPECT_EQ(WEXITSTATUS(status), 4) << text;
  EXPECT_NE(text.find("stopped"), std::string::npos) << text;  // the summary line
  EXPECT_NE(text.find("epoch   1"), std::string::npos) << text;
  EXPECT_TRUE(fs::exists(trace)) << "the trace is written on a clean stop";
  EXPECT_TRUE(fs::exists(ckpt));
  fs::remove(trace);
  remove_with_prefix(ckpt);
}

// Second-order and least-squares runs through `optim minimize`: stopped by the budget after
// periodic checkpoints, then resumed with the full budget, they end exactly where an
// uninterrupted run ends (LM with geodesic acceleration on a nonzero-residual problem, where it
// stops by its own reduction test; Newton with the Armijo line search).
TEST(CheckpointCli, LevenbergMarquardtAndNewtonResumeThroughMinimize) {
  for (const std::string base :
       {"minimize --problem mgh_kowalik_osborne --method lm --geodesic-accel true --gtol 0",
        "minimize --problem rosenbrock --method newton --line_search armijo"}) {
    SCOPED_TRACE(base);
    const std::string ckpt = temp_path("second_order");
    const std::string flags = " --json --checkpoint " + ckpt + " --checkpoint-every 4";
    const auto full = run_cli(base + " --max-iter 500 --json");
    ASSERT_EQ(full.exit_code, 0) << full.out;
    ASSERT_EQ(run_cli(base + " --max-iter 10" + flags).exit_code, kBudget);
    const auto resumed = run_cli(base + " --max-iter 500" + flags + " --resume");
    ASSERT_EQ(resumed.exit_code, 0) << resumed.out;
    const auto a = nlohmann::json::parse(full.out), b = nlohmann::json::parse(resumed.out);
    EXPECT_EQ(b["resumed_from"].get<long>(), 10);
    EXPECT_EQ(x_of(full.out), x_of(resumed.out));  // doubles printed round-trip exact
    for (const char* key : {"f", "iterations", "f_evals", "g_evals", "h_evals", "status"}) {
      EXPECT_EQ(a[key], b[key]) << key;
    }
    remove_with_prefix(ckpt);
  }
}

// Ctrl-C lands mid-epoch (after the first epoch's checkpoint, at whatever update is running),
// and the final checkpoint is taken there: the resumed run must report every epoch's running
// train_loss and train_accuracy exactly as the uninterrupted run does, including the epoch that
// was cut. A stop that happens to fall on an epoch boundary does not test that, so the run is
// interrupted again (at most 4 attempts; a boundary has probability 1/per_epoch = 1/30 each).
TEST(CheckpointCli, TrainInterruptedMidEpochReportsTheSameEpochLosses) {
  const std::string base =
      "train --data spirals --n 300 --layers 2,24,2 --activation tanh --method adam --lr 0.01 "
      "--batch-size 10 --keep-hidden 0.9 --epochs 150 --seed 9 --dtype double --json";
  const auto full = run_cli(base);
  ASSERT_EQ(full.exit_code, kDone) << full.out;
  const auto a = nlohmann::json::parse(full.out)["per_epoch"];
  const std::string ckpt = temp_path("mid_epoch");
  const std::string flags = " --checkpoint " + ckpt + " --checkpoint-every 1";
  bool mid_epoch = false;
  for (int attempt = 0; attempt < 4 && !mid_epoch; ++attempt) {
    remove_with_prefix(ckpt);
    auto [status, text] = interrupt_run(base + flags, ckpt);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 4)
        << "not stopped by the interrupt (make the run longer): " << text;
    const std::string sig = read_checkpoint_file(ckpt).get_text("run.signature");
    const long per_epoch = std::stol(sig.substr(sig.rfind("per_epoch=") + 10));
    ASSERT_EQ(per_epoch, 30) << sig;  // 300 samples in batches of 10
    mid_epoch = checkpoint_iteration(ckpt) % per_epoch != 0;
  }
  ASSERT_TRUE(mid_epoch) << "four interrupts all fell on epoch boundaries";
  const auto resumed = run_cli(base + flags + " --resume");
  ASSERT_EQ(resumed.exit_code, kDone) << resumed.out;
  const auto b = nlohmann::json::parse(resumed.out)["per_epoch"];
  ASSERT_EQ(a.size(), b.size());
  for (size_t e = 0; e < a.size(); ++e) {
    // Exact: the same sums of the same batch losses (JSON doubles round-trip).
    EXPECT_EQ(a[e]["train_loss"], b[e]["train_loss"]) << "epoch " << e + 1;
    EXPECT_EQ(a[e]["train_accuracy"], b[e]["train_accuracy"]) << "epoch " << e + 1;
  }
  remove_with_prefix(ckpt);
}

// A converged run resumed from its final checkpoint ends at once the same way (the driver
// repeats its tests at the saved iteration; LM's own test is latched in its state): exit 0, the
// same status, x, f, iteration and evaluation counts, so nothing was evaluated again.
TEST(CheckpointCli, ResumingAConvergedRunEndsAtOnceTheSameWay) {
  for (const std::string base :
       {"minimize --problem rosenbrock --dim 10 --method lbfgs --gtol 1e-6",
        "minimize --problem quadratic --method bfgs --gtol 0 --ftol 1e-12",
        "minimize --problem mgh_kowalik_osborne --method lm --gtol 0"}) {
    SCOPED_TRACE(base);
    const std::string ckpt = temp_path("converged");
    remove_with_prefix(ckpt);
    const std::string flags = " --json --checkpoint " + ckpt;
    const auto first = run_cli(base + flags);
    ASSERT_EQ(first.exit_code, 0) << first.out;
    const auto resumed = run_cli(base + flags + " --resume");
    ASSERT_EQ(resumed.exit_code, 0) << resumed.out;
    const auto a = nlohmann::json::parse(first.out), b = nlohmann::json::parse(resumed.out);
    EXPECT_EQ(b["resumed_from"].get<long>(), a["iterations"].get<long>());
    EXPECT_EQ(x_of(first.out), x_of(resumed.out));  // doubles printed round-trip exact
    for (const char* key : {"f", "iterations", "f_evals", "g_evals", "h_evals", "status"}) {
      EXPECT_EQ(a[key], b[key]) << key;
    }
    EXPECT_NE(a["status"].get<std::string>(), "max_iterations");
    remove_with_prefix(ckpt);
  }
}

TEST(CheckpointCli, DamagedCheckpointsAreRefusedNotHalfLoaded) {
  const std::string ckpt = temp_path("damaged");
  const std::string args =
      "minimize --problem rosenbrock --method adam --gtol 0 --max-iter 50 --checkpoint " + ckpt;
  ASSERT_EQ(run_cli(args).exit_code, kBudget);
  const auto size = fs::file_size(ckpt);
  fs::resize_file(ckpt, size - 3);
  auto r = run_cli(args + " --resume", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("refused: checkpoint is truncated"), std::string::npos) << r.out;
  // A checkpoint of another run (other method) is refused too, naming the difference.
  ASSERT_EQ(run_cli(args).exit_code, kBudget);
  auto other = run_cli(
      "minimize --problem rosenbrock --method rmsprop --gtol 0 --max-iter 50 --resume "
      "--checkpoint " +
          ckpt,
      true);
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.out.find("checkpoint belongs to another run"), std::string::npos) << other.out;
  // A Levenberg-Marquardt checkpoint is not resumed by Gauss-Newton.
  const std::string lsq = "minimize --problem mgh_rosenbrock --gtol 0 --max-iter 3 --checkpoint " +
                          ckpt + "_lsq --method ";
  ASSERT_EQ(run_cli(lsq + "lm").exit_code, kBudget);
  auto gn = run_cli(lsq + "gauss-newton --resume", true);
  EXPECT_EQ(gn.exit_code, 2);
  EXPECT_NE(gn.out.find("checkpoint belongs to another run"), std::string::npos) << gn.out;
  remove_with_prefix(ckpt + "_lsq");
  auto usage = run_cli("minimize --problem rosenbrock --resume", true);
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.out.find("need --checkpoint FILE"), std::string::npos) << usage.out;
  remove_with_prefix(ckpt);
}

TEST(Determinism, SameSeedGivesBitIdenticalRunsOfMinimizeAndTrain) {
  const std::string stochastic =
      "minimize --problem rosenbrock --method adam --lr 0.001 --gtol 0 --max-iter 3000 --json";
  auto a = run_cli(stochastic), b = run_cli(stochastic);
  ASSERT_EQ(a.exit_code, kBudget);
  EXPECT_EQ(x_of(a.out), x_of(b.out));
  const std::string m1 = temp_path("det1"), m2 = temp_path("det2");
  const std::string train =
      "train --data spirals --n 200 --epochs 20 --batch-size 8 --keep-hidden 0.8 --seed 13 --save ";
  ASSERT_EQ(run_cli(train + m1).exit_code, 0);
  ASSERT_EQ(run_cli(train + m2).exit_code, 0);
  EXPECT_EQ(read_text(m1), read_text(m2)) << "seed 13";
  fs::remove(m1);
  fs::remove(m2);
}

}  // namespace
}  // namespace optim::testing
