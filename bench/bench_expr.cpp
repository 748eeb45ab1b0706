// Cost of the expression engine on a ~10^4-node graph: value (forward pass), value + gradient
// (forward pass with local partials + one reverse sweep) and Hessian-vector product
// (forward-over-reverse on dual numbers). The cheap-gradient principle says gradient/value <= ~4.
// Run: build/bench/bench_expr   (OPENBLAS_* untouched; no BLAS is involved here)
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "problems/expr/expression_objective.hpp"

namespace {

using optim::Vec;
using optim::expr::ExpressionObjective;

// sum over i of (sin(x_i) * x_{i+1} - exp(-x_i^2))^2 + log(1 + x_i^2) * cos(x_{i+1}) + x_i / (2 +
// x_{i+1}^2) about 20 nodes per term, n terms.
std::string big_formula(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    // Built with += (g++ 12 warns falsely on "literal" + std::string here).
    std::string a = "x", b = "x";
    a += std::to_string(i);
    b += std::to_string(i + 1);
    if (i) s += " + ";
    s += "(sin(" + a + ")*" + b + " - exp(-" + a + "^2))^2 + log(1 + " + a + "^2)*cos(" + b +
         ") + " + a + "/(2 + " + b + "^2)";
  }
  return s;
}

struct Fixture {
  explicit Fixture(int n) : obj(big_formula(n)) {
    x = Vec<double>::LinSpaced(obj.dim(), -1.0, 1.0);
    v = Vec<double>::LinSpaced(obj.dim(), 1.0, -0.5);
    g.resize(obj.dim());
    hv.resize(obj.dim());
  }
  ExpressionObjective<double> obj;
  Vec<double> x, v, g, hv;
};

Fixture& fixture() {
  static Fixture f(600);  // ~10^4 nodes
  return f;
}

void set_counters(benchmark::State& state) {
  state.counters["nodes"] = static_cast<double>(fixture().obj.graph().size());
  state.counters["vars"] = static_cast<double>(fixture().obj.dim());
}

void BM_ExprValue(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) benchmark::DoNotOptimize(f.obj.value(f.x));
  set_counters(state);
}
BENCHMARK(BM_ExprValue);

void BM_ExprGradient(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.obj.evaluate(f.x, &f.g));
    benchmark::ClobberMemory();
  }
  set_counters(state);
}
BENCHMARK(BM_ExprGradient);

void BM_ExprHessianVector(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) {
    f.obj.hessian_vector(f.x, f.v, &f.hv);
    benchmark::ClobberMemory();
  }
  set_counters(state);
}
BENCHMARK(BM_ExprHessianVector);

void BM_ExprParse(benchmark::State& state) {
  const std::string text = big_formula(600);
  for (auto _ : state) benchmark::DoNotOptimize(optim::expr::parse(text).size());
}
BENCHMARK(BM_ExprParse)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
