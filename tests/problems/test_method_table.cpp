// Table-driven convergence test: methods x (MGH set at default dimensions, NIST StRD from both
// starts), and a held-out table of MGH problems on the boxes of Gay (1984) for the methods that
// accept bounds (BoxedMethodTable). Each run is classified by where it ends, not by its status:
//   solved     MGH: f within 1e-5 relative (+1e-10 absolute) of the published F*/2;
//              NIST: every parameter has LRE >= 4 against the certified values (README rule);
//   local      f at one of the other stationary values the paper lists (local minima, minima at
//              infinity) - expected for some problems, never counted as solved;
//   failed     anything else.
// Every (method, problem) pair whose expectation is not "solved" is listed below with the reason;
// an unexpected improvement fails the test too, so the lists stay honest.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "optim/finite_difference.hpp"
#include "optim/optim.hpp"
#include "optim/second_order/critical_point.hpp"
#include "problems/mgh/mgh.hpp"
#include "problems/nist/nist_model.hpp"
#include "problems/registry.hpp"

namespace optim::problems {
namespace {

// Why the unscaled gradient-based methods miss the badly scaled NIST problems.
constexpr const char* kUnscaled =
    "parameters of very different scales: an unscaled gradient-based method stalls far from the "
    "certified values within the budget (LM scales by the column norms of J)";

enum class Outcome { Solved, Local, Failed };
const char* name_of(Outcome o) {
  return o == Outcome::Solved ? "solved" : o == Outcome::Local ? "local" : "failed";
}

struct Expectation {
  Outcome outcome;
  const char* why;
  // Rounding-decided cases only: the other end point the run may reach instead (its f, matched
  // to 1e-7 relative). Anything else still fails the test.
  double alt_f = 0;
};

// Why L-BFGS on Roszman1 may end at either of two points (measured; docs/second_order.md).
constexpr const char* kRoszman1Rounding =
    "Roszman1 in its own parameters is numerically singular: the Hessian at the certified "
    "minimum has eigenvalues 3.2e-9, 3.1e-8, 7.7, 1.5e8 (condition 5e16 > 1/eps), so along b3, b4 "
    "the gradient drops below the rounding noise of the stiff b2 component; unscaled L-BFGS then "
    "either gets through to the certified minimum or stops at one reproducible point, decided by "
    "rounding (1-ulp perturbations of b1 in x0: start 1 solved 15/21, start 2 6/21)";

// The trust-region methods' radius is isotropic in x (|p| <= Delta, no scaling D as LM has).
constexpr const char* kTrustUnscaled =
    "badly scaled problem (Meyer: x* = (0.0056, 6181, 345); Osborne 1: x4, x5 ~ 0.01 against "
    "x1..x3 ~ 1): the trust region |p| <= Delta in the raw variables, without LM's scaling D, "
    "does not reach F* within 1000 iterations (measured; not analysed further)";
constexpr const char* kUnscaledRadius =
    "parameters of very different scales: from Delta_0 = 1 every trial of the first iteration "
    "is rejected until the step falls below the rounding of x (converged_step at iteration 0)";
constexpr const char* kSr1FirstTrials =
    "SR1 from B_0 = I: the first unit-radius trials are rejected, and the rank-one updates from "
    "them (N&W Alg. 6.2 updates on every trial) leave a B whose subproblem step falls below the "
    "rounding of x: converged_step at iteration 0 (measured; B itself not examined)";
constexpr const char* kTrustBiggs =
    "trust-region Newton on the finite-difference Hessian stalls: F = 0.243 after 1000 "
    "iterations (newton fails on this problem too; the cause is not analysed)";

// Expected non-solved outcomes, per method. Problems not listed are expected solved.
const std::map<std::string, std::map<std::string, Expectation>>& expectations() {
  static const std::map<std::string, std::map<std::string, Expectation>> table = {
      {"lm",
       {
           {"mgh_freudenstein_roth",
            {Outcome::Local,
             "known local minimum F = 48.9842 (MGH paper) from the standard start"}},
           {"mgh_trigonometric",
            {Outcome::Local,
             "known local minimum F = 2.79506e-5 from the standard start (n = 10)"}},
       }},
      {"gauss-newton",
       {
           {"mgh_freudenstein_roth",
            {Outcome::Failed,
             "known local minimum F = 48.9842 (MGH paper) from the standard start"}},
           {"mgh_beale",
            {Outcome::Failed,
             "undamped Gauss-Newton + Armijo: large residual or near-singular J along the path, "
             "steps stall (LM damping fixes it)"}},
           {"mgh_jennrich_sampson",
            {Outcome::Failed,
             "undamped Gauss-Newton + Armijo: large residual or near-singular J along the path, "
             "steps stall (LM damping fixes it)"}},
           {"mgh_gulf_research",
            {Outcome::Failed,
             "undamped Gauss-Newton + Armijo: large residual or near-singular J along the path, "
             "steps stall (LM damping fixes it)"}},
           {"mgh_biggs_exp6",
            {Outcome::Failed,
             "undamped Gauss-Newton + Armijo: large residual or near-singular J along the path, "
             "steps stall (LM damping fixes it)"}},
           {"mgh_penalty2",
            {Outcome::Failed,
             "undamped Gauss-Newton + Armijo: large residual or near-singular J along the path, "
             "steps stall (LM damping fixes it)"}},
           {"mgh_brown_almost_linear",
            {Outcome::Failed,
             "undamped Gauss-Newton + Armijo: large residual or near-singular J along the path, "
             "steps stall (LM damping fixes it)"}},
           {"mgh_chebyquad",
            {Outcome::Failed,
             "undamped Gauss-Newton + Armijo: large residual or near-singular J along the path, "
             "steps stall (LM damping fixes it)"}},
           {"nist_mgh17",
            {Outcome::Failed,
             "undamped Gauss-Newton + Armijo: large residual or near-singular J along the path, "
             "steps stall (LM damping fixes it)"}},
       }},
      {"lbfgs",
       {
           {"mgh_freudenstein_roth",
            {Outcome::Local,
             "known local minimum F = 48.9842 (MGH paper) from the standard start"}},
           {"mgh_biggs_exp6",
            {Outcome::Local,
             "the local minimum F = 5.65565e-3 the paper reports (F* = 0 elsewhere)"}},
           {"mgh_trigonometric",
            {Outcome::Local,
             "known local minimum F = 2.79506e-5 from the standard start (n = 10)"}},
           {"nist_hahn1", {Outcome::Failed, kUnscaled}},
           {"nist_hahn1_start2", {Outcome::Failed, kUnscaled}},
           {"nist_nelson", {Outcome::Failed, kUnscaled}},
           {"nist_nelson_start2", {Outcome::Failed, kUnscaled}},
           {"nist_mgh17", {Outcome::Failed, kUnscaled}},
           {"nist_roszman1", {Outcome::Solved, kRoszman1Rounding, 2.9948220160e-4}},
           {"nist_roszman1_start2", {Outcome::Solved, kRoszman1Rounding, 2.4789021933e-4}},
       }},
      {"bfgs",
       {
           {"mgh_freudenstein_roth",
            {Outcome::Local,
             "known local minimum F = 48.9842 (MGH paper) from the standard start"}},
           {"mgh_biggs_exp6",
            {Outcome::Local,
             "the local minimum F = 5.65565e-3 the paper reports (F* = 0 elsewhere)"}},
           {"mgh_trigonometric",
            {Outcome::Local,
             "known local minimum F = 2.79506e-5 from the standard start (n = 10)"}},
           {"nist_misra1a", {Outcome::Failed, kUnscaled}},
           {"nist_kirby2", {Outcome::Failed, kUnscaled}},
           {"nist_hahn1", {Outcome::Failed, kUnscaled}},
           {"nist_hahn1_start2", {Outcome::Failed, kUnscaled}},
           {"nist_nelson", {Outcome::Failed, kUnscaled}},
           {"nist_nelson_start2", {Outcome::Failed, kUnscaled}},
           {"nist_roszman1", {Outcome::Failed, kUnscaled}},
           {"nist_roszman1_start2", {Outcome::Failed, kUnscaled}},
       }},
      {"cg",
       {
           {"mgh_freudenstein_roth",
            {Outcome::Local,
             "known local minimum F = 48.9842 (MGH paper) from the standard start"}},
           {"mgh_powell_badly_scaled",
            {Outcome::Failed,
             "badly scaled problem: unpreconditioned nonlinear CG does not reach F* within 5000 "
             "iterations"}},
           {"mgh_brown_badly_scaled",
            {Outcome::Failed,
             "badly scaled problem: unpreconditioned nonlinear CG does not reach F* within 5000 "
             "iterations"}},
           {"mgh_meyer",
            {Outcome::Failed,
             "badly scaled problem: unpreconditioned nonlinear CG does not reach F* within 5000 "
             "iterations"}},
           {"mgh_osborne1",
            {Outcome::Failed,
             "badly scaled problem: unpreconditioned nonlinear CG does not reach F* within 5000 "
             "iterations"}},
           {"mgh_biggs_exp6",
            {Outcome::Local,
             "the local minimum F = 5.65565e-3 the paper reports (F* = 0 elsewhere)"}},
           {"mgh_trigonometric",
            {Outcome::Local,
             "known local minimum F = 2.79506e-5 from the standard start (n = 10)"}},
           {"nist_misra1a", {Outcome::Failed, kUnscaled}},
           {"nist_misra1a_start2", {Outcome::Failed, kUnscaled}},
           {"nist_misra1b", {Outcome::Failed, kUnscaled}},
           {"nist_misra1b_start2", {Outcome::Failed, kUnscaled}},
           {"nist_misra1c", {Outcome::Failed, kUnscaled}},
           {"nist_misra1c_start2", {Outcome::Failed, kUnscaled}},
           {"nist_misra1d", {Outcome::Failed, kUnscaled}},
           {"nist_misra1d_start2", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos1", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos1_start2", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos2", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos2_start2", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos3", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos3_start2", {Outcome::Failed, kUnscaled}},
           {"nist_kirby2", {Outcome::Failed, kUnscaled}},
           {"nist_kirby2_start2", {Outcome::Failed, kUnscaled}},
           {"nist_hahn1", {Outcome::Failed, kUnscaled}},
           {"nist_hahn1_start2", {Outcome::Failed, kUnscaled}},
           {"nist_nelson", {Outcome::Failed, kUnscaled}},
           {"nist_nelson_start2", {Outcome::Failed, kUnscaled}},
           {"nist_mgh17", {Outcome::Failed, kUnscaled}},
           {"nist_mgh17_start2", {Outcome::Failed, kUnscaled}},
           {"nist_roszman1", {Outcome::Failed, kUnscaled}},
           {"nist_roszman1_start2", {Outcome::Failed, kUnscaled}},
       }},
      {"newton",
       {
           {"mgh_freudenstein_roth",
            {Outcome::Local,
             "known local minimum F = 48.9842 (MGH paper) from the standard start"}},
           {"mgh_biggs_exp6",
            {Outcome::Failed,
             "Newton on a finite-difference Hessian of a badly scaled problem stalls (Hessian "
             "modification dominates)"}},
           {"mgh_trigonometric",
            {Outcome::Local,
             "known local minimum F = 2.79506e-5 from the standard start (n = 10)"}},
           {"nist_kirby2",
            {Outcome::Failed,
             "Newton on a finite-difference Hessian of a badly scaled problem stalls (Hessian "
             "modification dominates)"}},
           {"nist_kirby2_start2",
            {Outcome::Failed,
             "Newton on a finite-difference Hessian of a badly scaled problem stalls (Hessian "
             "modification dominates)"}},
           {"nist_hahn1",
            {Outcome::Failed,
             "Newton on a finite-difference Hessian of a badly scaled problem stalls (Hessian "
             "modification dominates)"}},
           {"nist_hahn1_start2",
            {Outcome::Failed,
             "Newton on a finite-difference Hessian of a badly scaled problem stalls (Hessian "
             "modification dominates)"}},
           {"nist_mgh17",
            {Outcome::Failed,
             "Newton on a finite-difference Hessian of a badly scaled problem stalls (Hessian "
             "modification dominates)"}},
       }},
      {"newton-cg",
       {
           {"mgh_biggs_exp6",
            {Outcome::Local,
             "the local minimum F = 5.65565e-3 the paper reports (F* = 0 elsewhere)"}},
           {"mgh_freudenstein_roth",
            {Outcome::Local,
             "known local minimum F = 48.9842 (MGH paper) from the standard start"}},
           {"mgh_meyer", {Outcome::Failed, kTrustUnscaled}},
           {"mgh_osborne1", {Outcome::Failed, kTrustUnscaled}},
           {"mgh_trigonometric",
            {Outcome::Local,
             "known local minimum F = 2.79506e-5 from the standard start (n = 10)"}},
           {"nist_hahn1", {Outcome::Failed, kUnscaled}},
           {"nist_hahn1_start2", {Outcome::Failed, kUnscaled}},
           {"nist_kirby2", {Outcome::Failed, kUnscaled}},
           {"nist_kirby2_start2", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos1", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos1_start2", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos2", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos2_start2", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos3", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos3_start2", {Outcome::Failed, kUnscaled}},
           {"nist_mgh17", {Outcome::Failed, kUnscaled}},
           {"nist_mgh17_start2", {Outcome::Failed, kUnscaled}},
           {"nist_misra1a", {Outcome::Failed, kUnscaled}},
           {"nist_misra1a_start2", {Outcome::Failed, kUnscaled}},
           {"nist_misra1b", {Outcome::Failed, kUnscaled}},
           {"nist_misra1b_start2", {Outcome::Failed, kUnscaled}},
           {"nist_misra1c", {Outcome::Failed, kUnscaledRadius}},
           {"nist_misra1c_start2", {Outcome::Failed, kUnscaledRadius}},
           {"nist_misra1d", {Outcome::Failed, kUnscaled}},
           {"nist_misra1d_start2", {Outcome::Failed, kUnscaled}},
       }},
      {"trust-region",
       {
           {"mgh_biggs_exp6", {Outcome::Failed, kTrustBiggs}},
           {"mgh_freudenstein_roth",
            {Outcome::Local,
             "known local minimum F = 48.9842 (MGH paper) from the standard start"}},
           {"mgh_trigonometric",
            {Outcome::Local,
             "known local minimum F = 2.79506e-5 from the standard start (n = 10)"}},
           {"nist_hahn1", {Outcome::Failed, kUnscaled}},
           {"nist_hahn1_start2", {Outcome::Failed, kUnscaled}},
           {"nist_kirby2", {Outcome::Failed, kUnscaled}},
           {"nist_kirby2_start2", {Outcome::Failed, kUnscaled}},
           {"nist_mgh17", {Outcome::Failed, kUnscaled}},
       }},
      {"sr1",
       {
           {"mgh_freudenstein_roth",
            {Outcome::Local,
             "known local minimum F = 48.9842 (MGH paper) from the standard start"}},
           {"mgh_meyer", {Outcome::Failed, kTrustUnscaled}},
           {"mgh_osborne1", {Outcome::Failed, kSr1FirstTrials}},
           {"mgh_biggs_exp6",
            {Outcome::Local,
             "the local minimum F = 5.65565e-3 the paper reports (F* = 0 elsewhere)"}},
           {"mgh_trigonometric",
            {Outcome::Local,
             "known local minimum F = 2.79506e-5 from the standard start (n = 10)"}},
           {"nist_gauss1_start2", {Outcome::Failed, kSr1FirstTrials}},
           {"nist_gauss2", {Outcome::Failed, kUnscaled}},
           {"nist_gauss2_start2", {Outcome::Failed, kUnscaled}},
           {"nist_hahn1", {Outcome::Failed, kUnscaled}},
           {"nist_hahn1_start2", {Outcome::Failed, kUnscaled}},
           {"nist_nelson", {Outcome::Failed, kUnscaled}},
           {"nist_nelson_start2", {Outcome::Failed, kUnscaled}},
           {"nist_mgh17", {Outcome::Failed, kUnscaled}},
           {"nist_mgh17_start2", {Outcome::Failed, kSr1FirstTrials}},
       }},
      {"dfp",
       {
           {"mgh_biggs_exp6",
            {Outcome::Local,
             "the local minimum F = 5.65565e-3 the paper reports (F* = 0 elsewhere)"}},
           {"mgh_freudenstein_roth",
            {Outcome::Local,
             "known local minimum F = 48.9842 (MGH paper) from the standard start"}},
           {"mgh_meyer",
            {Outcome::Failed,
             "badly scaled (x* = (0.0056, 6181, 345)): unpreconditioned DFP does not reach F* "
             "within 1000 iterations"}},
           {"mgh_trigonometric",
            {Outcome::Local,
             "known local minimum F = 2.79506e-5 from the standard start (n = 10)"}},
           {"nist_hahn1", {Outcome::Failed, kUnscaled}},
           {"nist_hahn1_start2", {Outcome::Failed, kUnscaled}},
           {"nist_kirby2", {Outcome::Failed, kUnscaled}},
           {"nist_kirby2_start2", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos1", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos1_start2", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos2", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos2_start2", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos3", {Outcome::Failed, kUnscaled}},
           {"nist_lanczos3_start2", {Outcome::Failed, kUnscaled}},
           {"nist_misra1a", {Outcome::Failed, kUnscaled}},
           {"nist_misra1a_start2", {Outcome::Failed, kUnscaled}},
           {"nist_misra1b", {Outcome::Failed, kUnscaled}},
           {"nist_misra1b_start2", {Outcome::Failed, kUnscaled}},
           {"nist_misra1c", {Outcome::Failed, kUnscaled}},
           {"nist_misra1c_start2", {Outcome::Failed, kUnscaled}},
           {"nist_misra1d", {Outcome::Failed, kUnscaled}},
           {"nist_misra1d_start2", {Outcome::Failed, kUnscaled}},
           {"nist_nelson", {Outcome::Failed, kUnscaled}},
           {"nist_nelson_start2", {Outcome::Failed, kUnscaled}},
           {"nist_roszman1", {Outcome::Failed, kUnscaled}},
           {"nist_roszman1_start2", {Outcome::Failed, kUnscaled}},
       }},
  };
  return table;
}

struct Case {
  std::string method;
  std::string problem;  // registry name
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const auto& [method, _] : expectations()) {
    for (const auto& e : mgh_entries()) out.push_back({method, "mgh_" + e.name});
    for (const auto& n : nist_dataset_names()) {
      std::string lower;
      for (char c : n) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.push_back({method, "nist_" + lower});
      out.push_back({method, "nist_" + lower + "_start2"});
    }
  }
  return out;
}

Outcome classify(const Problem<double>& p, const Result<double>& res, double* score) {
  if (p.family == "nist") {
    double worst = 100;
    for (Index j = 0; j < res.x.size(); ++j)
      worst = std::min(worst, lre(res.x[j], p.minimizers[0][j]));
    *score = worst;
    return worst >= 4 ? Outcome::Solved : Outcome::Failed;
  }
  *score = res.f;
  auto near = [&](double target) { return std::abs(res.f - target) <= 1e-5 * target + 1e-10; };
  if (p.f_min && near(*p.f_min)) return Outcome::Solved;
  const auto& e = find_mgh(p.name.substr(4));
  for (double F : e.paper_other_minima)
    if (near(F / 2)) return Outcome::Local;
  return Outcome::Failed;
}

class MethodTable : public ::testing::TestWithParam<Case> {};

TEST_P(MethodTable, ReachesTheExpectedOutcome) {
  const Case& c = GetParam();
  auto p = make_problem<double>(c.problem);
  const bool first_order = c.method == "lbfgs" || c.method == "cg";
  StopOptions stop;
  stop.gtol = 1e-10;  // absolute, inf-norm; methods that cannot get there stop on their own
  stop.ftol = 1e-15;  // relative f change at rounding level
  stop.max_iter = first_order ? 5000 : 1000;
  auto method = make_method<double>(c.method);
  Result<double> res;
  if (c.method == "newton") {
    // Newton needs a Hessian; MGH and NIST objectives give residuals and J only, so the
    // Hessian comes from central differences of the exact gradient J'r.
    FdOptions o;
    o.use_inner_gradient = true;
    FiniteDifference<double> fd(*p.objective, o);
    res = minimize<double>(fd, p.x0, *method, stop);
  } else {
    res = minimize<double>(*p.objective, p.x0, *method, stop);
  }
  double score = 0;
  const Outcome got = classify(p, res, &score);
  const auto& table = expectations().at(c.method);
  const auto it = table.find(c.problem);
  const Outcome want = it == table.end() ? Outcome::Solved : it->second.outcome;
  std::printf("TABLE %-13s %-32s %-7s %s=%.6g iters=%ld status=%s\n", c.method.c_str(),
              c.problem.c_str(), name_of(got), p.family == "nist" ? "minLRE" : "f", score,
              static_cast<long>(res.iterations), std::string(to_string(res.status)).c_str());
  if (it != table.end() && it->second.alt_f > 0 && got != want &&
      std::abs(res.f - it->second.alt_f) <= 1e-7 * it->second.alt_f) {
    std::printf("TABLE %-13s %-32s reached the recorded rounding-decided alternative f=%.10g\n",
                c.method.c_str(), c.problem.c_str(), res.f);
    return;
  }
  EXPECT_EQ(name_of(got), std::string(name_of(want)))
      << c.method << " on " << c.problem << ": " << res.message
      << (it != table.end() ? std::string(" (expected because: ") + it->second.why + ")" : "");
}

INSTANTIATE_TEST_SUITE_P(All, MethodTable, ::testing::ValuesIn(cases()), [](const auto& info) {
  std::string s = info.param.method + "__" + info.param.problem;
  for (char& ch : s)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return s;
});

// The held-out table with boxes: MGH problems with the bounds of D. M. Gay, "A trust region
// approach to linearly constrained optimization", Numerical Analysis (Dundee 1983), Lecture
// Notes in Mathematics 1066, Springer 1984, pp. 72-105, as transcribed with the minima F* on the
// box by A. Neumaier's global-optimization test page (bounds.html) and Ceres Solver's
// examples/more_garbow_hillstrom.cc. Every published F* was checked against scipy's L-BFGS-B
// (Fortran L-BFGS-B 3.0) and random multistarts (bench/lbfgsb_scipy_mgh_boxes.py): it holds for
// eight problems; for Box 3-D it is the value for m = 3 residuals (1-D minimisation confirms it),
// while problems/mgh uses the paper's m = 10, whose F on the box, 1.14348180e-4 at (1.0379441,
// 9.5, 0.9722276), is the reference here (scipy from the start and the best of 40 multistarts);
// for the Gulf function no residual count reproduces the transcribed 5.8281431e-5 on that box, and
// the reference is the measured minimum for m = 99, 5.12168572 at the corner x1 = x2 = 10 (scipy
// from the start and the best of 300 multistarts). The start is MGH's, projected onto the box
// (Box 3-D's x2 = 10 is outside). The runs use the evaluation guard: any method that evaluates
// outside the box throws, and the test fails. A run is solved when F is within 1e-5 relative
// (+1e-14 absolute: Powell's F is 1.5e-10, below the unbounded table's 1e-10 floor on f) of the
// reference; every pair not solved is listed with its reason, and a change
// either way fails.
struct BoxedMgh {
  const char* name;  // registry name
  std::vector<double> lower, upper;
  double F;  // reference sum r_i^2 on the box (Gay's where it reproduces, see above)
};

const std::vector<BoxedMgh>& boxed_mgh() {
  static const std::vector<BoxedMgh> table = {
      {"mgh_powell_badly_scaled", {0, 1}, {1, 9}, 0.15125900e-9},
      {"mgh_brown_badly_scaled", {0, 3e-5}, {1e6, 100}, 0.78400000e3},
      {"mgh_beale", {0.6, 0.5}, {10, 100}, 0},
      {"mgh_helical_valley", {-100, -1, -1}, {0.8, 1, 1}, 0.99042212},
      {"mgh_gaussian", {0.398, 1, -0.5}, {4.2, 2, 0.1}, 0.11279300e-7},
      {"mgh_gulf_research", {1e-16, 0, 0}, {10, 10, 10}, 5.12168572},
      {"mgh_box3d", {0, 5, 0}, {2, 9.5, 20}, 1.14348180e-4},
      {"mgh_wood", {-100, -100, -100, -100}, {0, 10, 100, 100}, 0.15567008e1},
      {"mgh_brown_dennis", {-10, 0, -100, -20}, {100, 15, 0, 0.2}, 0.88860479e5},
      {"mgh_biggs_exp6", {0, 0, 0, 1, 0, 0}, {2, 8, 1, 7, 5, 5}, 0.53209865e-3},
  };
  return table;
}

// Expected non-solved outcomes on the boxes, per method.
const std::map<std::string, std::map<std::string, Expectation>>& boxed_expectations() {
  static const std::map<std::string, std::map<std::string, Expectation>> table = {
      {"lbfgsb",
       {
           {"mgh_powell_badly_scaled",
            {Outcome::Failed,
             "badly scaled (x1* = 1.1e-5 against x2* = 9, on its upper bound): the compact "
             "L-BFGS model of the curved valley x1 x2 = 1e-4 gives steps the line search cannot "
             "accept before the bound is reached (F = 5.8e-7); the Fortran L-BFGS-B stops the "
             "same way (scipy: F = 7.1e-7, 'ascent direction in projection')"}},
       }},
      {"newton", {}},
      {"bfgs", {}},
      {"lm", {}},
  };
  return table;
}

std::vector<Case> boxed_cases() {
  std::vector<Case> out;
  for (const auto& [method, _] : boxed_expectations()) {
    for (const auto& p : boxed_mgh()) out.push_back({method, p.name});
  }
  return out;
}

class BoxedMethodTable : public ::testing::TestWithParam<Case> {};

TEST_P(BoxedMethodTable, ReachesTheExpectedOutcome) {
  const Case& c = GetParam();
  const BoxedMgh& b = *std::find_if(boxed_mgh().begin(), boxed_mgh().end(),
                                    [&](const BoxedMgh& e) { return c.problem == e.name; });
  auto p = make_problem<double>(c.problem);
  const Index n = p.x0.size();
  const Bounds<double> box = Bounds<double>(Eigen::Map<const Vec<double>>(b.lower.data(), n),
                                            Eigen::Map<const Vec<double>>(b.upper.data(), n))
                                 .guard_evaluations();
  StopOptions stop;  // the unbounded table's settings
  stop.gtol = 1e-10;
  stop.ftol = 1e-15;
  stop.max_iter = c.method == "lbfgsb" ? 5000 : 1000;
  auto method = make_method<double>(c.method);
  // Newton's Hessian: the driver's differences of the exact gradient J'r, inside the box.
  const Result<double> res = minimize<double>(*p.objective, p.x0, *method, box, stop);
  const double F = 2 * res.f;
  const bool solved = std::abs(F - b.F) <= 1e-5 * b.F + 1e-14;
  const Outcome got = solved ? Outcome::Solved : Outcome::Failed;
  const auto& table = boxed_expectations().at(c.method);
  const auto it = table.find(c.problem);
  const Outcome want = it == table.end() ? Outcome::Solved : it->second.outcome;
  std::printf("BOXED %-7s %-26s %-7s F=%.9g (ref %.9g) iters=%ld f-evals=%ld status=%s %s\n",
              c.method.c_str(), c.problem.c_str(), name_of(got), F, b.F,
              static_cast<long>(res.iterations), static_cast<long>(res.evals.f),
              std::string(to_string(res.status)).c_str(), res.active.summary().c_str());
  EXPECT_TRUE(box.contains(res.x));
  EXPECT_EQ(name_of(got), std::string(name_of(want)))
      << c.method << " on " << c.problem << ": " << res.message
      << (it != table.end() ? std::string(" (expected because: ") + it->second.why + ")" : "");
}

INSTANTIATE_TEST_SUITE_P(Gay1984, BoxedMethodTable, ::testing::ValuesIn(boxed_cases()),
                         [](const auto& info) {
                           std::string s = info.param.method + "__" + info.param.problem;
                           for (char& ch : s)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return s;
                         });

// MGH 26, the trigonometric function, at n = 100 from the standard start x0 = (1/n, ..., 1/n).
// F* = 0, but the MGH paper (1981) publishes the non-global stop F = 2.79506e-5 only for
// n = 10 (checked above in the table: lm, lbfgs, bfgs, cg and newton all stop there); no
// published value for n = 100 was found (Gonum's and funconstrain's MGH sets also list only the
// n = 10 local minimum and note that gradient methods do not reach F = 0 from this start). The
// values below are the ones measured here. Each is checked to be a strict local minimum, not a
// slow stretch of a run: the finite-difference Hessian of the exact gradient at the end point is
// positive definite (classify_point; smallest eigenvalues 0.014 - 0.072 against a zero tolerance
// of ~1e-8). lbfgs, bfgs and cg stop at the same minimum (F equal to 9 digits); newton and lm
// stop at two other non-global minima; undamped Gauss-Newton reaches F = 0 (F = 1.1e-25).
struct TrigCase {
  const char* method;
  Outcome want;
  double F;  // sum r_i^2 at the expected end point (0: the global minimum)
};

class TrigonometricN100 : public ::testing::TestWithParam<TrigCase> {};

TEST_P(TrigonometricN100, EndsAtTheRecordedMinimum) {
  const TrigCase& c = GetParam();
  const Index n = 100;
  auto p = make_problem<double>("mgh_trigonometric", n);
  StopOptions stop;  // the table's settings
  stop.gtol = 1e-10;
  stop.ftol = 1e-15;
  const std::string m = c.method;
  stop.max_iter = (m == "lbfgs" || m == "cg") ? 5000 : 1000;
  auto method = make_method<double>(m);
  FdOptions o;
  o.use_inner_gradient = true;
  FiniteDifference<double> fd(*p.objective, o);  // Newton's Hessian, and the classification's
  const Result<double> res = m == "newton" ? minimize<double>(fd, p.x0, *method, stop)
                                           : minimize<double>(*p.objective, p.x0, *method, stop);
  const double F = 2 * res.f;
  std::printf("TRIG100 %-13s F=%.9e iters=%ld status=%s\n", c.method, F,
              static_cast<long>(res.iterations), std::string(to_string(res.status)).c_str());
  if (c.want == Outcome::Solved) {
    EXPECT_LE(F, 1e-20) << m << ": " << res.message;  // a zero-residual point, to rounding
    return;
  }
  // The same 1e-5 relative test as the table's classify().
  EXPECT_NEAR(F, c.F, 1e-5 * c.F) << m << ": " << res.message;
  EXPECT_GT(F, 1e-8) << "a non-global minimum has F > 0";
  const auto info = classify_point<double>(fd, res.x);
  EXPECT_EQ(info.kind, CriticalPointKind::Minimum) << m << ": " << info.describe();
}

INSTANTIATE_TEST_SUITE_P(Mgh26, TrigonometricN100,
                         ::testing::Values(TrigCase{"lbfgs", Outcome::Local, 1.84096254e-6},
                                           TrigCase{"bfgs", Outcome::Local, 1.84096254e-6},
                                           TrigCase{"cg", Outcome::Local, 1.84096254e-6},
                                           TrigCase{"newton", Outcome::Local, 1.14110062e-6},
                                           TrigCase{"lm", Outcome::Local, 3.66037866e-7},
                                           TrigCase{"gauss-newton", Outcome::Solved, 0.0}),
                         [](const auto& info) {
                           std::string s = info.param.method;
                           for (char& ch : s)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return s;
                         });

}  // namespace
}  // namespace optim::problems
