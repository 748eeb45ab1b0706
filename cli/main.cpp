// The `optim` command: subcommands are registered by the cmd_*.cpp files (see command.hpp).
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <new>
#include <optional>
#include <stdexcept>
#include <streambuf>
#include <thread>

#include "command.hpp"
#include "launch.hpp"
#include "optim/distributed/mpi_session.hpp"

namespace optim::cli {
std::vector<CommandEntry>& command_entries() {
  static std::vector<CommandEntry> entries;
  return entries;
}

int run_command(const std::string& name, const std::vector<std::string>& args) {
  for (const auto& e : command_entries()) {
    if (e.name != name) continue;
    CLI::App app{e.help, e.name};
    const Action action = e.setup(app);
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 parses from the back
    app.parse(reversed);
    return action();
  }
  throw std::invalid_argument("no subcommand '" + name + "'");
}
}  // namespace optim::cli

namespace {
// A stream buffer that drops everything: the standard streams of ranks other than 0.
class NullBuffer final : public std::streambuf {
 protected:
  int overflow(int c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

// The launch's ranks (mpirun -np K): only rank 0 prints the report, the JSON and the notes on
// stderr; an error on any rank is printed by that rank and stops all of them (MPI_Abort), since
// the others would wait for it in the next gather. When every rank fails alike (a bad flag),
// ranks other than 0 wait a moment first, so that rank 0's abort usually prints the one message.
struct Launch {
  std::optional<optim::MpiSession> session;
  std::streambuf* cerr_buf = nullptr;
  NullBuffer null;
  int ranks() const { return session ? session->world()->size() : 1; }
  int rank() const { return session ? session->world()->rank() : 0; }
  void start(int* argc, char*** argv) {
    if (!optim::launched_by_mpi() || !optim::mpi_available()) return;
    session.emplace(argc, argv);
    optim::cli::launch_communicator() = session->world();
    if (rank() != 0) {
      if (std::freopen("/dev/null", "w", stdout) == nullptr) std::cout.rdbuf(&null);
      cerr_buf = std::cerr.rdbuf(&null);
    }
  }
  // Before an error message: this rank's stderr again.
  void before_error() {
    if (cerr_buf != nullptr) std::cerr.rdbuf(cerr_buf);
    if (ranks() > 1 && rank() != 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  int after_error(int code) {
    std::cerr.flush();
    if (ranks() > 1) session->abort(code);
    return code;
  }
};
Launch g_launch;

// The report on stdout is an output like any file (`optim compare --json > runs.json`): a write
// that failed there (a full disk, a closed pipe's EIO) turns the exit code into 2 instead of 0.
int check_stdout(int code) {
  std::cout.flush();
  const bool failed = std::cout.fail() || std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
  if (!failed) return code;
  const int err = errno;
  std::cerr << "optim: error: cannot write the standard output"
            << (err != 0 ? std::string(" (") + std::strerror(err) + ")" : std::string()) << "\n";
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  using namespace optim::cli;
  try {
    g_launch.start(&argc, &argv);
  } catch (const std::exception& e) {
    std::cerr << "optim: error: " << e.what() << "\n";
    return 2;
  }
  CLI::App app{
      "optim: numerical optimization toolkit (minimize, fit, train, study, compare, plot)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "optim 0.1.0");
  auto entries = command_entries();
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  std::map<CLI::App*, Action> actions;
  for (auto& e : entries) {
    CLI::App* sub = app.add_subcommand(e.name, e.help);
    actions[sub] = e.setup(*sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    for (auto& [sub, action] : actions) {
      if (sub->parsed()) return check_stdout(action());
    }
    return 2;
  } catch (const std::bad_alloc&) {
    g_launch.before_error();
    // The size flags are checked against physical memory before a run (cli/resource_limits);
    // what passes that check can still exceed the memory free at the moment.
    std::cerr << "optim: error: out of memory: the sizes asked for (--dim, --m, --layers, --n, "
                 "...) do not fit in the memory available now\n";
    return g_launch.after_error(2);
  } catch (const std::length_error&) {
    g_launch.before_error();
    // what() is an implementation text such as "vector::_M_default_append".
    std::cerr << "optim: error: out of memory: a size given by the input or the flags exceeds "
                 "what a container can hold\n";
    return g_launch.after_error(2);
  } catch (const std::exception& e) {
    g_launch.before_error();
    std::cerr << "optim: error: " << e.what() << "\n";
    return g_launch.after_error(2);
  }
}
