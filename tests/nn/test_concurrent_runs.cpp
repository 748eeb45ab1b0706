// Two training runs of different run contexts in one process at the same time (two std::threads):
// each ends with the bits, final loss and parameters, of the same configuration run alone. With
// a process-wide backend the two runs' products would mix kernels and change the bits; with a
// process-wide thread count they would share (or fight over) one pool.
#include <gtest/gtest.h>

#include <latch>
#include <random>
#include <thread>
#include <vector>

#include "nn/trainer.hpp"
#include "optim/registry.hpp"
#include "optim/run_context.hpp"

namespace optim::nn {
namespace {

struct Outcome {
  Vec<float> params;
  double loss = 0;
};

// Adam on a random 256-feature, 10-class set of 512 samples (seed 3), network 256-128-10, batch
// 128, 3 epochs: products of 2 x 128 x 256 x 128 = 8 MFLOP, large enough to run on several
// threads, and a run of ~0.1 s.
Outcome train(const RunContext& context) {
  Dataset<float> d;
  d.name = "random";
  d.classes = 10;
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<float> u(0, 1);
  d.x.resize(256, 512);
  for (Index i = 0; i < d.x.size(); ++i) d.x.data()[i] = u(rng);
  for (int j = 0; j < 512; ++j) d.labels.push_back(j % 10);
  Network<float> net(NetworkSpec{{256, 128, 10}});
  Vec<float> x0;
  net.init_params(x0, 3);
  TrainOptions opt;
  opt.epochs = 3;
  opt.context = context;
  auto adam = make_method<float>("adam", ParamSet::parse("lr=1e-3,batch_size=128,seed=3"));
  const auto rep = train_network<float>(net, d, nullptr, nullptr, x0, *adam, opt);
  return {rep.params, rep.epochs.back().train_loss};
}

Index differing(const Vec<float>& a, const Vec<float>& b) {
  if (a.size() != b.size()) return std::max(a.size(), b.size());
  return (a.array() != b.array()).count();
}

TEST(ConcurrentRuns, EachRunGivesTheBitsOfItsConfigurationAlone) {
  // 2 threads with Eigen's kernels next to 1 thread with OpenBLAS's; without OpenBLAS, 2 threads
  // next to 3 (the same bits by design, but each run must still see its own context).
  const RunContext a{.threads = 2, .gemm = GemmBackend::Eigen};
  const RunContext b = blas_available() ? RunContext{.threads = 1, .gemm = GemmBackend::Blas}
                                        : RunContext{.threads = 3, .gemm = GemmBackend::Eigen};
  const Outcome alone_a = train(a), alone_b = train(b);
  if (blas_available()) {
    // The two configurations give different bits, so a run that used the other's backend for
    // any product would be caught below.
    EXPECT_GT(differing(alone_a.params, alone_b.params), 0);
  }
  constexpr int kRepeats = 3;
  std::vector<Outcome> with_a(kRepeats), with_b(kRepeats);
  std::latch start(2);
  std::thread ta([&] {
    start.arrive_and_wait();
    for (auto& o : with_a) o = train(a);
  });
  std::thread tb([&] {
    start.arrive_and_wait();
    for (auto& o : with_b) o = train(b);
  });
  ta.join();
  tb.join();
  for (int r = 0; r < kRepeats; ++r) {
    EXPECT_EQ(differing(with_a[r].params, alone_a.params), 0) << "run a, repeat " << r;
    EXPECT_EQ(with_a[r].loss, alone_a.loss) << "run a, repeat " << r;
    EXPECT_EQ(differing(with_b[r].params, alone_b.params), 0) << "run b, repeat " << r;
    EXPECT_EQ(with_b[r].loss, alone_b.loss) << "run b, repeat " << r;
  }
  EXPECT_EQ(current_context(), RunContext{});  // the runs' scopes ended with them
}

}  // namespace
}  // namespace optim::nn
