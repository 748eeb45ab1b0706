#pragma once
// Plot runners of `optim plot` that other commands reuse (`optim demo`). Each runs the methods on
// the problem, draws the PNG and prints a short table; UsageError when plotting is impossible.
#include <string>
#include <vector>

#include "command.hpp"
#include "optim/types.hpp"

namespace optim::cli {

// Contour of a 2-D problem with the trajectories of `methods` (a,b,c; --set style METHOD.KEY=V).
void plot_contour_runs(const std::string& problem, const std::string& methods,
                       const std::vector<std::string>& sets, Index max_iter,
                       const std::string& out_png);
// f - f* and |g| against iteration, evaluations and time for the same kind of runs.
void plot_convergence_runs(const std::string& problem, const std::string& methods,
                           const std::vector<std::string>& sets, Index max_iter,
                           const std::string& out_png);

}  // namespace optim::cli
