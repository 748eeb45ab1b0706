// Where the time of an MLP training step goes: forward + backward of one minibatch (float) next to
// the same step's matrix products alone (the machine's GEMM rate for exactly those shapes), for
// each GEMM backend (0 Eigen, 1 OpenBLAS when built) and thread count. The side-by-side epoch
// comparison with torch is bench/mnist_side_by_side.sh.
//   ./build/bench/bench_mlp --benchmark_counters_tabular=true
// Arguments: batch / backend / threads. FLOP count per step: 2 B sum(in*out) forward, twice that
// backward (grad W and W^T delta, except the first layer's W^T delta). Rates are per wall second
// (UseRealTime); the CPU column is process CPU time of all threads, so on a busy machine
// GFLOP/s x Time / CPU is the rate per CPU-second. "Step" GFLOP/s divided by "Gemms" GFLOP/s is
// the share of the step spent in the products.
#include <benchmark/benchmark.h>

#include <numeric>
#include <optional>
#include <random>
#include <vector>

#include "nn/gemm.hpp"
#include "nn/mlp_objective.hpp"
#include "nn/network.hpp"
#include "optim/run_context.hpp"

namespace {

using optim::Index;
using optim::Mat;
using optim::Vec;
namespace nn = optim::nn;

nn::Dataset<float> random_set(Index features, int classes, Index n, std::uint64_t seed) {
  nn::Dataset<float> d;
  d.name = "random";
  d.classes = classes;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  d.x.resize(features, n);
  for (Index i = 0; i < d.x.size(); ++i) d.x.data()[i] = u(rng);
  for (Index j = 0; j < n; ++j) d.labels.push_back(static_cast<int>(j % classes));
  return d;
}

double step_flops(const std::vector<Index>& layers, Index batch) {
  double f = 0;
  for (size_t l = 0; l + 1 < layers.size(); ++l) {
    const double mn = double(layers[l]) * double(layers[l + 1]);
    f += 2 * mn * double(batch) * (l == 0 ? 2 : 3);  // forward + grad W (+ W^T delta)
  }
  return f;
}

// Backend and threads from the benchmark arguments; nothing (and an error) if not in this build.
std::optional<optim::RunContext> configure(benchmark::State& state) {
  const bool blas = state.range(1) == 1;
  if (blas && !optim::blas_available()) {
    state.SkipWithError("OpenBLAS backend not built (-DOPTIM_BLAS=ON)");
    return std::nullopt;
  }
  optim::RunContext context;
  context.gemm = blas ? optim::GemmBackend::Blas : optim::GemmBackend::Eigen;
  context.threads = static_cast<int>(state.range(2));
  state.SetLabel(to_string(context.gemm) + " " + std::to_string(context.threads) + "t");
  return context;
}

void report(benchmark::State& state, const std::vector<Index>& layers, Index batch) {
  state.SetItemsProcessed(state.iterations() * batch);
  state.counters["GFLOP/s"] = benchmark::Counter(step_flops(layers, batch) * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

// Forward + backward of one minibatch through MlpObjective::evaluate_batch (gather, products,
// fused bias/activation passes, loss).
void run_step(benchmark::State& state, std::vector<Index> layers) {
  const auto context = configure(state);
  if (!context) return;
  const optim::ContextScope scope(*context);
  const Index batch = state.range(0);
  nn::NetworkSpec spec{layers};
  spec.hidden = nn::Activation::Relu;
  nn::Network<float> net(spec);
  auto data = random_set(layers.front(), static_cast<int>(layers.back()), 4096, 1);
  nn::MlpObjective<float> obj(net, data);
  Vec<float> x, g(net.num_params());
  net.init_params(x, 1);
  std::vector<Index> idx(static_cast<size_t>(batch));
  std::iota(idx.begin(), idx.end(), Index{0});
  for (auto _ : state) {
    benchmark::DoNotOptimize(obj.evaluate_batch(x, idx, &g));
    benchmark::ClobberMemory();
  }
  report(state, layers, batch);
}

// The same step's products alone, in the same order and with the same transposes as
// Network::forward / backward: the GEMM rate this machine reaches on these shapes.
void run_gemms(benchmark::State& state, std::vector<Index> layers) {
  const auto context = configure(state);
  if (!context) return;
  const optim::ContextScope scope(*context);
  const Index batch = state.range(0);
  const size_t nl = layers.size() - 1;
  std::vector<Mat<float>> w(nl), z(nl), gw(nl), act(nl + 1), da(nl);
  for (size_t l = 0; l < nl; ++l) {
    w[l] = Mat<float>::Random(layers[l + 1], layers[l]);
    gw[l].resize(layers[l + 1], layers[l]);
    z[l] = Mat<float>::Random(layers[l + 1], batch);
    da[l].resize(layers[l], batch);
  }
  for (size_t l = 0; l <= nl; ++l) act[l] = Mat<float>::Random(layers[l], batch);
  for (auto _ : state) {
    for (size_t l = 0; l < nl; ++l) nn::gemm(w[l], false, act[l], false, z[l]);
    for (size_t l = nl; l-- > 0;) {
      nn::gemm(z[l], false, act[l], true, gw[l]);
      if (l > 0) nn::gemm(w[l], true, z[l], false, da[l]);
    }
    benchmark::ClobberMemory();
  }
  report(state, layers, batch);
}

// One full-batch gradient (MlpObjective::evaluate) or one exact Hessian-vector product (the
// R-operator, nn/hessian_vector.hpp) over range(0) samples: what a Newton-CG inner iteration costs
// against a gradient.
void run_full(benchmark::State& state, std::vector<Index> layers, bool product) {
  const auto context = configure(state);
  if (!context) return;
  const optim::ContextScope scope(*context);
  const Index n = state.range(0);
  nn::NetworkSpec spec{layers};
  spec.hidden = nn::Activation::Relu;
  nn::Network<float> net(spec);
  auto data = random_set(layers.front(), static_cast<int>(layers.back()), n, 1);
  nn::MlpObjective<float> obj(net, data);
  Vec<float> x, g(net.num_params()), v = Vec<float>::Ones(net.num_params());
  net.init_params(x, 1);
  for (auto _ : state) {
    if (product)
      obj.hessian_vector(x, v, &g);
    else
      benchmark::DoNotOptimize(obj.evaluate(x, &g));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
}
void FullGradient_784_128_10(benchmark::State& s) {
  run_full(s, {784, 128, 10}, false);
}
void HessianVector_784_128_10(benchmark::State& s) {
  run_full(s, {784, 128, 10}, true);
}

void Step_784_256_256_10(benchmark::State& s) {
  run_step(s, {784, 256, 256, 10});
}
void Gemms_784_256_256_10(benchmark::State& s) {
  run_gemms(s, {784, 256, 256, 10});
}
void Step_784_128_10(benchmark::State& s) {
  run_step(s, {784, 128, 10});
}
void Gemms_784_128_10(benchmark::State& s) {
  run_gemms(s, {784, 128, 10});
}

// batch, backend (0 eigen, 1 blas), threads
void args(benchmark::internal::Benchmark* b, Index batch) {
  for (int backend : {0, 1})
    for (int threads : {1, 2}) b->Args({batch, backend, threads});
  b->ArgNames({"batch", "blas", "threads"});
  b->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMicrosecond);
}
BENCHMARK(Step_784_256_256_10)->Apply([](auto* b) { args(b, 128); });
BENCHMARK(Gemms_784_256_256_10)->Apply([](auto* b) { args(b, 128); });
BENCHMARK(Step_784_128_10)->Apply([](auto* b) { args(b, 64); });
BENCHMARK(FullGradient_784_128_10)->Apply([](auto* b) { args(b, 4096); });
BENCHMARK(HessianVector_784_128_10)->Apply([](auto* b) { args(b, 4096); });
BENCHMARK(Gemms_784_128_10)->Apply([](auto* b) { args(b, 64); });

}  // namespace

BENCHMARK_MAIN();
