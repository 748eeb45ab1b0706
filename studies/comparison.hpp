#pragma once
// Methods x problems (the `optim compare` table and `optim demo`'s comparison): every method runs
// from every problem's standard start with the same stopping rules; each run is recorded with its
// success, iterations, evaluations, final f and time, ready for a table and for Dolan-Moré
// performance profiles (performance_profile.hpp).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "optim/bounds/bounds.hpp"
#include "optim/params.hpp"
#include "optim/result.hpp"
#include "optim/stop_options.hpp"
#include "problems/problem.hpp"
#include "studies/performance_profile.hpp"

namespace optim::studies {

struct MethodSpec {
  std::string name;  // registry name (optim::make_method)
  ParamSet params;
  std::string label;  // shown in tables (default: name, or name + params)
};

struct ProblemSpec {
  std::string name;
  std::function<problems::Problem<double>()> make;
};

struct CompareOptions {
  StopOptions stop;
  // Success = a converged status and, where the minimum is known, f - f_min <= tol (1 + |f_min|):
  // a method that stops on a small gradient at a saddle or a worse local minimum did not solve it.
  double success_tol = 1e-4;
  // The box of each run, by the problem's dimension (none when empty or when it returns nullopt).
  // A problem's known minimum counts for success only when one of its known minimisers lies in
  // the box (otherwise the box's minimum is another, unknown value).
  std::function<std::optional<Bounds<double>>(Index n)> box;
};

struct CompareRecord {
  std::string method;
  std::string problem;
  Status status = Status::Running;
  bool success = false;
  std::string note;  // why a run did not count (or the exception text when it could not start)
  Index iterations = 0;
  Index evaluations = 0;  // value(+gradient) calls + Hessian/Jacobian calls (Evaluator counts)
  Index f_evals = 0, g_evals = 0, h_evals = 0;
  double f = 0;
  double f_min = std::numeric_limits<double>::quiet_NaN();  // NaN when unknown
  double grad_norm = 0;  // the projected gradient's norm on a box
  Index active_bounds = 0;
  double time_s = 0;
  Vec<double> x;
};

// Runs every method on every problem (problem-major order). A method that cannot run on a problem
// (e.g. it needs a capability the objective lacks) is recorded as a failure with the reason; bad
// method names or hyperparameters, a box of the wrong length, or a box given to a method that does
// not accept bounds throw std::invalid_argument before anything runs.
std::vector<CompareRecord> run_comparison(const std::vector<MethodSpec>& methods,
                                          const std::vector<ProblemSpec>& problems,
                                          const CompareOptions& options);

// Profile of the records by a cost: "evaluations" or "time" (failures: +inf). Times are floored at
// 1 microsecond so that a run too fast for the clock still gets a finite ratio.
PerformanceProfile profile_of(const std::vector<CompareRecord>& records,
                              const std::vector<MethodSpec>& methods,
                              const std::vector<ProblemSpec>& problems, const std::string& cost);

}  // namespace optim::studies
