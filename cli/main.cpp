// The `optim` command: subcommands are registered by the cmd_*.cpp files (see command.hpp).
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <new>
#include <stdexcept>

#include "command.hpp"

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
    // The size flags are checked against physical memory before a run (cli/resource_limits);
    // what passes that check can still exceed the memory free at the moment.
    std::cerr << "optim: error: out of memory: the sizes asked for (--dim, --m, --layers, --n, "
                 "...) do not fit in the memory available now\n";
    return 2;
  } catch (const std::length_error&) {
    // what() is an implementation text such as "vector::_M_default_append".
    std::cerr << "optim: error: out of memory: a size given by the input or the flags exceeds "
                 "what a container can hold\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "optim: error: " << e.what() << "\n";
    return 2;
  }
}
