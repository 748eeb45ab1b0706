#include "support/test_support.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace optim::testing {

void remove_with_prefix(const std::string& path) {
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) {
    if (e.path().string().rfind(path, 0) == 0) std::filesystem::remove(e.path());
  }
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ChildProcess::ChildProcess(const std::string& args, const std::string& out_path, bool ignore_hup) {
  std::vector<std::string> words{OPTIM_CLI};
  std::istringstream in(args);
  for (std::string w; in >> w;) words.push_back(w);
  pid_ = ::fork();
  if (pid_ == 0) {
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) ::signal(sig, SIG_DFL);
    if (ignore_hup) ::signal(SIGHUP, SIG_IGN);
    const int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(fd, 1);
    ::dup2(null, 2);
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
}

int ChildProcess::wait() {
  int status = 0;
  ::waitpid(pid_, &status, 0);
  return status;
}

bool ChildProcess::running() {
  int status = 0;
  return ::waitpid(pid_, &status, WNOHANG) == 0;
}

bool wait_for_file(const std::string& path, int pid) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(path)) return true;
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

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
