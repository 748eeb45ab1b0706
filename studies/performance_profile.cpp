#include "studies/performance_profile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace optim::studies {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
bool failed(double c) {
  return !std::isfinite(c);
}
}  // namespace

PerformanceProfile performance_profile(const std::vector<std::vector<double>>& costs,
                                       std::vector<std::string> solvers) {
  const size_t ns = solvers.size();
  if (ns == 0) throw std::invalid_argument("performance profile: no solvers");
  if (costs.empty()) throw std::invalid_argument("performance profile: no problems");
  for (size_t p = 0; p < costs.size(); ++p) {
    if (costs[p].size() != ns) {
      throw std::invalid_argument("performance profile: problem " + std::to_string(p) + " has " +
                                  std::to_string(costs[p].size()) + " costs, expected " +
                                  std::to_string(ns) + " (one per solver)");
    }
    for (double c : costs[p]) {
      if (!failed(c) && !(c > 0)) {
        throw std::invalid_argument("performance profile: cost " + std::to_string(c) +
                                    " must be > 0 (or +inf for a failure)");
      }
    }
  }
  PerformanceProfile prof;
  prof.solvers = std::move(solvers);
  prof.problems = static_cast<Index>(costs.size());
  prof.ratios.assign(ns, std::vector<double>(costs.size(), kInf));
  for (size_t p = 0; p < costs.size(); ++p) {
    double best = kInf;
    for (double c : costs[p])
      if (!failed(c)) best = std::min(best, c);
    if (failed(best)) continue;  // nobody solved p: every ratio stays +inf
    for (size_t s = 0; s < ns; ++s) {
      if (!failed(costs[p][s])) prof.ratios[s][p] = costs[p][s] / best;  // r_{p,s}
    }
  }
  return prof;
}

double PerformanceProfile::rho(Index solver, double tau) const {
  if (solver < 0 || solver >= static_cast<Index>(ratios.size())) {
    throw std::invalid_argument("performance profile: no solver " + std::to_string(solver));
  }
  if (!(tau >= 1)) {
    throw std::invalid_argument("performance profile: tau = " + std::to_string(tau) +
                                " must be >= 1");
  }
  const auto& r = ratios[static_cast<size_t>(solver)];
  const auto within = std::count_if(r.begin(), r.end(), [tau](double v) { return v <= tau; });
  return static_cast<double>(within) / static_cast<double>(problems);
}

std::vector<double> PerformanceProfile::breakpoints(Index solver) const {
  std::vector<double> out;
  for (double v : ratios.at(static_cast<size_t>(solver)))
    if (std::isfinite(v)) out.push_back(v);
  std::sort(out.begin(), out.end());
  return out;
}

double PerformanceProfile::max_finite_ratio() const {
  double m = 1;
  for (const auto& r : ratios)
    for (double v : r)
      if (std::isfinite(v)) m = std::max(m, v);
  return m;
}

}  // namespace optim::studies
