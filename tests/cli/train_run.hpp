#pragma once
// `optim train` run with --save, shared by the CLI tests that compare runs bit for bit: the saved
// model's bytes (its parameters as written) and the JSON report.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "support/test_support.hpp"

namespace optim::testing {

struct Trained {
  std::string model;
  nlohmann::json report;
};

// Runs `base flags --save TMP` (base must ask for --json); expects exit 0.
inline Trained train_saved(const std::string& base, const std::string& flags,
                           const std::string& tag) {
  const std::string path = temp_path(tag);
  const auto r = run_cli(base + " " + flags + " --save " + path);
  EXPECT_EQ(r.exit_code, 0) << flags << "\n" << r.out;
  Trained t{read_text(path), r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json{}};
  std::filesystem::remove(path);
  return t;
}

// `base flags --epochs first --checkpoint C`, then the same resumed to `total` epochs and saved:
// the resumed run's model and report (for comparison with an uninterrupted run of `total`).
inline Trained train_resumed(const std::string& base, const std::string& flags, int first,
                             int total, const std::string& tag) {
  const std::string ckpt = temp_path(tag + "_ckpt");
  std::filesystem::remove(ckpt);
  const auto r1 =
      run_cli(base + " " + flags + " --epochs " + std::to_string(first) + " --checkpoint " + ckpt);
  EXPECT_EQ(r1.exit_code, 0) << r1.out;
  const Trained t = train_saved(
      base, flags + " --epochs " + std::to_string(total) + " --checkpoint " + ckpt + " --resume",
      tag + "_resumed");
  std::filesystem::remove(ckpt);
  return t;
}

}  // namespace optim::testing
