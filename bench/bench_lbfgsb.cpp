// Whole runs of L-BFGS-B (optim/second_order/lbfgsb.hpp) at n = 10^6, in double:
//   rosenbrock_box     extended Rosenbrock from the standard start with every x_i <= 0.5 (half
//                      the coordinates end on the bound: f* = n / 8);
//   quadratic_box      the diagonal convex quadratic 1/2 sum lambda_i (x_i - c_i)^2 with
//                      lambda_i = 1 + (i mod 1000) and c_i = 1.5 cos(i), on [-1, 1]^n from 0
//                      (the coordinates with |c_i| > 1, about 46 %, end on a bound);
//   *_inactive         the same functions on a box that no iterate reaches ([-1000, 1000]^n for
//                      Rosenbrock, [-1e4, 1e4]^n for the quadratic), run with lbfgsb and with the
//                      unconstrained lbfgs: what a box that constrains nothing costs.
// Every run stops on the (projected) gradient's infinity norm <= gtol (1e-5, or --gtol=X before
// the benchmark flags; the f-change test off), m = 10: the settings bench/lbfgsb_scipy_large.py
// gives scipy's L-BFGS-B. The counters are the
// run's iterations and evaluations and the time per iteration; the label is the final f.
// Run: build/bench/bench_lbfgsb --benchmark_repetitions=5 --benchmark_report_aggregates_only
// (one thread, or --threads=N for the ring sweeps on N; no BLAS call on these paths).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>

#include "optim/optim.hpp"
#include "problems/analytic/analytic.hpp"

namespace {

using optim::Index;
using optim::Vec;

constexpr Index kN = 1000000;
double g_gtol = 1e-5;  // --gtol=X
int g_threads = 1;     // --threads=N

// 1/2 sum lambda_i (x_i - c_i)^2: separable, so the bounded minimiser is clip(c, l, u).
class DiagonalQuadratic final : public optim::Objective<double> {
 public:
  explicit DiagonalQuadratic(Index n) : lambda_(n), c_(n) {
    for (Index i = 0; i < n; ++i) {
      lambda_[i] = 1.0 + static_cast<double>(i % 1000);
      c_[i] = 1.5 * std::cos(static_cast<double>(i));
    }
  }
  Index dim() const override { return c_.size(); }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    double f = 0;
    const double* xp = x.data();
    const double* lp = lambda_.data();
    const double* cp = c_.data();
    double* gp = g != nullptr ? g->data() : nullptr;
    for (Index i = 0; i < x.size(); ++i) {
      const double d = xp[i] - cp[i];
      const double ld = lp[i] * d;
      f += 0.5 * ld * d;
      if (gp != nullptr) gp[i] = ld;
    }
    return f;
  }

 private:
  Vec<double> lambda_, c_;
};

enum class Problem { RosenbrockBox, QuadraticBox, RosenbrockInactive, QuadraticInactive };

struct Setup {
  std::unique_ptr<optim::Objective<double>> f;
  Vec<double> x0;
  std::unique_ptr<optim::Bounds<double>> box;
};

Setup make(Problem p) {
  Setup s;
  const double inf = std::numeric_limits<double>::infinity();
  if (p == Problem::RosenbrockBox || p == Problem::RosenbrockInactive) {
    s.f = std::make_unique<optim::problems::Rosenbrock<double>>(kN);
    s.x0.resize(kN);
    for (Index i = 0; i < kN; ++i) s.x0[i] = i % 2 == 0 ? -1.2 : 1.0;
    s.box = p == Problem::RosenbrockBox
                ? std::make_unique<optim::Bounds<double>>(kN, -inf, 0.5)
                : std::make_unique<optim::Bounds<double>>(kN, -1000.0, 1000.0);
  } else {
    s.f = std::make_unique<DiagonalQuadratic>(kN);
    s.x0 = Vec<double>::Zero(kN);
    s.box = p == Problem::QuadraticBox ? std::make_unique<optim::Bounds<double>>(kN, -1.0, 1.0)
                                       : std::make_unique<optim::Bounds<double>>(kN, -1e4, 1e4);
  }
  return s;
}

// One whole run per benchmark iteration; `bounded` false runs the unconstrained method.
void bench_run(benchmark::State& state, Problem p, const std::string& method, bool bounded) {
  Setup s = make(p);
  auto m = optim::make_method<double>(method, optim::ParamSet{{"m", "10"}});
  const optim::StopOptions stop{.gtol = g_gtol, .max_iter = 100000};
  optim::Result<double> r;
  const optim::ContextScope scope(optim::RunContext{.threads = g_threads});
  for (auto _ : state) {
    r = bounded ? optim::minimize<double>(*s.f, s.x0, *m, *s.box, stop)
                : optim::minimize<double>(*s.f, s.x0, *m, stop);
    benchmark::DoNotOptimize(r.x.data());
  }
  if (!r.converged()) state.SkipWithError(r.message.c_str());
  char f[32];
  std::snprintf(f, sizeof f, "f=%.10g", static_cast<double>(r.f));
  state.SetLabel(f);
  state.counters["iterations"] = static_cast<double>(r.iterations);
  state.counters["evals"] = static_cast<double>(r.evals.f);
  state.counters["pg"] = static_cast<double>(r.grad_norm);  // the projected gradient's norm
  state.counters["ms_per_iter"] =
      1e3 * r.time_s / static_cast<double>(std::max<Index>(1, r.iterations));
}

void register_all() {
  struct Entry {
    const char* name;
    Problem p;
    const char* method;
    bool bounded;
  };
  const Entry entries[] = {
      {"rosenbrock_box/lbfgsb", Problem::RosenbrockBox, "lbfgsb", true},
      {"quadratic_box/lbfgsb", Problem::QuadraticBox, "lbfgsb", true},
      {"rosenbrock_inactive/lbfgsb", Problem::RosenbrockInactive, "lbfgsb", true},
      {"rosenbrock_inactive/lbfgs", Problem::RosenbrockInactive, "lbfgs", false},
      {"quadratic_inactive/lbfgsb", Problem::QuadraticInactive, "lbfgsb", true},
      {"quadratic_inactive/lbfgs", Problem::QuadraticInactive, "lbfgs", false},
  };
  for (const Entry& e : entries) {
    benchmark::RegisterBenchmark(e.name, &bench_run, e.p, std::string(e.method), e.bounded)
        ->Iterations(1)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // --gtol=X and --threads=N are ours: taken out before Google Benchmark reads the flags.
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--gtol=", 0) == 0) {
      g_gtol = std::stod(a.substr(7));
    } else if (a.rfind("--threads=", 0) == 0) {
      g_threads = std::stoi(a.substr(10));
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
