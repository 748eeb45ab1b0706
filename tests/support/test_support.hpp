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

// Runs the built `optim` command with arguments; captures stdout (and stderr when asked).
struct CommandOutput {
  int exit_code = -1;
  std::string out;
};
CommandOutput run_cli(const std::string& args, bool merge_stderr = false);

// The message of the std::invalid_argument that fn throws, or "(no error)" when it throws none
// (bad-input tests assert on the message, not only on the exception type).
std::string invalid_argument_message(const std::function<void()>& fn);

}  // namespace optim::testing
