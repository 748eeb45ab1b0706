#include "studies/behaviours.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <memory>
#include <sstream>

#include "optim/driver.hpp"
#include "optim/observers/trace_recorder.hpp"
#include "optim/registry.hpp"
#include "optim/second_order/critical_point.hpp"
#include "problems/expr/expression_objective.hpp"
#include "problems/registry.hpp"

namespace optim::studies {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string num(double v) {
  std::ostringstream os;
  os << std::setprecision(17) << v;
  return os.str();
}

std::string short_num(double v) {
  std::ostringstream os;
  os << std::setprecision(4) << v;
  return os.str();
}

// Learning rates spaced evenly in log10 from lo to hi.
std::vector<double> log_grid(double lo, double hi, int points) {
  std::vector<double> g;
  for (int i = 0; i < points; ++i)
    g.push_back(lo * std::pow(hi / lo, double(i) / double(points - 1)));
  return g;
}

struct Run {
  Result<double> result;
  std::unique_ptr<TraceRecorder<double>> trace;
};

Run run_method(Objective<double>& objective, const Vec<double>& x0, const std::string& method,
               const ParamSet& params, Index max_iter, double gtol = 1e-8) {
  const auto m = make_method<double>(method, params);
  StopOptions stop;
  stop.max_iter = max_iter;
  stop.gtol = gtol;
  Run run;
  run.trace = std::make_unique<TraceRecorder<double>>(/*record_x=*/true);
  run.trace->reserve(max_iter + 1);
  Observer<double>* obs[] = {run.trace.get()};
  run.result = minimize<double>(objective, x0, *m, stop, obs);
  return run;
}

// The first iteration whose f is <= level (-1: never).
Index first_at_or_below(const Run& r, double level) {
  for (const auto& row : r.trace->rows())
    if (row.f <= level) return row.k;
  return -1;
}

BehaviourPath path_of(const Run& r, const std::string& label) {
  BehaviourPath p{label, {}, {}};
  for (std::size_t i = 0; i < r.trace->rows().size(); ++i) {
    p.x.push_back(r.trace->x_of(i)[0]);
    p.y.push_back(r.trace->x_of(i)[1]);
  }
  return p;
}

BehaviourCurve curve_of(const Run& r, const std::string& label) {
  BehaviourCurve c{label, {}};
  for (const auto& row : r.trace->rows()) c.f.push_back(row.f);
  return c;
}

double steps_or_inf(Index k) {
  return k < 0 ? kInf : double(k);
}

// ---- momentum on a plateau, and its overshoot ------------------------------------------------

// A Gaussian well of width 1 at (4, 0) in a plateau: from (0, 0.5) the gradient is about 1e-3, so
// a step of eta = 1 moves a thousandth of the way; in the well the curvature is at most 1, so GD
// with eta = 1 (eta lambda <= 1) never passes the centre.
const char* kPlateau = "1 - exp(-((x-4)^2 + y^2)/2)";
constexpr double kPlateauCentre = 4;

void plateau_behaviours(const BehavioursOptions& o, std::vector<Behaviour>& out) {
  expr::ExpressionObjective<double> f(kPlateau, {"x", "y"});
  Vec<double> x0(2);
  x0 << 0, 0.5;
  const double eta = 1, alpha = 0.9;
  const Index budget = o.full ? 20000 : 5000;
  const Run gd = run_method(f, x0, "gd", {{"lr", num(eta)}}, budget);
  const Run mom =
      run_method(f, x0, "momentum", {{"lr", num(eta)}, {"momentum", num(alpha)}}, budget);
  const Run nag =
      run_method(f, x0, "nesterov", {{"lr", num(eta)}, {"momentum", num(alpha)}}, budget);
  // The seed's remedy: a larger learning rate, here momentum's terminal speed eta / (1 - alpha)
  // on a constant gradient (the velocity's fixed point v = alpha v - eta g).
  const double eta_big = eta / (1 - alpha);
  const Run gd_big = run_method(f, x0, "gd", {{"lr", num(eta_big)}}, budget);

  // "Crossed the plateau": inside the well's half-depth contour, f <= 1/2.
  const double k_gd = steps_or_inf(first_at_or_below(gd, 0.5));
  const double k_mom = steps_or_inf(first_at_or_below(mom, 0.5));
  const double k_nag = steps_or_inf(first_at_or_below(nag, 0.5));
  const double k_big = steps_or_inf(first_at_or_below(gd_big, 0.5));
  const double speedup = k_gd / k_mom;
  const std::string setup =
      std::string("f = ") + kPlateau + " from (0, 0.5); eta = " + short_num(eta) +
      ", alpha = " + short_num(alpha) + ", " + std::to_string(budget) + " iterations";
  {
    Behaviour b;
    b.name = "momentum_plateau";
    b.source = "seed 000 Remark 3.7 (seed 002: \"still very slow progress on shallow plateau\")";
    b.claim =
        "Methods which use momentum progress very slowly in shallow plateau regions of the cost "
        "function as momentum is not able to build up; this can be rectified by improving the "
        "learning rate.";
    b.setup = setup + "; crossing = first iteration with f <= 1/2";
    b.criterion =
        "agrees when momentum crosses the plateau less than 2x faster than GD at the same eta "
        "(it did not build up speed; its terminal speed-up on a constant gradient is 1/(1-alpha))";
    b.measured = {{"gd_steps", k_gd},
                  {"momentum_steps", k_mom},
                  {"nesterov_steps", k_nag},
                  {"speedup", speedup},
                  {"terminal_speedup", 1 / (1 - alpha)},
                  {"gd_large_lr_steps", k_big},
                  {"gd_large_lr", eta_big}};
    b.agrees = speedup < 2;
    b.verdict = "momentum crossed in " + short_num(k_mom) + " steps, GD in " + short_num(k_gd) +
                " (" + short_num(speedup) + "x faster; bound " + short_num(1 / (1 - alpha)) +
                "x); GD at eta " + short_num(eta_big) + " in " + short_num(k_big);
    b.picture = "plateau";
    b.problem = kPlateau;
    b.paths = {path_of(gd, "gd"), path_of(mom, "momentum"), path_of(nag, "nesterov")};
    out.push_back(std::move(b));
  }
  {
    // How far each run passes the well's centre along x, in units of the well's width (1).
    auto overshoot = [](const Run& r) {
      double worst = 0;
      for (std::size_t i = 0; i < r.trace->rows().size(); ++i)
        worst = std::max(worst, r.trace->x_of(i)[0] - kPlateauCentre);
      return worst;
    };
    const double o_gd = overshoot(gd), o_mom = overshoot(mom), o_nag = overshoot(nag);
    Behaviour b;
    b.name = "momentum_overshoot";
    b.source = "seed 000 Proposition 3.8";
    b.claim = "Momentum can overshoot.";
    b.setup = setup + "; overshoot = max_k (x_k - 4), the distance past the well's centre";
    b.criterion =
        "agrees when momentum passes the centre by at least 0.1 well widths while GD at the same "
        "eta passes it by less than 0.1";
    b.measured = {{"gd_overshoot", o_gd},
                  {"momentum_overshoot", o_mom},
                  {"nesterov_overshoot", o_nag},
                  {"gd_final_f", gd.result.f},
                  {"momentum_final_f", mom.result.f}};
    b.agrees = o_mom >= 0.1 && o_gd < 0.1;
    b.verdict = "momentum passed the centre by " + short_num(o_mom) + ", nesterov by " +
                short_num(o_nag) + ", GD by " + short_num(o_gd);
    b.picture = "plateau";  // the paths are the plateau behaviour's
    out.push_back(std::move(b));
  }
}

// ---- Nesterov against momentum --------------------------------------------------------------

void nesterov_behaviour(const BehavioursOptions& o, std::vector<Behaviour>& out) {
  const std::vector<std::string> names = {"rosenbrock",       "beale", "booth", "himmelblau",
                                          "three_hump_camel", "matyas"};
  const auto etas = log_grid(1e-4, 1e-2, o.full ? 9 : 5);
  const double alpha = 0.9;
  const Index budget = o.full ? 100000 : 20000;
  int counted = 0, nag_wins = 0, momentum_wins = 0, ties = 0;
  std::vector<double> ratios;  // momentum's iterations / Nesterov's where both reached the target
  Behaviour b;
  for (const auto& name : names) {
    for (const double eta : etas) {
      const ParamSet params = {{"lr", num(eta)}, {"momentum", num(alpha)}};
      problems::Problem<double> pm = problems::make_problem<double>(name);
      problems::Problem<double> pn = problems::make_problem<double>(name);
      const double level = *pm.f_min + 1e-6 * (1 + std::abs(*pm.f_min));
      const Run rm = run_method(*pm.objective, pm.x0, "momentum", params, budget, 0);
      const Run rn = run_method(*pn.objective, pn.x0, "nesterov", params, budget, 0);
      const double km = steps_or_inf(first_at_or_below(rm, level));
      const double kn = steps_or_inf(first_at_or_below(rn, level));
      if (name == "rosenbrock" && b.curves.empty() && eta >= 1e-3) {
        b.curves = {curve_of(rm, "momentum (eta " + short_num(eta) + ")"),
                    curve_of(rn, "nesterov (eta " + short_num(eta) + ")")};
      }
      if (std::isinf(km) && std::isinf(kn)) continue;  // neither reached it: no comparison
      ++counted;
      if (kn < km) ++nag_wins;
      if (km < kn) ++momentum_wins;
      if (km == kn) ++ties;
      if (std::isfinite(km) && std::isfinite(kn)) ratios.push_back(km / kn);
    }
  }
  std::sort(ratios.begin(), ratios.end());
  const double median_ratio = ratios.empty() ? std::nan("") : ratios[ratios.size() / 2];
  b.name = "nesterov_vs_momentum";
  b.source = "seed 000 Proposition 3.9; seed 002 (\"consistently works slightly better\")";
  b.claim = "NAG is consistently better than Learning via Momentum in practice.";
  b.setup =
      "rosenbrock, beale, booth, himmelblau, three_hump_camel, matyas from their standard "
      "starts; eta on " +
      std::to_string(etas.size()) + " log-spaced values in [1e-4, 1e-2], alpha = 0.9, " +
      std::to_string(budget) + " iterations; target f - f* <= 1e-6 (1 + |f*|)";
  b.criterion =
      "agrees when Nesterov reaches the target in fewer iterations than momentum on at least 2/3 "
      "of the (problem, eta) pairs where either reaches it (a miss counts as never)";
  b.measured = {{"pairs", double(counted)},
                {"nesterov_wins", double(nag_wins)},
                {"momentum_wins", double(momentum_wins)},
                {"ties", double(ties)},
                {"median_iteration_ratio", median_ratio}};
  b.agrees = counted > 0 && 3 * nag_wins >= 2 * counted;
  b.verdict = "Nesterov fewer iterations on " + std::to_string(nag_wins) + " of " +
              std::to_string(counted) + " pairs, momentum on " + std::to_string(momentum_wins) +
              "; median momentum/Nesterov iteration ratio " + short_num(median_ratio);
  b.picture = "nesterov_rosenbrock";
  b.f_min = 0;
  out.push_back(std::move(b));
}

// ---- AdaGrad's decaying step against RMSProp ------------------------------------------------

void adagrad_behaviour(const BehavioursOptions& o, std::vector<Behaviour>& out) {
  const auto etas = log_grid(1e-3, 1e-1, o.full ? 9 : 5);
  const Index budget = o.full ? 100000 : 20000;
  const double beta = 0.99;  // RMSProp's smoothing (torch's alpha default)
  int adagrad_worse = 0;
  std::vector<double> ratios;  // AdaGrad's final effective rate / RMSProp's, per eta
  Behaviour b;
  for (const double eta : etas) {
    problems::Problem<double> pa = problems::make_problem<double>("rosenbrock");
    problems::Problem<double> pr = problems::make_problem<double>("rosenbrock");
    const Run ra = run_method(*pa.objective, pa.x0, "adagrad", {{"lr", num(eta)}}, budget, 0);
    const Run rr = run_method(*pr.objective, pr.x0, "rmsprop",
                              {{"lr", num(eta)}, {"beta", num(beta)}}, budget, 0);
    // The effective learning rates at the end, replayed from each run's iterates (full batch: the
    // gradients at x_0 .. x_{T-1}): AdaGrad's eta / sqrt(A_i), A_i = sum_k g_i^2, against
    // RMSProp's eta / sqrt(v_i), v_i = beta v_i + (1 - beta) g_i^2 (eps is negligible here), as
    // the geometric mean over the two coordinates.
    auto final_rate = [&](const Run& r, Objective<double>& f, bool running_average) {
      Vec<double> acc = Vec<double>::Zero(2), g(2), x(2);
      const std::size_t steps = r.trace->rows().size() - 1;
      for (std::size_t k = 0; k < steps; ++k) {
        x = r.trace->x_of(k);
        f.evaluate(x, &g);
        if (running_average) {
          acc = beta * acc + (1 - beta) * g.cwiseProduct(g);
        } else {
          acc += g.cwiseProduct(g);
        }
      }
      return eta / std::sqrt(std::sqrt(acc[0]) * std::sqrt(acc[1]));
    };
    const double rate_a = final_rate(ra, *pa.objective, false);
    const double rate_r = final_rate(rr, *pr.objective, true);
    ratios.push_back(rate_a / rate_r);
    const bool worse = ra.result.f > rr.result.f;
    adagrad_worse += worse;
    b.measured.push_back({"eta_" + short_num(eta) + "_adagrad_f", ra.result.f});
    b.measured.push_back({"eta_" + short_num(eta) + "_rmsprop_f", rr.result.f});
    b.measured.push_back({"eta_" + short_num(eta) + "_adagrad_final_rate", rate_a});
    b.measured.push_back({"eta_" + short_num(eta) + "_rmsprop_final_rate", rate_r});
    if (b.curves.empty() && eta >= 1e-2) {
      b.curves = {curve_of(ra, "adagrad (eta " + short_num(eta) + ")"),
                  curve_of(rr, "rmsprop (eta " + short_num(eta) + ")")};
    }
  }
  const int n = static_cast<int>(etas.size());
  b.measured.push_back({"etas", double(n)});
  b.measured.push_back({"adagrad_worse", double(adagrad_worse)});
  b.name = "adagrad_stops_early";
  b.source = "seed 000 Remark 3.9 and Proposition 3.11 (seed 002 AdaGrad)";
  b.claim =
      "Monotonic learning is very aggressive and lacks the possibility of late adjustments, "
      "meaning learning usually stops too early; RMSProp combats the aggressive reduction in "
      "AdaGrad's learning speed.";
  b.setup = "rosenbrock from (-1.2, 1); eta on " + std::to_string(n) +
            " log-spaced values in [1e-3, 1e-1] for both, RMSProp beta = " + short_num(beta) +
            ", " + std::to_string(budget) + " iterations";
  b.criterion =
      "agrees when AdaGrad ends with a higher f than RMSProp at the same eta on more "
      "than half of the eta values";
  b.agrees = 2 * adagrad_worse > n;
  b.verdict = "AdaGrad ended higher than RMSProp at " + std::to_string(adagrad_worse) + " of " +
              std::to_string(n) + " rates; its final effective rate was " +
              short_num(*std::min_element(ratios.begin(), ratios.end())) + ".." +
              short_num(*std::max_element(ratios.begin(), ratios.end())) + " x RMSProp's";
  b.picture = "adagrad_rosenbrock";
  b.f_min = 0;
  out.push_back(std::move(b));
}

// ---- Newton and saddle points ---------------------------------------------------------------

const char* kHimmelblau = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2";

void newton_behaviour(const BehavioursOptions& o, std::vector<Behaviour>& out) {
  // Himmelblau's function has 4 minima, 4 saddles and 1 maximum.
  const int side = o.full ? 9 : 5;
  const double span = o.full ? 4.5 : 4;
  const Index budget = 2000;
  struct Counts {
    int minimum = 0, saddle = 0, maximum = 0, other = 0;
    int non_minimum() const { return saddle + maximum; }
  };
  auto tally = [](Counts& c, expr::ExpressionObjective<double>& f, const Run& r) {
    if (!r.result.converged()) {
      ++c.other;
      return CriticalPointKind::Degenerate;
    }
    const auto kind = classify_point<double>(f, r.result.x).kind;
    if (kind == CriticalPointKind::Minimum)
      ++c.minimum;
    else if (kind == CriticalPointKind::Saddle)
      ++c.saddle;
    else if (kind == CriticalPointKind::Maximum)
      ++c.maximum;
    else
      ++c.other;
    return kind;
  };
  Counts plain, guarded, gd;
  Behaviour b;
  const ParamSet plain_params = {{"modification", "none"}, {"line_search", "none"}};
  for (int i = 0; i < side; ++i) {
    for (int j = 0; j < side; ++j) {
      Vec<double> x0(2);
      x0 << -span + 2 * span * i / (side - 1), -span + 2 * span * j / (side - 1);
      expr::ExpressionObjective<double> f1(kHimmelblau, {"x", "y"}), f2(kHimmelblau, {"x", "y"}),
          f3(kHimmelblau, {"x", "y"});
      const Run rp = run_method(f1, x0, "newton", plain_params, budget);
      const Run rg = run_method(f2, x0, "newton", {}, budget);
      const Run rd = run_method(f3, x0, "gd", {{"lr", "0.01"}}, budget * 5);
      const auto kind = tally(plain, f1, rp);
      tally(guarded, f2, rg);
      tally(gd, f3, rd);
      if (kind != CriticalPointKind::Minimum && kind != CriticalPointKind::Degenerate &&
          b.paths.size() < 4) {
        b.paths.push_back(
            path_of(rp, "plain newton from (" + short_num(x0[0]) + ", " + short_num(x0[1]) + ")"));
        b.paths.push_back(
            path_of(rd, "gd from (" + short_num(x0[0]) + ", " + short_num(x0[1]) + ")"));
      }
    }
  }
  const double starts = double(side * side);
  const double plain_share = plain.non_minimum() / starts, gd_share = gd.non_minimum() / starts;
  b.name = "newton_saddles";
  b.source = "seed 000 Proposition 3.10 (also Remark 3.8; Dauphin et al. 2014)";
  b.claim = "Newton's method is attracted to saddle points (bad!).";
  b.setup = std::string("himmelblau f = ") + kHimmelblau +
            " (4 minima, 4 saddles, 1 maximum) from a " + std::to_string(side) + "x" +
            std::to_string(side) + " grid of starts on [-" + short_num(span) + ", " +
            short_num(span) +
            "]^2; plain Newton (no Hessian modification, full steps), safeguarded Newton "
            "(identity shift, More-Thuente), GD eta = 0.01; end points classified by the "
            "Hessian's eigenvalues";
  b.criterion =
      "agrees when plain Newton ends at a saddle or maximum from a share of the starts "
      "at least 0.1 larger than GD's";
  b.measured = {{"starts", starts},
                {"plain_newton_minima", double(plain.minimum)},
                {"plain_newton_saddles", double(plain.saddle)},
                {"plain_newton_maxima", double(plain.maximum)},
                {"plain_newton_other", double(plain.other)},
                {"safeguarded_newton_non_minima", double(guarded.non_minimum())},
                {"gd_non_minima", double(gd.non_minimum())},
                {"plain_newton_non_minimum_share", plain_share},
                {"gd_non_minimum_share", gd_share}};
  b.agrees = plain_share - gd_share >= 0.1;
  b.verdict = "plain Newton ended at " + std::to_string(plain.saddle) + " saddles and " +
              std::to_string(plain.maximum) + " maxima from " + short_num(starts) +
              " starts; safeguarded Newton at " + std::to_string(guarded.non_minimum()) +
              ", GD at " + std::to_string(gd.non_minimum());
  b.picture = "newton_himmelblau";
  b.problem = kHimmelblau;
  out.push_back(std::move(b));
}

}  // namespace

std::vector<Behaviour> run_behaviours(const BehavioursOptions& options) {
  std::vector<Behaviour> out;
  plateau_behaviours(options, out);
  nesterov_behaviour(options, out);
  adagrad_behaviour(options, out);
  newton_behaviour(options, out);
  return out;
}

}  // namespace optim::studies
