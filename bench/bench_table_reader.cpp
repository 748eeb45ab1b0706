// Reading speed of the training-table reader (io/typed_table.hpp) and the data set built from it
// (nn/table_dataset.hpp) on a numeric CSV generated in /tmp: bytes per second, and peak memory
// against the float matrix it produces.
//   bench_table_reader                   Google Benchmark runs on a 20 MB table
//   bench_table_reader --load FILE.csv   one timed load of FILE (last column the target), one line
//                                        of figures (bench/csv_side_by_side.sh compares pandas)
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include "io/typed_table.hpp"
#include "nn/table_dataset.hpp"

namespace {

// A numeric table of `rows` x (features + 1) with 9 significant digits, like a float dump.
std::string make_table(std::size_t rows, int features, const std::string& path) {
  std::mt19937_64 rng(1);
  std::normal_distribution<double> g(0, 1);
  std::ofstream out(path);
  for (int k = 0; k < features; ++k) out << "x" << k << ",";
  out << "y\n";
  char buf[32];
  std::string line;
  for (std::size_t r = 0; r < rows; ++r) {
    line.clear();
    for (int k = 0; k <= features; ++k) {
      std::snprintf(buf, sizeof buf, "%.9g", g(rng));
      line += buf;
      line += k < features ? ',' : '\n';
    }
    out << line;
  }
  return path;
}

const std::string& bench_file() {
  static const std::string path = make_table(100000, 19, "/tmp/optim_bench_table.csv");
  return path;
}

void BM_ReadTypedTableFloat(benchmark::State& state) {
  const std::string& path = bench_file();
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto t = optim::io::read_typed_table<float>(path);
    benchmark::DoNotOptimize(t.cells.data());
    bytes += std::ifstream(path, std::ios::ate | std::ios::binary).tellg();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_ReadTypedTableFloat)->Unit(benchmark::kMillisecond);

void BM_TrainingTableFloat(benchmark::State& state) {
  const std::string& path = bench_file();
  optim::nn::TableRequest req;
  req.path = path;
  req.targets = {"y"};
  req.task = "regress";
  for (auto _ : state) {
    optim::nn::DataSchema schema;
    auto d = optim::nn::read_training_table<float>(req, schema);
    benchmark::DoNotOptimize(d.x.data());
  }
}
BENCHMARK(BM_TrainingTableFloat)->Unit(benchmark::kMillisecond);

// One load of `path` as `optim train --data path --target <last column> --task regress` reads it.
int load_once(const std::string& path) {
  const auto t0 = std::chrono::steady_clock::now();
  std::string header;
  std::getline(std::ifstream(path) >> std::ws, header);
  optim::nn::TableRequest req;
  req.path = path;
  req.targets = {header.substr(header.rfind(',') + 1)};
  req.task = "regress";
  optim::nn::DataSchema schema;
  const auto d = optim::nn::read_training_table<float>(req, schema);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const double cells = double(d.x.size() + d.y.size());
  const double matrix_mb = cells * sizeof(float) / 1e6;
  const double peak_mb = double(ru.ru_maxrss) / 1e3;  // ru_maxrss is in KiB on Linux
  std::printf(
      "optim: %lld rows x %lld features + %lld targets in %.3f s; peak RSS %.1f MB, "
      "float matrix %.1f MB (%.2fx)\n",
      (long long)d.size(), (long long)d.features(), (long long)d.y.rows(), s, peak_mb, matrix_mb,
      peak_mb / matrix_mb);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--load") == 0) return load_once(argv[2]);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
