// The Moré-Garbow-Hillstrom test set (ACM TOMS 7, 1981) as registry entries mgh_<name>. The
// paper's minima are F* = sum r^2; Problem::f_min holds ours, f* = F*/2.
#include <cmath>
#include <stdexcept>

#include "problems/mgh/mgh.hpp"
#include "problems/registry.hpp"

namespace optim::problems {
namespace {

using V = Eigen::VectorXd;
using Opt = std::optional<double>;

std::function<Opt(Index)> fixed(double f) {
  return [f](Index) { return Opt(f); };
}
std::function<std::vector<V>(Index)> at(const std::vector<double>& x) {
  return [x](Index) { return std::vector<V>{Eigen::Map<const V>(x.data(), Index(x.size()))}; };
}
std::function<std::vector<V>(Index)> constant(double c) {
  return [c](Index n) { return std::vector<V>{V::Constant(n, c)}; };
}
std::function<std::vector<V>(Index)> none() {
  return [](Index) { return std::vector<V>{}; };
}
// Published values for some dimensions only.
std::function<Opt(Index)> by_dim(const std::vector<std::pair<Index, double>>& table) {
  return [table](Index n) {
    for (const auto& [d, f] : table)
      if (d == n) return Opt(f);
    return Opt();
  };
}

std::vector<MghEntry> build() {
  std::vector<MghEntry> e;
  auto add = [&](MghEntry x) { e.push_back(std::move(x)); };
  add({"rosenbrock", MghKind::Rosenbrock, 2, false, 2, 1, fixed(0), at({1, 1}), {}, "MGH 1"});
  add({"freudenstein_roth",
       MghKind::FreudensteinRoth,
       2,
       false,
       2,
       1,
       fixed(0),
       at({5, 4}),
       {48.9842},
       "MGH 2; local minimum F = 48.9842 (f = 24.4921) at (11.41..., -0.8968...), where "
       "Gauss-Newton type and quasi-Newton methods from the standard start usually stop"});
  add({"powell_badly_scaled",
       MghKind::PowellBadlyScaled,
       2,
       false,
       2,
       1,
       fixed(0),
       at({1.098159329699759e-5, 9.106146739867318}),
       {},
       "MGH 3"});
  add({"brown_badly_scaled",
       MghKind::BrownBadlyScaled,
       2,
       false,
       2,
       1,
       fixed(0),
       at({1e6, 2e-6}),
       {},
       "MGH 4"});
  add({"beale", MghKind::Beale, 2, false, 2, 1, fixed(0), at({3, 0.5}), {}, "MGH 5"});
  add({"jennrich_sampson",
       MghKind::JennrichSampson,
       2,
       false,
       2,
       1,
       fixed(124.362),
       at({0.2578252136, 0.2578252136}),
       {},
       "MGH 6 with m = 10; F* = 124.362"});
  add({"helical_valley",
       MghKind::HelicalValley,
       3,
       false,
       3,
       1,
       fixed(0),
       at({1, 0, 0}),
       {},
       "MGH 7"});
  add({"bard",
       MghKind::Bard,
       3,
       false,
       3,
       1,
       fixed(8.21487e-3),
       none(),
       {17.4286},
       "MGH 8; F* = 8.21487e-3; also F = 17.4286 at (0.8406, -inf, -inf)"});
  add({"gaussian",
       MghKind::Gaussian,
       3,
       false,
       3,
       1,
       fixed(1.12793e-8),
       none(),
       {},
       "MGH 9; F* = 1.12793e-8"});
  add({"meyer",
       MghKind::Meyer,
       3,
       false,
       3,
       1,
       fixed(87.9458),
       none(),
       {},
       "MGH 10; F* = 87.9458; badly scaled (x2 ~ 6e3, x1 ~ 6e-3)"});
  add({"gulf_research",
       MghKind::GulfResearch,
       3,
       false,
       3,
       1,
       fixed(0),
       at({50, 25, 1.5}),
       {},
       "MGH 11 with m = 99"});
  add({"box3d",
       MghKind::Box3d,
       3,
       false,
       3,
       1,
       fixed(0),
       at({1, 10, 1}),
       {},
       "MGH 12 with m = 10; also F = 0 at (10, 1, -1) and on the line x1 = x2, x3 = 0"});
  add({"powell_singular",
       MghKind::PowellSingular,
       4,
       false,
       4,
       1,
       fixed(0),
       constant(0),
       {},
       "MGH 13; the Hessian is singular at the solution (sublinear convergence for Newton-type "
       "methods)"});
  add({"wood", MghKind::Wood, 4, false, 4, 1, fixed(0), constant(1), {}, "MGH 14"});
  add({"kowalik_osborne",
       MghKind::KowalikOsborne,
       4,
       false,
       4,
       1,
       fixed(3.07505e-4),
       none(),
       {1.02734e-3},
       "MGH 15; F* = 3.07505e-4; also F = 1.02734e-3 at (+inf, -14.07, -inf, -inf)"});
  add({"brown_dennis",
       MghKind::BrownDennis,
       4,
       false,
       4,
       1,
       fixed(85822.2),
       none(),
       {},
       "MGH 16 with m = 20; F* = 85822.2"});
  add({"osborne1",
       MghKind::Osborne1,
       5,
       false,
       5,
       1,
       fixed(5.46489e-5),
       none(),
       {},
       "MGH 17; F* = 5.46489e-5"});
  add({"biggs_exp6",
       MghKind::BiggsExp6,
       6,
       false,
       6,
       1,
       fixed(0),
       at({1, 10, 1, 5, 4, 3}),
       {5.65565e-3},
       "MGH 18 with m = 13; F* = 0 at (1, 10, 1, 5, 4, 3); the paper also reports the local "
       "minimum F = 5.65565e-3"});
  add({"osborne2",
       MghKind::Osborne2,
       11,
       false,
       11,
       1,
       fixed(4.01377e-2),
       none(),
       {},
       "MGH 19; F* = 4.01377e-2"});
  add({"watson",
       MghKind::Watson,
       6,
       true,
       2,
       1,
       by_dim({{6, 2.28767e-3}, {9, 1.39976e-6}, {12, 4.72238e-10}}),
       none(),
       {},
       "MGH 20, 2 <= n <= 31, m = 31; F* = 2.28767e-3 (n=6), 1.39976e-6 (n=9), 4.72238e-10 "
       "(n=12)"});
  add({"extended_rosenbrock",
       MghKind::ExtendedRosenbrock,
       10,
       true,
       2,
       2,
       fixed(0),
       constant(1),
       {},
       "MGH 21, n even"});
  add({"extended_powell",
       MghKind::ExtendedPowell,
       12,
       true,
       4,
       4,
       fixed(0),
       constant(0),
       {},
       "MGH 22, n a multiple of 4; singular Hessian at the solution"});
  add({"penalty1",
       MghKind::PenaltyI,
       10,
       true,
       1,
       1,
       by_dim({{4, 2.24997e-5}, {10, 7.08765e-5}}),
       none(),
       {},
       "MGH 23, m = n + 1; F* = 2.24997e-5 (n=4), 7.08765e-5 (n=10)"});
  add({"penalty2",
       MghKind::PenaltyII,
       10,
       true,
       2,
       1,
       by_dim({{4, 9.37629e-6}, {10, 2.93660e-4}}),
       none(),
       {},
       "MGH 24, m = 2n; F* = 9.37629e-6 (n=4), 2.93660e-4 (n=10)"});
  add({"variably_dimensioned",
       MghKind::VariablyDimensioned,
       10,
       true,
       1,
       1,
       fixed(0),
       constant(1),
       {},
       "MGH 25, m = n + 2"});
  add({"trigonometric",
       MghKind::Trigonometric,
       10,
       true,
       1,
       1,
       fixed(0),
       none(),
       {2.79506e-5},
       "MGH 26, m = n; F* = 0, but from the standard start solvers stop at the local minimum "
       "F = 2.79506e-5 for n = 10 (recorded as expected, not as success)"});
  add({"brown_almost_linear",
       MghKind::BrownAlmostLinear,
       10,
       true,
       2,
       1,
       fixed(0),
       constant(1),
       {1.0},
       "MGH 27, m = n; F* = 0 at (a, ..., a, a^(1-n)) incl. a = 1; F = 1 at (0, ..., 0, n+1)"});
  add({"discrete_boundary_value",
       MghKind::DiscreteBoundaryValue,
       10,
       true,
       1,
       1,
       fixed(0),
       none(),
       {},
       "MGH 28, m = n"});
  add({"broyden_tridiagonal",
       MghKind::BroydenTridiagonal,
       10,
       true,
       1,
       1,
       fixed(0),
       none(),
       {},
       "MGH 30, m = n"});
  add({"linear_full_rank",
       MghKind::LinearFullRank,
       10,
       true,
       1,
       1,
       [](Index n) { return Opt(double(n)); },
       constant(-1),
       {},
       "MGH 32 with m = 2n: F* = m - n = n at x = (-1, ..., -1)"});
  add({"chebyquad",
       MghKind::Chebyquad,
       8,
       true,
       1,
       1,
       by_dim({{1, 0},
               {2, 0},
               {3, 0},
               {4, 0},
               {5, 0},
               {6, 0},
               {7, 0},
               {8, 3.51687e-3},
               {9, 0},
               {10, 6.50395e-3}}),
       none(),
       {},
       "MGH 35 with m = n; F* = 3.51687e-3 (n=8), 6.50395e-3 (n=10), 0 for n <= 7, 9"});
  return e;
}

template <class S>
Problem<S> make_mgh(const MghEntry& e, Index n) {
  Problem<S> p;
  p.name = "mgh_" + e.name;
  p.family = "mgh";
  p.objective = std::make_unique<MghObjective<S>>(e.kind, n);
  p.x0 = mgh_start(e.kind, n).template cast<S>();
  for (const auto& x : e.minimizers(n)) p.minimizers.push_back(x.template cast<S>());
  if (auto f = e.paper_fmin(n)) p.f_min = *f / 2;
  p.notes = e.notes + " (paper F = sum r^2; f = F/2 here)";
  return p;
}

}  // namespace

const std::vector<MghEntry>& mgh_entries() {
  static const std::vector<MghEntry> entries = build();
  return entries;
}

const MghEntry& find_mgh(const std::string& name) {
  for (const auto& e : mgh_entries())
    if (e.name == name) return e;
  throw std::invalid_argument("unknown MGH problem '" + name + "'");
}

Index checked_mgh_dim(const MghEntry& e, Index n) {
  if (n == 0) return e.default_n;
  if ((!e.any_dim && n != e.default_n) || n < e.min_dim || n % e.dim_multiple != 0) {
    throw std::invalid_argument(
        "MGH problem " + e.name + " does not accept n = " + std::to_string(n) +
        (e.any_dim
             ? " (needs n >= " + std::to_string(e.min_dim) +
                   (e.dim_multiple > 1 ? " and a multiple of " + std::to_string(e.dim_multiple)
                                       : std::string()) +
                   ")"
             : " (fixed n = " + std::to_string(e.default_n) + ")"));
  }
  if (e.kind == MghKind::Watson && n > 31) {
    throw std::invalid_argument("MGH problem watson needs n <= 31, got " + std::to_string(n));
  }
  return n;
}

void add_mgh_problems(std::vector<ProblemInfo>& out) {
  for (const auto& e : mgh_entries()) {
    ProblemInfo info;
    info.name = "mgh_" + e.name;
    info.family = "mgh";
    info.summary = "Moré-Garbow-Hillstrom " + e.notes;
    info.default_dim = e.default_n;
    info.any_dim = e.any_dim;
    info.min_dim = e.min_dim;
    const MghEntry* ep = &e;
    info.make_float = [ep](Index n) { return make_mgh<float>(*ep, checked_mgh_dim(*ep, n)); };
    info.make_double = [ep](Index n) { return make_mgh<double>(*ep, checked_mgh_dim(*ep, n)); };
    out.push_back(std::move(info));
  }
}

}  // namespace optim::problems
