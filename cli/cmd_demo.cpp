// `optim demo`: the README's main job. A short tour: every registered method on a handful of
// analytic problems, as one comparison table. Later parts (step-size regimes, plots, a training
// run) add their sections to the same command.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "command.hpp"
#include "common.hpp"
#include "optim/driver.hpp"
#include "optim/registry.hpp"
#include "problems/registry.hpp"
#include "study_commands.hpp"

namespace optim::cli {
namespace {

// Learning rates that suit the demo problems (the library defaults are tuned for networks).
// A first-order method not listed here runs with its own default.
ParamSet demo_params(const MethodInfo& m) {
  static const std::map<std::string, std::string> lr = {
      {"gd", "0.001"},    {"momentum", "0.0005"}, {"nesterov", "0.0005"},
      {"adagrad", "0.5"}, {"rmsprop", "0.002"},   {"adam", "0.02"},
      {"adamw", "0.02"},  {"amsgrad", "0.02"},    {"quickprop", "0.001"}};
  ParamSet p;
  auto it = lr.find(m.name);
  if (it != lr.end()) p.set("lr", it->second);
  return p;
}

struct Row {
  std::string method, problem, status;
  double f = 0, gnorm = 0, time_ms = 0;
  Index iterations = 0, f_evals = 0;
  bool ok = false;
};

// A short MNIST run through `optim train` itself (progress bar on a terminal), when the set-up
// fetched MNIST; otherwise a pointer to how to get it and a run on a built-in synthetic set.
void demo_training(const std::string& out_dir) {
  const std::string dir = default_mnist_dir();
  const bool have_mnist = std::filesystem::exists(dir + "/train-images-idx3-ubyte");
  std::cout << "\ntraining an MLP with `optim train`";
  if (have_mnist) {
    std::cout << " on MNIST (784-128-10, Adam, 2 epochs):\n";
    run_command("train", {"--data", "mnist", "--layers", "784,128,10", "--method", "adam", "--lr",
                          "1e-3", "--batch-size", "64", "--epochs", "2", "--trace",
                          out_dir + "/mnist_training.csv"});
  } else {
    std::cout << " on two spirals (MNIST not found in " << dir
              << "; scripts/fetch_mnist.sh fetches it):\n";
    run_command("train", {"--data", "spirals", "--layers", "2,64,64,2", "--method", "adam", "--lr",
                          "0.01", "--batch-size", "32", "--epochs", "100", "--trace",
                          out_dir + "/spirals_training.csv"});
  }
}

int run_demo(const std::string& out_dir) {
  const auto t0 = std::chrono::steady_clock::now();
  // Before any work, in the user's terms (the raw filesystem_error named no flag).
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec || !std::filesystem::is_directory(out_dir)) {
    throw UsageError("--out '" + out_dir + "': cannot create the folder for the demo's files (" +
                     (ec ? ec.message() : std::string("not a folder")) + ")");
  }
  const std::vector<std::string> problem_names = {
      "sphere", "booth", "matyas", "beale", "himmelblau", "three_hump_camel", "rosenbrock"};
  std::vector<Row> rows;
  std::cout << "optim demo: every method on " << problem_names.size()
            << " analytic problems (double precision, gtol 1e-6)\n\n";
  std::printf("%-14s %-18s %-20s %12s %10s %7s %8s %9s\n", "method", "problem", "status", "f",
              "|g|", "iters", "f evals", "time ms");
  for (const auto& m : all_methods()) {
    for (const auto& name : problem_names) {
      auto problem = problems::make_problem<double>(name);
      auto method = m.make_double(demo_params(m));
      StopOptions stop;
      stop.gtol = 1e-6;
      stop.max_iter = m.family == "first-order" ? 20000 : 2000;
      Row row;
      row.method = m.name;
      row.problem = name;
      try {
        const auto r = minimize<double>(*problem.objective, problem.x0, *method, stop);
        row.status = std::string(to_string(r.status));
        row.f = r.f;
        row.gnorm = r.grad_norm;
        row.iterations = r.iterations;
        row.f_evals = r.evals.f;
        row.time_ms = r.time_s * 1e3;
        row.ok = r.converged();
      } catch (const std::invalid_argument&) {
        continue;  // the method needs a capability this problem lacks (e.g. least squares)
      }
      std::printf("%-14s %-18s %-20s %12.4g %10.2e %7ld %8ld %9.2f\n", row.method.c_str(),
                  row.problem.c_str(), row.status.c_str(), row.f, row.gnorm, long(row.iterations),
                  long(row.f_evals), row.time_ms);
      rows.push_back(row);
    }
  }
  std::map<std::string, int> solved;
  for (const auto& r : rows) solved[r.method] += r.ok ? 1 : 0;
  std::cout << "\nconverged (gradient, step or f-change test) per method:";
  for (const auto& m : all_methods()) {
    if (solved.count(m.name)) std::cout << " " << m.name << " " << solved[m.name];
  }
  std::cout << "\n\n";
  demo_studies(out_dir);  // step-size table, trajectory and convergence plots (cli/study_demo.cpp)
  demo_training(out_dir);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "\n\ndemo finished in " << secs << " s; outputs in " << out_dir << "\n";
  return 0;
}

const Registrar reg(
    "demo", "a short tour: method comparison, step-size regimes, plots", [](CLI::App& app) {
      auto out = std::make_shared<std::string>("out/demo");
      app.add_option("--out", *out, "folder for the demo's files")->capture_default_str();
      return [out] { return run_demo(*out); };
    });

}  // namespace
}  // namespace optim::cli
