#pragma once
// Dolan-Moré performance profiles (E. D. Dolan and J. J. Moré, "Benchmarking optimization software
// with performance profiles", Math. Programming 91, 2002). For solver s on problem p with cost
// t_{p,s} (evaluations, time, ...; +inf when s failed on p):
//   r_{p,s} = t_{p,s} / min_s' t_{p,s'}            (performance ratio; +inf when s failed)
//   rho_s(tau) = #{p : r_{p,s} <= tau} / n_p        (fraction solved within a factor tau of the
//   best)
// rho_s(1) is the share of problems on which s was (one of) the best; rho_s(tau) for large tau is
// the share s solved at all.
#include <string>
#include <vector>

#include "optim/types.hpp"

namespace optim::studies {

struct PerformanceProfile {
  std::vector<std::string> solvers;
  Index problems = 0;
  // ratios[s][p] = r_{p,s}; +inf when solver s failed on p or no solver solved p.
  std::vector<std::vector<double>> ratios;

  // rho_s(tau); throws std::invalid_argument for an unknown solver index or tau < 1.
  double rho(Index solver, double tau) const;
  // The finite ratios of a solver in ascending order: the points where rho_s jumps by 1/n_p.
  std::vector<double> breakpoints(Index solver) const;
  // Largest finite ratio over all solvers (1 when none): the tau at which every curve is flat.
  double max_finite_ratio() const;
};

// costs[p][s] > 0, or +inf / NaN for a failure. Throws std::invalid_argument for a ragged table,
// a solver-name count that does not match, or a cost <= 0.
PerformanceProfile performance_profile(const std::vector<std::vector<double>>& costs,
                                       std::vector<std::string> solvers);

}  // namespace optim::studies
