// Newton-CG (Hessian-free: exact Hessian-vector products by the R-operator, Martens 2010) against
// L-BFGS on MNIST, full batch: a 784-32-10 ReLU network, softmax cross-entropy, float, the first
// 10 000 training images (inputs / 255), He initialisation with seed 42, one thread. Each method
// gets the same wall-time budget; the program prints, per method, the time at which the training
// loss first reached each of a few levels, and at the end of the budget the loss, the accuracies
// (train subset, full 10 000-image test set), iterations, gradients and products. The methods run
// one after another in the same process, so they see the same machine load; on a shared machine
// compare the ratios of one run, not absolute times.
//   build/bench/bench_mnist_newton_cg [--seconds 20] [--n 10000] [--data-dir data/mnist]
#include <cstdio>
#include <cstring>
#include <ctime>
#include <numeric>
#include <string>
#include <vector>

#include "nn/data_sources.hpp"
#include "nn/mlp_objective.hpp"
#include "nn/network.hpp"
#include "optim/optim.hpp"

namespace {

using optim::Index;
namespace nn = optim::nn;

const double kLevels[] = {1.0, 0.5, 0.3, 0.2, 0.1, 0.05};

// First time (wall s and process CPU s since the run began) the full-batch loss reached each level.
class LevelTimes final : public optim::Observer<float> {
 public:
  void on_start(const optim::IterationRecord<float>& r) override {
    cpu0_ = std::clock();
    record(r);
  }
  optim::Status on_iteration(const optim::IterationRecord<float>& r) override {
    record(r);
    return optim::Status::Running;
  }
  double wall[std::size(kLevels)] = {}, cpu[std::size(kLevels)] = {};
  Index iter[std::size(kLevels)] = {};
  bool reached[std::size(kLevels)] = {};

 private:
  void record(const optim::IterationRecord<float>& r) {
    for (size_t i = 0; i < std::size(kLevels); ++i) {
      if (reached[i] || !(r.f <= kLevels[i])) continue;
      reached[i] = true;
      wall[i] = r.time_s;
      cpu[i] = double(std::clock() - cpu0_) / CLOCKS_PER_SEC;
      iter[i] = r.k;
    }
  }
  std::clock_t cpu0_ = 0;
};

double accuracy(nn::Network<float>& net, const optim::Vec<float>& x, const nn::Dataset<float>& d) {
  std::vector<int> pred;
  Index right = 0;
  const Index chunk = 1000;
  for (Index c = 0; c < d.size(); c += chunk) {
    const Index len = std::min(chunk, d.size() - c);
    auto logits = net.forward(x, d.x.middleCols(c, len));
    nn::Network<float>::predict_labels(logits, pred);
    for (Index j = 0; j < len; ++j) right += pred[size_t(j)] == d.labels[size_t(c + j)];
  }
  return double(right) / double(d.size());
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 20;
  Index n = 10000;
  std::string dir = std::string(OPTIM_SOURCE_DIR) + "/data/mnist";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--seconds"))
      seconds = std::stod(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--n"))
      n = std::stol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--data-dir"))
      dir = argv[i + 1];
    else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  nn::DataRequest req;
  req.name = "mnist";
  req.dir = dir;
  nn::Dataset<float> all, test;
  nn::load_named_data<float>(req, all, test);
  std::vector<Index> first(static_cast<size_t>(std::min(n, all.size())));
  std::iota(first.begin(), first.end(), Index{0});
  const nn::Dataset<float> train = all.subset(first);

  nn::NetworkSpec spec{{784, 32, 10}};
  spec.hidden = nn::Activation::Relu;
  const std::pair<const char*, optim::ParamSet> runs[] = {
      {"newton-cg", {}},
      {"newton-cg", {{"globalization", "line_search"}}},
      {"lbfgs", {}},
  };
  std::printf(
      "MNIST %ld training images, 784-32-10 ReLU, softmax CE, float, full batch, %g s each\n",
      long(train.size()), seconds);
  std::printf("%-22s", "method");
  for (double l : kLevels) std::printf("  loss<=%-5g", l);
  std::printf("  | loss@end  train%%  test%%  iters  grads     Hv\n");
  for (const auto& [method, p] : runs) {
    nn::Network<float> net(spec);
    nn::MlpObjective<float> obj(net, train);
    optim::Vec<float> x0;
    net.init_params(x0, 42);
    auto m = optim::make_method<float>(method, p);
    optim::StopOptions stop;
    stop.gtol = 1e-6;
    stop.max_iter = 1000000;
    stop.time_limit_s = seconds;
    LevelTimes levels;
    std::vector<optim::Observer<float>*> obs{&levels};
    const optim::Result<float> r = optim::minimize<float>(obj, x0, *m, stop, obs);
    std::string name = method;
    if (p.has("globalization"))
      name += " (line search)";
    else if (name == "newton-cg")
      name += " (trust region)";
    std::printf("%-22s", name.c_str());
    for (size_t i = 0; i < std::size(kLevels); ++i) {
      if (levels.reached[i])
        std::printf("  %5.1fs/%4ld", levels.wall[i], long(levels.iter[i]));
      else
        std::printf("  %11s", "-");
    }
    std::printf("  | %8.4f  %5.2f  %5.2f  %5ld  %5ld  %5ld   (%s)\n", double(r.f),
                100 * accuracy(net, r.x, train), 100 * accuracy(net, r.x, test), long(r.iterations),
                long(r.evals.g), long(r.evals.h), std::string(optim::to_string(r.status)).c_str());
    std::fflush(stdout);
  }
  std::printf(
      "cells: wall seconds / iterations when the full-batch training loss first reached the "
      "level\n");
  return 0;
}
