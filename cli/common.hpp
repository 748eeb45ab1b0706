#pragma once
// Pieces shared by the subcommands: number-list parsing, the stopping flags and (method_flags.hpp)
// the hyperparameter flags that every run-a-method command takes, and the summary / JSON
// rendering of a Result.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "method_flags.hpp"
#include "optim/params.hpp"
#include "optim/result.hpp"
#include "optim/run_context.hpp"
#include "optim/stop_options.hpp"
#include "user_settings.hpp"

namespace optim::cli {

// "1,-2.5,3e-4" -> {1, -2.5, 3e-4}; throws UsageError naming the bad item and the flag.
std::vector<double> parse_list(const std::string& text, const std::string& flag);

// --gtol --gtol-rel --xtol --ftol --max-iter --max-evals --time-limit --norm inf|2
struct StopFlags {
  StopOptions stop;
  std::string norm = "inf";
  StopOptions resolve() const;
};
void add_stop_flags(CLI::App& app, StopFlags& flags);

// --threads N (>= 1): the run's thread count (RunContext::threads), used by the network passes
// and the update rules' loops. Results are identical for any count.
void add_threads_flag(CLI::App& app, int& threads);
// --gemm blas|eigen: the backend of the network's matrix products (RunContext::gemm).
void add_gemm_flag(CLI::App& app, std::string& gemm);
// The run context of --threads N and --gemm B (B empty: the build's default backend); a backend
// this build lacks is a UsageError naming --gemm.
RunContext run_context(int threads, const std::string& gemm = "");

// Where `optim train --data mnist` looks by default: $OPTIM_DATA_DIR/mnist, else the data/mnist
// folder of the source tree (filled by scripts/fetch_mnist.sh).
std::string default_mnist_dir();

template <class S>
nlohmann::json result_json(const Result<S>& r);
template <class S>
std::string result_summary(const Result<S>& r);

}  // namespace optim::cli
