// Forward + backward of an MLP on one minibatch (float), the unit of work of one training step,
// and the GEMM rate of this machine for comparison. The side-by-side epoch comparison with torch
// is bench/torch_mlp.py + `optim train --data mnist`.
//   ./build/bench_mlp --benchmark_counters_tabular=true
// FLOP count per step: 2 * B * sum(in*out) forward, twice that backward (grad W and W^T delta,
// minus the first layer's W^T delta) -> items/s are samples/s and GFLOP/s is reported.
#include <benchmark/benchmark.h>

#include <numeric>
#include <random>
#include <vector>

#include "nn/mlp_objective.hpp"
#include "nn/network.hpp"

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
    f += 2 * mn * batch * (l == 0 ? 2 : 3);  // forward + grad W (+ W^T delta except layer 0)
  }
  return f;
}

void run_mlp(benchmark::State& state, std::vector<Index> layers) {
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
  state.SetItemsProcessed(state.iterations() * batch);
  state.counters["GFLOP/s"] = benchmark::Counter(step_flops(layers, batch) * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Mlp784_128_10(benchmark::State& s) {
  run_mlp(s, {784, 128, 10});
}
void BM_Mlp784_256_256_10(benchmark::State& s) {
  run_mlp(s, {784, 256, 256, 10});
}
BENCHMARK(BM_Mlp784_128_10)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Mlp784_256_256_10)->Arg(128)->Unit(benchmark::kMicrosecond);

// The machine's GEMM rate with Eigen for the first layer's shape (out x in times in x B).
void BM_EigenGemm(benchmark::State& state) {
  const Index m = state.range(0), k = state.range(1), n = state.range(2);
  Mat<float> a = Mat<float>::Random(m, k), b = Mat<float>::Random(k, n), c(m, n);
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * double(m * k * n) * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_EigenGemm)
    ->Args({128, 784, 64})
    ->Args({256, 784, 128})
    ->Args({512, 512, 512})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
