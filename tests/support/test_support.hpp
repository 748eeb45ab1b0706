#pragma once
// Small helpers shared by the test executables.
#include <functional>
#include <string>

namespace optim::testing {

// Absolute path of a file in the source tree (OPTIM_SOURCE_DIR/relative).
std::string source_path(const std::string& relative);

// A path in the system temp directory unique to this process: ctest runs every test in its own
// process, several at once (and two checkouts may test at once), so a fixed name lets one test
// truncate a file another is reading. Everything with this process's prefix is removed when the
// process exits normally (a test that crashes leaves its files behind).
std::string temp_path(const std::string& name);

// Removes `path` and every file in its folder whose name starts with it (a killed writer's
// "<path>.tmp.<pid>.<n>", a streamed trace's "<path>.partial").
void remove_with_prefix(const std::string& path);

// The whole content of a file ("" when it cannot be read).
std::string read_text(const std::string& path);

// Runs the built `optim` command with arguments; captures stdout (and stderr when asked).
struct CommandOutput {
  int exit_code = -1;
  std::string out;
};
CommandOutput run_cli(const std::string& args, bool merge_stderr = false);

// A child `optim` process (whitespace-separated args, no quoting) with stdout to a file and
// stderr to /dev/null, for tests that signal or kill a run. The child starts with the default
// dispositions of SIGINT, SIGTERM and SIGHUP whatever the test runner inherited (it may run under
// nohup); `ignore_hup` starts it as nohup would.
class ChildProcess {
 public:
  ChildProcess(const std::string& args, const std::string& out_path, bool ignore_hup = false);
  int pid() const { return pid_; }
  int wait();      // the raw waitpid status
  bool running();  // not yet ended

 private:
  int pid_ = -1;
};

// Polls until `path` exists (a checkpoint renamed into place) or the child `pid` ended; false
// when the child ended first or 60 s passed.
bool wait_for_file(const std::string& path, int pid);

// The message of the std::invalid_argument that fn throws, or "(no error)" when it throws none
// (bad-input tests assert on the message, not only on the exception type).
std::string invalid_argument_message(const std::function<void()>& fn);

}  // namespace optim::testing
