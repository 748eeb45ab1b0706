// Real data and hostile paths through the command line: an authentic NIST file with a
// disagreeing count fits (one warning), a spreadsheet CSV fits, and every reader given a symlink
// to /dev/zero (or a directory of them) exits 2 with a message naming the path, never
// std::bad_alloc. An allocation failure that still reaches main() reads "out of memory".
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/test_support.hpp"

namespace optim {
namespace {

using optim::testing::run_cli;
using optim::testing::source_path;
using optim::testing::temp_path;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

TEST(CliReaders, FitReadsANistFileWhoseDegreesOfFreedomDisagreeWithOneWarning) {
  // Misra1a.dat stating 9 degrees of freedom, as NIST's own Rat43.dat does for 15 - 4.
  std::ifstream in(source_path("problems/data/nist/Misra1a.dat"));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const std::string line = "Degrees of Freedom:                                12";
  text.replace(text.find(line), line.size(),
               "Degrees of Freedom:                                 9");
  const std::string path = temp_path("cli_dof9.dat");
  std::ofstream(path) << text;
  const auto r = run_cli("fit --data " + path + " --model \"b1*(1-exp(-b2*x))\"", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(count(r.out, "optim: warning: "), 1u) << r.out;
  EXPECT_NE(r.out.find("optim: warning: " + path +
                       ":46: Degrees of Freedom is 9, but observations - parameters = 14 - 2 = "
                       "12; using 12"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("degrees of freedom           12"), std::string::npos) << r.out;
}

TEST(CliReaders, FitReadsASpreadsheetCsvWithBomQuotesAndAColumnNamedE) {
  std::string text = "\xEF\xBB\xBF\"x\",\"e\",\"y, measured\"\r\n";
  for (int i = 1; i <= 6; ++i) {
    text += std::to_string(i) + ",\"0\"," + std::to_string(2 * i) + "\r\n";
  }
  const std::string path = temp_path("cli_excel.csv");
  std::ofstream(path, std::ios::binary) << text;
  const auto r = run_cli("fit --data " + path +
                         " --model \"b1*x\" --y \"y, measured\" --x x --start b1=1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["params"]["b1"].get<double>(), 2.0, 1e-9) << r.out;
}

// Exit 2, "optim: error:", the path named, and no raw exception text.
void expect_refused(const std::string& args, const std::string& path, bool says_regular = true) {
  const auto r = run_cli(args, true);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
  EXPECT_NE(r.out.find("optim: error: "), std::string::npos) << args << "\n" << r.out;
  EXPECT_NE(r.out.find(path), std::string::npos) << args << "\n" << r.out;
  if (says_regular) {
    EXPECT_NE(r.out.find("is not a regular file"), std::string::npos) << args << "\n" << r.out;
  }
  EXPECT_EQ(r.out.find("bad_alloc"), std::string::npos) << args << "\n" << r.out;
}

std::string link_to_dev_zero(const std::string& name) {
  const std::string link = temp_path(name);
  std::filesystem::create_symlink("/dev/zero", link);
  return link;
}

TEST(CliReaders, EveryReaderRefusesASymlinkToDevZero) {
  const std::string model = link_to_dev_zero("cli_zero_model.bin");
  expect_refused("predict --model " + model + " --data xor", model);
  const std::string csv = link_to_dev_zero("cli_zero_data.csv");
  expect_refused("fit --data " + csv + " --model \"a*x\" --start a=1", csv);
  const std::string dat = link_to_dev_zero("cli_zero_data.dat");
  expect_refused("fit --data " + dat + " --model \"b1*x\"", dat);
  const std::string trace = link_to_dev_zero("cli_zero_trace.csv");
  expect_refused("plot convergence --trace " + trace + " --out " + temp_path("cli_zero_plot.png"),
                 trace);
  // The checkpoint path is also an output; whichever check refuses it first, exit 2 and a
  // message naming it.
  const std::string ckpt = link_to_dev_zero("cli_zero_ckpt");
  expect_refused("minimize --problem rosenbrock --method lbfgs --checkpoint " + ckpt + " --resume",
                 ckpt, /*says_regular=*/false);
  // The IDX reader, through --data mnist --data-dir.
  const std::string dir = temp_path("cli_zero_mnist");
  std::filesystem::create_directory(dir);
  for (const char* f : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
    std::filesystem::create_symlink("/dev/zero", dir + "/" + f);
  }
  expect_refused("train --data mnist --data-dir " + dir + " --epochs 1", dir);
}

TEST(CliReaders, ADirectoryGivenAsAnInputIsNotARegularFile) {
  const std::string dir = temp_path("cli_dir_input.csv");
  std::filesystem::create_directory(dir);
  expect_refused("fit --data " + dir + " --model \"a*x\" --start a=1", dir);
  expect_refused("predict --model " + dir + " --data xor", dir);
}

// Runs the CLI with its address space limited to `kib` KiB (ulimit -v), stderr merged.
optim::testing::CommandOutput run_cli_limited(const std::string& args, long kib) {
  const std::string cmd = "ulimit -v " + std::to_string(kib) + "; exec " + std::string(OPTIM_CLI) +
                          " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  optim::testing::CommandOutput res;
  if (pipe == nullptr) return res;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) res.out.append(buf.data(), n);
  const int status = pclose(pipe);
  res.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return res;
}

TEST(CliReaders, AnAllocationFailureReachingMainSaysOutOfMemory) {
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer reserves terabytes of shadow address space at start-up and aborts on a
  // failed allocation, so an ASan binary cannot run under ulimit -v; the Release stage runs this.
  GTEST_SKIP() << "needs a binary without AddressSanitizer (run by the Release stage)";
#endif
  // A valid run whose vectors (8 x 10^8 bytes each) cannot fit in a 1 GiB address space.
  const auto r = run_cli_limited(
      "minimize --problem sphere --dim 100000000 --method gd --max-iter 1", 1 << 20);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("optim: error: out of memory: "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("bad_alloc"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace optim
