// Whole runs of Newton-CG (optim/second_order/newton_cg.hpp) against L-BFGS on the extended
// Rosenbrock function at n = 10^6 from the standard start, in double. The registry's Rosenbrock
// has an exact O(n) Hessian-vector product (its 2 x 2 blocks), so a CG direction costs about one
// gradient. Every run stops on the gradient's infinity norm <= 1e-5 (the f-change test off);
// lbfgs with m = 10. Counters: iterations, f (and g) evaluations, Hessian-vector products, time
// per iteration; the label is the final f.
// Run: build/bench/bench_newton_cg --benchmark_repetitions=3 --benchmark_report_aggregates_only
// (one thread).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "optim/optim.hpp"
#include "problems/analytic/analytic.hpp"

namespace {

using optim::Index;

constexpr Index kN = 1000000;

void bench_run(benchmark::State& state, const std::string& method, const optim::ParamSet& p) {
  optim::problems::Rosenbrock<double> f(kN);
  optim::Vec<double> x0(kN);
  for (Index i = 0; i < kN; ++i) x0[i] = (i % 2 == 0) ? -1.2 : 1.0;
  auto m = optim::make_method<double>(method, p);
  optim::StopOptions stop;
  stop.gtol = 1e-5;
  stop.max_iter = 10000;
  optim::Result<double> r;
  for (auto _ : state) r = optim::minimize<double>(f, x0, *m, stop);
  if (!r.converged()) state.SkipWithError(r.message.c_str());
  char label[32];
  std::snprintf(label, sizeof label, "f=%.6g", static_cast<double>(r.f));
  state.SetLabel(label);
  state.counters["iterations"] = static_cast<double>(r.iterations);
  state.counters["evals"] = static_cast<double>(r.evals.f);
  state.counters["hv"] = static_cast<double>(r.evals.h);
  state.counters["ms_per_iter"] =
      1e3 * r.time_s / static_cast<double>(std::max<Index>(1, r.iterations));
}

}  // namespace

int main(int argc, char** argv) {
  const std::pair<const char*, optim::ParamSet> runs[] = {
      {"newton-cg", {}},
      {"newton-cg", {{"globalization", "line_search"}}},
      {"lbfgs", {}},
  };
  for (const auto& [method, p] : runs) {
    std::string name = std::string("rosenbrock_1e6/") + method;
    if (p.has("globalization")) name += "/line_search";
    benchmark::RegisterBenchmark(name.c_str(), &bench_run, std::string(method), p)
        ->Iterations(1)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
