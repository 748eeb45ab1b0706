// Gradient clipping (--clip-norm, --clip-value) and learning-rate warmup (--warmup N, --schedule
// warmup:N,NAME) through `optim train` and `optim minimize`: a clip that never binds leaves the
// run bit for bit as it is, one that binds changes it; both warmup spellings are one run; a run
// checkpointed inside the warmup or after it and resumed equals the uninterrupted run; bad values
// are refused naming the flag.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/train_run.hpp"
#include "support/test_support.hpp"

namespace optim::testing {
namespace {

namespace fs = std::filesystem;

// Spirals: 200 training samples in batches of 10, 20 updates per epoch.
const std::string kBase =
    "train --data spirals --n 200 --layers 2,16,2 --activation tanh --method adam --lr 0.02 "
    "--seed 4 --no-progress --json";
const std::string kSpirals = kBase + " --batch-size 10";

Trained train(const std::string& flags, const std::string& tag,
              const std::string& base = kSpirals) {
  return train_saved(base, flags, "train_features_" + tag);
}

TEST(CliTrainFeatures, AClipThatNeverBindsChangesNothingAndOneThatBindsChangesTheRun) {
  const Trained plain = train("--epochs 5", "plain");
  ASSERT_FALSE(plain.model.empty());
  for (const char* flag : {"--clip-norm", "--clip-value"}) {
    SCOPED_TRACE(flag);
    const Trained never = train(std::string("--epochs 5 ") + flag + " 1e30", "never");
    EXPECT_EQ(never.model, plain.model);
    EXPECT_EQ(never.report["train_loss"], plain.report["train_loss"]);
    const Trained binds = train(std::string("--epochs 5 ") + flag + " 1e-4", "binds");
    EXPECT_NE(binds.model, plain.model);
    EXPECT_NE(binds.report["train_loss"], plain.report["train_loss"]);
  }
  // Online and full batch as well (the clip sits in the rule, not in the batching).
  for (const char* batch : {"1", "0"}) {
    const std::string b = std::string(" --batch-size ") + batch;
    const Trained p = train("--epochs 2" + b, "b", kBase);
    EXPECT_EQ(p.model, train("--epochs 2 --clip-norm 1e30" + b, "c", kBase).model) << batch;
    EXPECT_NE(p.model, train("--epochs 2 --clip-value 1e-4" + b, "d", kBase).model) << batch;
  }
}

TEST(CliTrainFeatures, WarmupChangesTheRunAndBothSpellingsAreOneRun) {
  const Trained plain = train("--epochs 3", "w_plain");
  const Trained flag = train("--epochs 3 --warmup 30 --schedule step --step-every 15", "w_flag");
  const Trained chain = train("--epochs 3 --schedule warmup:30,step --step-every 15", "w_chain");
  const Trained param =
      train("--epochs 3 --param warmup=30,schedule=step,step_every=15", "w_param");
  EXPECT_NE(flag.model, plain.model);
  EXPECT_EQ(flag.model, chain.model);
  EXPECT_EQ(flag.model, param.model);
}

// A run of `epochs` epochs checkpointed at the end, resumed to 4 epochs.
Trained checkpointed_then_resumed(const std::string& flags, int epochs, const std::string& tag) {
  return train_resumed(kSpirals, flags, epochs, 4, "train_features_" + tag);
}

TEST(CliTrainFeatures, ARunStoppedInsideOrAfterTheWarmupResumesBitIdentically) {
  // 30 warmup updates: after epoch 1 (update 20) the run is inside the warmup, after epoch 2
  // (update 40) past it, on the plateau schedule whose memory the checkpoint carries.
  const std::string flags =
      "--schedule warmup:30,plateau --plateau-patience 3 --factor 0.5 --clip-norm 0.5";
  const Trained full = train(flags + " --epochs 4", "full");
  for (int stop : {1, 2}) {
    SCOPED_TRACE("checkpoint after epoch " + std::to_string(stop));
    const Trained resumed = checkpointed_then_resumed(flags, stop, std::to_string(stop));
    EXPECT_EQ(resumed.model, full.model);
    EXPECT_EQ(resumed.report["train_loss"], full.report["train_loss"]);
    EXPECT_EQ(resumed.report["test_loss"], full.report["test_loss"]);
  }
  // A checkpoint of a run with another warmup is another run's (the signature holds warmup=30).
  const std::string ckpt = temp_path("train_features_ckpt_other");
  fs::remove(ckpt);
  ASSERT_EQ(run_cli(kSpirals + " " + flags + " --epochs 1 --checkpoint " + ckpt).exit_code, 0);
  const auto other = run_cli(kSpirals +
                                 " --schedule warmup:20,plateau --plateau-patience 3 --factor 0.5 "
                                 "--clip-norm 0.5 --epochs 4 --resume --checkpoint " +
                                 ckpt,
                             true);
  EXPECT_EQ(other.exit_code, 2) << other.out;
  EXPECT_NE(other.out.find("warmup=30"), std::string::npos) << other.out;
  fs::remove(ckpt);
}

TEST(CliTrainFeatures, MinimizeTakesTheSameFlags) {
  const std::string run =
      "minimize --problem rosenbrock --method momentum --lr 0.001 --max-iter 200 --json";
  const auto plain = run_cli(run);
  const auto never = run_cli(run + " --clip-norm 1e30");
  const auto binds = run_cli(run + " --clip-norm 0.1 --warmup 50");
  ASSERT_EQ(plain.exit_code, 1) << plain.out;  // max_iterations
  const auto x = [](const CommandOutput& r) { return nlohmann::json::parse(r.out)["x"]; };
  EXPECT_EQ(x(never), x(plain));
  EXPECT_NE(x(binds), x(plain));
}

TEST(CliTrainFeatures, BadValuesAreRefusedNamingTheFlag) {
  const struct {
    std::string flags, says;
  } cases[] = {
      {"--clip-norm -1", "--clip-norm '-1': must be > 0 and finite"},
      {"--clip-value inf", "--clip-value 'inf': must be > 0 and finite"},
      {"--warmup -5", "--warmup '-5'"},
      {"--schedule warmup:0,step", "a chain is warmup:N,NAME"},
      {"--schedule warmup:10,step --warmup 20", "--warmup '20': disagrees with schedule"},
  };
  for (const auto& c : cases) {
    const auto r = run_cli(kSpirals + " --epochs 1 " + c.flags, true);
    EXPECT_EQ(r.exit_code, 2) << c.flags << "\n" << r.out;
    EXPECT_NE(r.out.find(c.says), std::string::npos) << c.flags << "\n" << r.out;
  }
}

}  // namespace
}  // namespace optim::testing
