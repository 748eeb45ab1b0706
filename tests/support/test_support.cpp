#include "support/test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace optim::testing {

std::string source_path(const std::string& relative) {
  return std::string(OPTIM_SOURCE_DIR) + "/" + relative;
}

namespace {

std::string temp_prefix() {
  return "optim_" + std::to_string(::getpid()) + "_";
}

// Removes, when the test process exits normally, everything in the temp directory whose name
// starts with this process's prefix: the paths temp_path handed out and the files the code under
// test derived from them (a trace next to a model, a checkpoint's "<path>.tmp.<pid>").
struct RemoveTempPathsAtExit {
  ~RemoveTempPathsAtExit() {
    // error_code overloads throughout: a destructor at exit must not throw.
    std::error_code ec;
    const std::string prefix = temp_prefix();
    std::filesystem::directory_iterator it(std::filesystem::temp_directory_path(ec), ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (it->path().filename().string().rfind(prefix, 0) == 0) {
        std::error_code ignored;
        std::filesystem::remove_all(it->path(), ignored);
      }
    }
  }
};

}  // namespace

std::string temp_path(const std::string& name) {
  static RemoveTempPathsAtExit cleanup;
  return (std::filesystem::temp_directory_path() / (temp_prefix() + name)).string();
}

CommandOutput run_cli(const std::string& args, bool merge_stderr) {
  const std::string cmd =
      std::string(OPTIM_CLI) + " " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null");
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + cmd);
  CommandOutput res;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) res.out.append(buf.data(), n);
  const int status = pclose(pipe);
  res.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return res;
}

std::string invalid_argument_message(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace optim::testing
