// One step of each first-order update rule on 10^6 and 10^7 parameters, float and double, in
// bytes per second, next to a STREAM-style triad a = b + s c that measures what this machine's
// memory delivers to one core. The element-wise rules are memory-bound: the target is >= 80 % of
// the triad's bandwidth for the bytes each rule must move.
//
// Bytes counted per step (each array read or written once; no write-allocate traffic, exactly as
// the triad is counted: 2 reads + 1 write):
//   gd          read x, g;                  write x                   3 arrays
//   momentum    read x, g, v;               write x, v                5
//   nesterov    look-ahead y = x + a v (read x, v; write y) then the momentum update  3 + 5 = 8
//   adagrad     read x, g, A;               write x, A                5
//   rmsprop     read x, g, A;               write x, A                5
//   adam(w)     read x, g, m, v;            write x, m, v             7   (adamw: the decay is
//               fused into Adam's pass, DecoupledDecay + update_with_decay)
//   momentumw   the decay's own scaling pass (read x, write x), then momentum   2 + 5 = 7
//   amsgrad     read x, g, m, v, v_max;     write x, m, v, v_max      9
//   rprop       read x, g, Delta, g_prev, dw; write x, Delta, g_prev, dw   9
//   quickprop   read x, g, g_prev, dw_prev;  write x, g_prev, dw_prev     7
// adam_box_uniform / adam_box_runs / adam_box_arrays: Adam's step on a box, counted as 7 arrays
// like adam: with one value per side, or a box of few runs of one interval (here two: l_0 = -2,
// the rest [-1, 1]), the projection is fused into the kernel (two scalar clips per run); with
// bounds that differ from coordinate to coordinate it is the projection's own pass after the step
// (reads x, l, u; writes x).
// Run: build/bench/bench_update_rules --benchmark_repetitions=3 --benchmark_report_aggregates_only
// (single thread; OPENBLAS_* is irrelevant here: no BLAS call is made). Rates are per CPU second
// rather than wall second: the build machine is shared, and time slices taken by other processes
// would otherwise be charged to the kernel under test (triad and rules are measured alike).
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "optim/optim.hpp"

namespace {

using optim::Index;
using optim::Vec;

template <class S>
Vec<S> random_vector(Index n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  Vec<S> v(n);
  for (Index i = 0; i < n; ++i) v[i] = static_cast<S>(normal(rng));
  return v;
}

template <class S>
void bench_triad(benchmark::State& state) {
  const Index n = state.range(0);
  Vec<S> a = Vec<S>::Zero(n), b = random_vector<S>(n, 1), c = random_vector<S>(n, 2);
  const S s = static_cast<S>(0.5);
  for (auto _ : state) {
    a.noalias() = b + s * c;
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * 3 * n * static_cast<int64_t>(sizeof(S)));
}

template <class S>
void bench_rule(benchmark::State& state, std::shared_ptr<optim::UpdateRule<S>> rule, int arrays,
                double lr) {
  const Index n = state.range(0);
  Vec<S> x = random_vector<S>(n, 3), g = random_vector<S>(n, 4);
  auto rs = rule->start(n);
  const S f = S(1);
  for (auto _ : state) {
    const Vec<S>* at = rs->gradient_point(x);  // Nesterov's look-ahead pass; nullptr otherwise
    benchmark::DoNotOptimize(at);
    rs->update(x, g, f, static_cast<S>(lr));
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * arrays * n * static_cast<int64_t>(sizeof(S)));
}

// Adam's step on a box (RuleState::update_projected), next to the bare step above: [-1, 1] for
// every coordinate, the same box with l_0 = -2 (two runs), or random per-coordinate sides. Bytes
// are counted as for the bare step (7 arrays), so the rate shows what the projection costs.
enum class BoxKind { Uniform, Runs, Arrays };

template <class S>
void bench_adam_box(benchmark::State& state, BoxKind kind) {
  const Index n = state.range(0);
  Vec<S> x = random_vector<S>(n, 3), g = random_vector<S>(n, 4);
  Vec<S> lo = Vec<S>::Constant(n, S(-1)), hi = Vec<S>::Constant(n, S(1));
  if (kind == BoxKind::Runs) lo[0] = S(-2);
  if (kind == BoxKind::Arrays) {
    lo = S(-1) - random_vector<S>(n, 5).array().abs();
    hi = S(1) + random_vector<S>(n, 6).array().abs();
  }
  const optim::Bounds<S> box(lo, hi);
  auto rs = optim::Adam<S>(optim::AdamParams{}).start(n);
  for (auto _ : state) {
    rs->update_projected(x, g, S(1), static_cast<S>(1e-6), box);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * 7 * n * static_cast<int64_t>(sizeof(S)));
}

template <class S>
void register_all(const char* scalar) {
  using namespace optim;
  struct Entry {
    std::string name;
    std::shared_ptr<UpdateRule<S>> rule;
    int arrays;
    double lr;
  };
  const auto adam = std::make_shared<Adam<S>>(AdamParams{});
  const DecoupledDecayParams decay{.weight_decay = 0.01};
  AdamParams ams;
  ams.amsgrad = true;
  // Small rates keep x bounded over the many repeated steps of a benchmark.
  const std::vector<Entry> entries = {
      {"gd", std::make_shared<GradientDescent<S>>(GradientDescentParams{1e-6}), 3, 1e-6},
      {"momentum", std::make_shared<Momentum<S>>(MomentumParams{1e-6, 0.9}), 5, 1e-6},
      {"momentumw",
       std::make_shared<DecoupledDecay<S>>(std::make_shared<Momentum<S>>(MomentumParams{1e-6, 0.9}),
                                           decay),
       7, 1e-6},
      {"nesterov", std::make_shared<Nesterov<S>>(NesterovParams{1e-6, 0.9}), 8, 1e-6},
      {"adagrad", std::make_shared<Adagrad<S>>(AdagradParams{}), 5, 1e-6},
      {"rmsprop", std::make_shared<Rmsprop<S>>(RmspropParams{}), 5, 1e-6},
      {"adam", std::make_shared<Adam<S>>(AdamParams{}), 7, 1e-6},
      {"adamw", std::make_shared<DecoupledDecay<S>>(adam, decay), 7, 1e-6},
      {"amsgrad", std::make_shared<Adam<S>>(ams), 9, 1e-6},
      {"rprop", std::make_shared<Rprop<S>>(RpropParams{}), 9, 0.01},
      {"quickprop", std::make_shared<Quickprop<S>>(QuickpropParams{}), 7, 1e-6},
  };
  benchmark::RegisterBenchmark((std::string("triad/") + scalar).c_str(), &bench_triad<S>)
      ->Arg(1000000)
      ->Arg(10000000)
      ->Unit(benchmark::kMillisecond);
  for (const auto& e : entries) {
    benchmark::RegisterBenchmark((e.name + "/" + scalar).c_str(), &bench_rule<S>, e.rule, e.arrays,
                                 e.lr)
        ->Arg(1000000)
        ->Arg(10000000)
        ->Unit(benchmark::kMillisecond);
  }
  const std::pair<const char*, BoxKind> boxes[] = {{"adam_box_uniform/", BoxKind::Uniform},
                                                   {"adam_box_runs/", BoxKind::Runs},
                                                   {"adam_box_arrays/", BoxKind::Arrays}};
  for (const auto& [name, kind] : boxes) {
    benchmark::RegisterBenchmark((std::string(name) + scalar).c_str(), &bench_adam_box<S>, kind)
        ->Arg(1000000)
        ->Arg(10000000)
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_all<float>("float");
  register_all<double>("double");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
