#pragma once
// Subcommands of the `optim` command register themselves: each cli/cmd_*.cpp defines one
// `static const Registrar` that adds a subcommand and returns the action to run when it is
// chosen. Exit codes: 0 success / converged, 1 budget exhausted, 2 bad input or usage,
// 3 numerical failure, 4 stopped by a signal (INT, TERM, HUP) or an observer, 5 not linearly
// separable (train --method perceptron, cli/train_perceptron.hpp).
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace optim::cli {

using Action = std::function<int()>;
using Setup = std::function<Action(CLI::App& sub)>;

struct CommandEntry {
  std::string name;
  std::string help;
  Setup setup;
};

std::vector<CommandEntry>& command_entries();

// Runs a registered subcommand in-process with the given arguments (as typed after its name), so
// that one command (the demo) can reuse another's exact behaviour and output.
int run_command(const std::string& name, const std::vector<std::string>& args);

struct Registrar {
  Registrar(std::string name, std::string help, Setup setup) {
    command_entries().push_back({std::move(name), std::move(help), std::move(setup)});
  }
};

// Error for bad user input: main() prints "optim: error: <message>" and exits with code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace optim::cli
