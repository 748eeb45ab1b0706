// Every file a subcommand writes goes through one mechanism (optim/observers/run_files.hpp,
// output_path.hpp, atomic_file.hpp): output paths are checked before any work, two outputs on one
// file or an output on an input are refused, a failed write is exit 2 and keeps the old file.
//
// Devices are reached through a symlink in the temp folder (a link to /dev/null) for the writers
// that rename or remove their target, so that running these tests against a build without the
// checks replaces or removes the link, never /dev/null itself; /dev/full is used directly only
// with writers that opened their path for writing.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace optim::testing {
namespace {

namespace fs = std::filesystem;

void spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

bool is_fifo(const std::string& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
}

bool is_link_to(const std::string& p, const std::string& target) {
  std::error_code ec;
  return fs::is_symlink(fs::symlink_status(p)) && fs::read_symlink(p, ec) == target;
}

// A folder of its own per test, emptied at exit by temp_path's clean-up.
std::string fresh_dir(const std::string& name) {
  const std::string d = temp_path(name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// One command and one of its output flags; `ext` is the file name ending the command expects.
struct OutputFlag {
  std::string command, flag, ext;
};

// A short run of every subcommand that writes files, one entry per output flag.
std::vector<OutputFlag> output_flags(const std::string& model, const std::string& learning) {
  const std::string train =
      "train --data xor --layers 2,4,2 --epochs 2 --batch-size 4 --no-progress";
  const std::string minimize = "minimize --problem rosenbrock --max-iter 5";
  const std::string compare = "compare --methods gd --problems sphere --max-iter 5";
  return {
      {train, "--save", ".bin"},
      {train, "--trace", ".csv"},
      {train, "--checkpoint", ".ckpt"},
      {minimize, "--trace", ".csv"},
      {minimize, "--checkpoint", ".ckpt"},
      {"predict --data xor --model " + model, "--output", ".csv"},
      {"study step-size --steps 5", "--out", ".csv"},
      {"study step-size --steps 5", "--plot", ".png"},
      {"study minibatch --steps 20 --draws 5", "--plot", ".png"},
      {compare, "--out", ".csv"},
      {compare, "--profile", ".png"},
      {"plot contour --problem rosenbrock --max-iter 5 --grid 10", "--out", ".png"},
      {"plot convergence --problem rosenbrock --methods gd --max-iter 5", "--out", ".png"},
      {"plot learning --trace " + learning, "--out", ".png"},
  };
}

class CliOutputs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_dir("outputs_cli");
    model_ = dir_ + "/model.bin";
    learning_ = dir_ + "/learning.csv";
    const auto r = run_cli(
        "train --data xor --layers 2,4,2 --epochs 3 --batch-size 4 "
        "--no-progress --save " +
            model_ + " --trace " + learning_,
        true);
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  std::string dir_, model_, learning_;
};

// The refusal names the flag and the path as typed, before anything is written.
void expect_refused(const OutputFlag& o, const std::string& path, const std::string& reason) {
  const auto r = run_cli(o.command + " " + o.flag + " " + path, true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("optim: error: " + o.flag + " '" + path + "'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(reason), std::string::npos) << r.out;
}

TEST_F(CliOutputs, EveryOutputFlagRefusesEveryBadPathClassBeforeTheRun) {
  const std::string plain = dir_ + "/plain_file";
  spit(plain, "x");
  for (const auto& o : output_flags(model_, learning_)) {
    SCOPED_TRACE(o.command + " " + o.flag);
    const std::string folder = dir_ + "/folder" + o.ext;
    const std::string fifo = dir_ + "/fifo" + o.ext;
    const std::string dev = dir_ + "/dev_null_link" + o.ext;
    fs::create_directories(folder);
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    // A reader keeps a writer that opens the fifo (as the old code did) from blocking forever.
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(reader, 0);
    fs::create_symlink("/dev/null", dev);

    expect_refused(o, "/nonexistent_optim_folder/out" + o.ext, "does not exist");
    expect_refused(o, plain + "/out" + o.ext, "is not a folder");
    expect_refused(o, folder, "is a directory");
    EXPECT_TRUE(fs::is_directory(folder));
    expect_refused(o, fifo, "is a fifo");
    EXPECT_TRUE(is_fifo(fifo)) << "the fifo was replaced";
    expect_refused(o, dev, "is a device");
    EXPECT_TRUE(is_link_to(dev, "/dev/null")) << "the link was replaced";
    // No file can be created in /proc (for root too, where access(2) would say yes).
    expect_refused(o, "/proc/optim_out" + o.ext, "cannot create files in folder '/proc'");

    ::close(reader);
    fs::remove_all(folder);
    fs::remove(fifo);
    fs::remove(dev);
  }
}

TEST_F(CliOutputs, DevFullIsRefusedWhereItUsedToExitZero) {
  // These writers used to open their path, write into the buffer and exit 0 (nothing stored).
  for (const auto& o : output_flags(model_, learning_)) {
    if (o.flag != "--save" && o.flag != "--output" && o.flag != "--out") continue;
    if (o.command.rfind("plot", 0) == 0) continue;  // the old plot code removed its target first
    SCOPED_TRACE(o.command + " " + o.flag);
    expect_refused(o, "/dev/full", "is a device");
  }
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
}

TEST_F(CliOutputs, TrainRefusesABadSaveBeforeTraining) {
  // Before: 5000 epochs trained, the trace written, then the model lost.
  const std::string trace = dir_ + "/trained.csv";
  const auto r = run_cli("train --data xor --layers 2,4,2 --epochs 5000 --no-progress --trace " +
                             trace + " --save /nonexistent_optim_folder/m.bin",
                         true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--save '/nonexistent_optim_folder/m.bin': folder "
                       "'/nonexistent_optim_folder' does not exist"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("epoch"), std::string::npos) << "trained before refusing:\n" << r.out;
  EXPECT_FALSE(fs::exists(trace));
}

TEST_F(CliOutputs, DemoRefusesAnOutputFolderThatIsNotOne) {
  const std::string file = dir_ + "/a_file";
  spit(file, "x");
  for (const std::string& out : {std::string("/dev/null"), file, file + "/sub"}) {
    SCOPED_TRACE(out);
    const auto r = run_cli("demo --out " + out, true);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("optim: error: --out '" + out + "': cannot create the folder"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("filesystem error"), std::string::npos) << r.out;
  }
  EXPECT_EQ(read_text(file), "x");
}

TEST_F(CliOutputs, TwoOutputsOnOneFileAreRefused) {
  const std::string x = dir_ + "/x.csv";
  const std::string link = dir_ + "/link.csv";
  fs::create_symlink(x, link);
  const std::string train = "train --data xor --layers 2,4,2 --epochs 2 --no-progress ";
  struct Pair {
    std::string args, first, second;
  };
  const std::vector<Pair> pairs = {
      {train + "--trace " + x + " --checkpoint " + x, "--trace", "--checkpoint"},
      {train + "--trace " + x + " --save " + dir_ + "/./x.csv", "--trace", "--save"},
      {train + "--save " + x + " --checkpoint " + dir_ + "/sub/../x.csv", "--save", "--checkpoint"},
      {train + "--checkpoint " + link + " --trace " + x, "--checkpoint", "--trace"},
      {"minimize --problem rosenbrock --max-iter 5 --trace " + x + " --checkpoint " + link,
       "--trace", "--checkpoint"},
      {"study step-size --steps 5 --out " + x + " --plot " + link, "--out", "--plot"},
      {"compare --methods gd --problems sphere --max-iter 5 --out " + x + " --profile " + x,
       "--out", "--profile"},
  };
  fs::create_directories(dir_ + "/sub");
  for (const auto& p : pairs) {
    SCOPED_TRACE(p.args);
    const auto r = run_cli(p.args, true);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("are the same file"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(p.first + " '"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(p.second + " '"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(x));
  }
}

TEST_F(CliOutputs, RelativePathsCountAsTheSameFile) {
  // "./x" and "x" from the current folder (the child inherits the test's working directory).
  const fs::path old = fs::current_path();
  fs::current_path(dir_);
  const auto r = run_cli(
      "minimize --problem rosenbrock --max-iter 5 --trace x.csv "
      "--checkpoint ./x.csv",
      true);
  fs::current_path(old);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--trace 'x.csv' and --checkpoint './x.csv' are the same file"),
            std::string::npos)
      << r.out;
}

TEST_F(CliOutputs, AnOutputOverAnInputIsRefusedAndTheInputKept) {
  const std::string model_bytes = read_text(model_);
  const std::string trace_bytes = read_text(learning_);
  const std::string model_link = dir_ + "/model_link.bin";
  fs::create_symlink(model_, model_link);
  fs::create_hard_link(learning_, dir_ + "/learning_hard.csv");
  struct Case {
    std::string args, output_flag, input_flag;
  };
  const std::vector<Case> cases = {
      {"predict --data xor --model " + model_ + " --output " + model_, "--output", "--model"},
      {"predict --data xor --model " + model_ + " --output " + model_link, "--output", "--model"},
      {"predict --data xor --model " + model_link + " --output " + dir_ + "/./model.bin",
       "--output", "--model"},
      {"plot learning --trace " + learning_ + " --out " + learning_, "--out", "--trace"},
      {"plot learning --trace " + learning_ + " --out " + dir_ + "/learning_hard.csv", "--out",
       "--trace"},
      {"plot convergence --trace " + learning_ + " --out " + learning_, "--out", "--trace"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args);
    const auto r = run_cli(c.args, true);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("optim: error: " + c.output_flag + " '"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("would overwrite the " + c.input_flag + " input"), std::string::npos)
        << r.out;
  }
  EXPECT_EQ(read_text(model_), model_bytes);
  EXPECT_EQ(read_text(learning_), trace_bytes);
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(model_link)));
}

TEST_F(CliOutputs, OutputsThroughASymlinkReplaceItsTargetAndKeepTheLink) {
  const std::string target = dir_ + "/real.csv", link = dir_ + "/link.csv";
  spit(target, "old\n");
  fs::create_symlink(target, link);
  const auto r = run_cli("predict --data xor --model " + model_ + " --output " + link, true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(is_link_to(link, target));
  EXPECT_EQ(read_text(target).rfind("sample,label,predicted", 0), 0u) << read_text(target);
  // The writers that rename (traces, checkpoints) write through the link too, not over it.
  const std::string trace = dir_ + "/trace.csv", trace_link = dir_ + "/trace_link.csv";
  const std::string ckpt = dir_ + "/run.ckpt", ckpt_link = dir_ + "/ckpt_link";
  fs::create_symlink(trace, trace_link);
  fs::create_symlink(ckpt, ckpt_link);
  const auto m = run_cli("minimize --problem rosenbrock --max-iter 5 --trace " + trace_link +
                             " --checkpoint " + ckpt_link,
                         true);
  EXPECT_EQ(m.exit_code, 1) << m.out;  // out of iterations
  EXPECT_TRUE(is_link_to(trace_link, trace));
  EXPECT_TRUE(is_link_to(ckpt_link, ckpt));
  EXPECT_EQ(read_text(trace).rfind("k,f,", 0), 0u) << read_text(trace);
  EXPECT_GT(fs::file_size(ckpt), 0u);
  // Nothing else left in the folder (no temporary file).
  for (const auto& name : entries(dir_)) EXPECT_EQ(name.find(".tmp."), std::string::npos) << name;
}

// A fake interpreter in place of python3: writes part of a picture to the output it is given,
// then fails as a crashing matplotlib would.
std::string failing_python(const std::string& dir, int exit_code, bool write_partial) {
  const std::string path = dir + "/fake_python.sh";
  spit(path, std::string("#!/bin/sh\n") + (write_partial ? "printf 'PARTIAL' > \"$4\"\n" : "") +
                 "exit " + std::to_string(exit_code) + "\n");
  fs::permissions(path, fs::perms::owner_all);
  return path;
}

CommandOutput run_with_python(const std::string& python, const std::string& args) {
  ::setenv("OPTIM_PYTHON", python.c_str(), 1);
  auto r = run_cli(args, true);
  ::unsetenv("OPTIM_PYTHON");
  return r;
}

TEST_F(CliOutputs, AFailedPlotKeepsTheOldPictureAndLeavesNoTemporary) {
  const std::string png = dir_ + "/picture.png";
  const std::vector<std::string> commands = {
      "plot contour --problem rosenbrock --max-iter 5 --grid 10 --out " + png,
      "plot learning --trace " + learning_ + " --out " + png,
      "study step-size --steps 5 --plot " + png,
      "compare --methods gd --problems sphere --max-iter 5 --profile " + png,
  };
  for (const auto& [code, partial] : {std::pair{1, true}, std::pair{0, false}}) {
    const std::string python = failing_python(dir_, code, partial);
    for (const auto& c : commands) {
      SCOPED_TRACE(c + (partial ? " (script fails)" : " (script writes nothing)"));
      spit(png, "the user's old picture");
      const auto before = entries(dir_);
      const auto r = run_with_python(python, c);
      EXPECT_EQ(r.exit_code, 2) << r.out;
      EXPECT_EQ(read_text(png), "the user's old picture");
      EXPECT_EQ(entries(dir_), before);
    }
  }
}

// RLIMIT_FSIZE makes write(2) fail with EFBIG past `bytes` (a short write, then the error), as a
// full disk would with ENOSPC; it holds for root too. SIGXFSZ is ignored so that the child sees
// the error instead of being killed; both are inherited by the `optim` child.
CommandOutput run_with_file_size_limit(rlim_t bytes, const std::string& args) {
  rlimit old{};
  ::getrlimit(RLIMIT_FSIZE, &old);
  rlimit lim = old;
  lim.rlim_cur = bytes;
  auto* previous = ::signal(SIGXFSZ, SIG_IGN);
  ::setrlimit(RLIMIT_FSIZE, &lim);
  auto r = run_cli(args, true);
  ::setrlimit(RLIMIT_FSIZE, &old);
  ::signal(SIGXFSZ, previous);
  return r;
}

TEST_F(CliOutputs, AFailedWriteIsExit2AndKeepsTheOldFile) {
  // Before: the model was cut at the limit and the command exited 0.
  const std::string model = dir_ + "/big_model.bin";
  spit(model, "previous model");
  const auto r = run_with_file_size_limit(
      512, "train --data xor --layers 2,64,64,2 --epochs 1 --no-progress --save " + model);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("cannot write '" + model + "'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("File too large"), std::string::npos) << r.out;
  EXPECT_EQ(read_text(model), "previous model");

  const std::string csv = dir_ + "/table.csv";
  spit(csv, "previous table");
  const auto s = run_with_file_size_limit(512, "study step-size --out " + csv);
  EXPECT_EQ(s.exit_code, 2) << s.out;
  EXPECT_NE(s.out.find("cannot write '" + csv + "'"), std::string::npos) << s.out;
  EXPECT_EQ(read_text(csv), "previous table");

  // The writers that were atomic already: the failure is exit 2 too, the old file kept.
  for (const std::string flag : {"--trace", "--checkpoint"}) {
    SCOPED_TRACE(flag);
    const std::string file = dir_ + "/minimize" + (flag == "--trace" ? ".csv" : ".ckpt");
    spit(file, "previous");
    const auto m =
        run_with_file_size_limit(512, "minimize --problem rosenbrock " + flag + " " + file);
    EXPECT_EQ(m.exit_code, 2) << m.out;
    EXPECT_NE(m.out.find("cannot write '" + file + "'"), std::string::npos) << m.out;
    EXPECT_EQ(read_text(file), "previous");
  }
  for (const auto& name : entries(dir_)) EXPECT_EQ(name.find(".tmp."), std::string::npos) << name;
}

// Runs `optim` with stdout on `out_path` (e.g. /dev/full) and stderr captured in a file.
CommandOutput run_with_stdout(const std::string& out_path, const std::vector<std::string>& args,
                              const std::string& err_path) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> argv{const_cast<char*>(OPTIM_CLI)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(OPTIM_CLI, argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CommandOutput r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(err_path);
  return r;
}

TEST_F(CliOutputs, AReportThatCannotBeWrittenToStdoutIsExit2) {
  // Before: `optim compare --json > runs.json` on a full disk exited 0 with nothing stored.
  const std::string err = dir_ + "/stderr.txt";
  const std::vector<std::vector<std::string>> commands = {
      {"minimize", "--problem", "sphere", "--json"},
      {"compare", "--methods", "gd", "--problems", "sphere", "--max-iter", "5"},
      {"predict", "--data", "xor", "--model", model_},
  };
  for (const auto& args : commands) {
    SCOPED_TRACE(args[0]);
    const auto r = run_with_stdout("/dev/full", args, err);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("cannot write the standard output"), std::string::npos) << r.out;
  }
  EXPECT_EQ(run_with_stdout("/dev/null", commands[0], err).exit_code, 0);
}

TEST_F(CliOutputs, GoodOutputsAreWrittenWholeWithTheUsualPermissions) {
  const std::string save = dir_ + "/m2.bin", trace = dir_ + "/t2.json", ckpt = dir_ + "/c2.ckpt";
  const auto r = run_cli("train --data xor --layers 2,4,2 --epochs 3 --no-progress --save " + save +
                             " --trace " + trace + " --checkpoint " + ckpt,
                         true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_GT(fs::file_size(save), 0u);
  EXPECT_EQ(read_text(trace).rfind("[", 0), 0u);
  EXPECT_GT(fs::file_size(ckpt), 0u);
  // New files get the usual permissions (0666 less the umask), not a temporary file's 0600.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(static_cast<mode_t>(fs::status(save).permissions()), 0666 & ~mask);
  // A file that is replaced keeps its own permission bits (a private trace stays private).
  const std::string private_trace = dir_ + "/private.csv";
  spit(private_trace, "old");
  fs::permissions(private_trace, fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_EQ(run_cli("minimize --problem sphere --trace " + private_trace).exit_code, 0);
  EXPECT_EQ(fs::status(private_trace).permissions(),
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(read_text(private_trace).rfind("k,f,", 0), 0u);
}

}  // namespace
}  // namespace optim::testing
