// The data a run reads are part of its checkpoint (CheckpointOptions::inputs,
// optim/checkpoint/input_identity.hpp): resuming `optim train` or `optim minimize` on other data
// of the same shape (other MNIST files, another synthetic seed, an edited NIST file) is refused
// with exit 2 naming the input that differs; the same data resume exactly.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <vector>

#include "optim/checkpoint/input_identity.hpp"
#include "support/test_support.hpp"

namespace optim::testing {
namespace {

namespace fs = std::filesystem;

void write_idx(const std::string& path, const std::vector<std::uint32_t>& dims, std::mt19937& rng,
               int max_value) {
  std::ofstream out(path, std::ios::binary);
  const unsigned char magic[4] = {0, 0, 0x08, static_cast<unsigned char>(dims.size())};
  out.write(reinterpret_cast<const char*>(magic), 4);
  std::size_t count = 1;
  for (const std::uint32_t d : dims) {
    const unsigned char be[4] = {static_cast<unsigned char>(d >> 24),
                                 static_cast<unsigned char>(d >> 16),
                                 static_cast<unsigned char>(d >> 8), static_cast<unsigned char>(d)};
    out.write(reinterpret_cast<const char*>(be), 4);
    count *= d;
  }
  std::uniform_int_distribution<int> value(0, max_value);
  for (std::size_t i = 0; i < count; ++i) out.put(static_cast<char>(value(rng)));
}

// A tiny MNIST-shaped data set (40 training and 10 test images of 28 x 28): the same shape for
// every seed, other pixels and labels.
std::string tiny_mnist(const std::string& tag, unsigned seed) {
  const std::string dir = temp_path("inputs_mnist_" + tag);
  fs::create_directories(dir);
  std::mt19937 rng(seed);
  write_idx(dir + "/train-images-idx3-ubyte", {40, 28, 28}, rng, 255);
  write_idx(dir + "/train-labels-idx1-ubyte", {40}, rng, 9);
  write_idx(dir + "/t10k-images-idx3-ubyte", {10, 28, 28}, rng, 255);
  write_idx(dir + "/t10k-labels-idx1-ubyte", {10}, rng, 9);
  return dir;
}

const std::string kMnist =
    "train --data mnist --layers 784,4,10 --method adam --lr 0.01 --batch-size 8 --seed 3 "
    "--dtype double --no-progress --json";

TEST(ResumeInputs, TrainingResumedOnOtherMnistFilesOfTheSameShapeIsRefused) {
  const std::string a = tiny_mnist("a", 1), b = tiny_mnist("b", 2);
  const std::string ckpt = temp_path("inputs_mnist_ckpt");
  const std::string flags = " --checkpoint " + ckpt;
  ASSERT_EQ(run_cli(kMnist + " --data-dir " + a + " --epochs 2" + flags).exit_code, 0);
  const auto other =
      run_cli(kMnist + " --data-dir " + b + " --epochs 4" + flags + " --resume", true);
  EXPECT_EQ(other.exit_code, 2) << other.out;
  EXPECT_NE(
      other.out.find("checkpoint belongs to another run: it was written with data 'file " +
                     fs::weakly_canonical(a).string() + "/train-images-idx3-ubyte: 31376 bytes"),
      std::string::npos)
      << other.out;
  EXPECT_NE(other.out.find("this run reads 'file " + fs::weakly_canonical(b).string() +
                           "/train-images-idx3-ubyte: 31376 bytes"),
            std::string::npos)
      << other.out;
  // The same files resume, and end where an uninterrupted run ends.
  const auto same = run_cli(kMnist + " --data-dir " + a + " --epochs 4" + flags + " --resume");
  const auto fresh = run_cli(kMnist + " --data-dir " + a + " --epochs 4");
  ASSERT_EQ(same.exit_code, 0) << same.out;
  ASSERT_EQ(fresh.exit_code, 0) << fresh.out;
  const auto x = nlohmann::json::parse(same.out), y = nlohmann::json::parse(fresh.out);
  EXPECT_EQ(x["train_loss"], y["train_loss"]);
  EXPECT_EQ(x["test_loss"], y["test_loss"]);
  EXPECT_EQ(x["epochs"], 4);
}

TEST(ResumeInputs, TrainingResumedWithAnotherSyntheticSeedIsRefusedNamingTheData) {
  const std::string ckpt = temp_path("inputs_seed_ckpt");
  const std::string base = "train --data spirals --n 200 --batch-size 10 --no-progress";
  ASSERT_EQ(run_cli(base + " --epochs 2 --seed 5 --checkpoint " + ckpt).exit_code, 0);
  const auto r = run_cli(base + " --epochs 4 --seed 6 --resume --checkpoint " + ckpt, true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("it was written with data 'synthetic spirals n=200 seed=5', this run "
                       "reads 'synthetic spirals n=200 seed=6'"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(run_cli(base + " --epochs 4 --seed 5 --resume --checkpoint " + ckpt).exit_code, 0);
}

// A NIST problem reads its .dat file (OPTIM_NIST_DIR): an edited copy of the same shape is
// other data.
TEST(ResumeInputs, MinimizeResumedOnAnEditedNistFileIsRefused) {
  const std::string original = source_path("problems/data/nist/Misra1a.dat");
  std::ifstream in(original, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string edited = text.str();
  // The last observation's first digit, one higher (9 -> 8): same lines, same shape.
  std::size_t last = edited.find_last_not_of(" \r\n");
  last = edited.rfind('\n', last) + 1;
  const std::size_t digit = edited.find_first_of("0123456789", last);
  edited[digit] = edited[digit] == '9' ? '8' : static_cast<char>(edited[digit] + 1);
  const std::string a = temp_path("inputs_nist_a"), b = temp_path("inputs_nist_b");
  fs::create_directories(a);
  fs::create_directories(b);
  fs::copy_file(original, a + "/Misra1a.dat");
  std::ofstream(b + "/Misra1a.dat", std::ios::binary) << edited;

  const std::string ckpt = temp_path("inputs_nist_ckpt");
  const std::string run =
      "minimize --problem nist_misra1a --method lm --gtol 0 --json --checkpoint " + ckpt;
  ::setenv("OPTIM_NIST_DIR", a.c_str(), 1);
  const auto first = run_cli(run + " --max-iter 2");
  ::setenv("OPTIM_NIST_DIR", b.c_str(), 1);
  const auto other = run_cli(run + " --max-iter 50 --resume", true);
  ::setenv("OPTIM_NIST_DIR", a.c_str(), 1);
  const auto same = run_cli(run + " --max-iter 50 --resume");
  ::unsetenv("OPTIM_NIST_DIR");
  ASSERT_EQ(first.exit_code, 1) << first.out;
  EXPECT_EQ(other.exit_code, 2) << other.out;
  EXPECT_NE(other.out.find("it was written with data 'file " + fs::weakly_canonical(a).string() +
                           "/Misra1a.dat: "),
            std::string::npos)
      << other.out;
  EXPECT_NE(same.exit_code, 2) << same.out;
  EXPECT_EQ(nlohmann::json::parse(same.out)["resumed_from"], 2);
}

// The identity itself: the size and the hash change with one byte, for small (whole hash) and
// large (sampled) files; a file that cannot be read is an error naming it.
TEST(ResumeInputs, FileIdentityChangesWithTheContent) {
  const std::string path = temp_path("inputs_identity");
  for (const std::size_t size : {std::size_t(1000), std::size_t(kFullHashBytes) + 4096}) {
    SCOPED_TRACE(size);
    std::string bytes(size, 'a');
    std::ofstream(path, std::ios::binary) << bytes;
    const std::string before = file_identity(path);
    bytes[size - 1] = 'b';  // the last byte: in the last sampled block of a large file
    std::ofstream(path, std::ios::binary) << bytes;
    const std::string after = file_identity(path);
    EXPECT_NE(before, after);
    EXPECT_NE(after.find(": " + std::to_string(size) + " bytes, fnv1a64 "), std::string::npos)
        << after;
    EXPECT_EQ(after, file_identity(path));  // deterministic
  }
  EXPECT_EQ(invalid_argument_message([&] { file_identity(path + "_missing"); }),
            "cannot read input file '" + path + "_missing'");
}

// The data files a run reads are inputs like --model: no output of the run may replace one.
TEST(ResumeInputs, AnOutputOverAnMnistFileIsRefusedAndTheFileKept) {
  const std::string dir = tiny_mnist("outputs", 4);
  const std::string labels = dir + "/train-labels-idx1-ubyte";
  const auto before = std::filesystem::file_size(labels);
  auto r = run_cli(kMnist + " --epochs 1 --data-dir " + dir + " --save " + labels, true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--data-dir"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--save"), std::string::npos) << r.out;
  EXPECT_EQ(std::filesystem::file_size(labels), before);
  const std::string model = temp_path("inputs_mnist_model");
  ASSERT_EQ(run_cli(kMnist + " --epochs 1 --data-dir " + dir + " --save " + model).exit_code, 0);
  auto p = run_cli("predict --model " + model + " --data mnist --data-dir " + dir + " --output " +
                       dir + "/t10k-images-idx3-ubyte",
                   true);
  EXPECT_EQ(p.exit_code, 2) << p.out;
  EXPECT_NE(p.out.find("--output"), std::string::npos) << p.out;
}

}  // namespace
}  // namespace optim::testing
