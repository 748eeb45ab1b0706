// nn/gemm.hpp: the network's products against a plain triple loop for every transpose case and
// backend, the fixed block partition, bad input, and the determinism promise: training with the
// same seed gives bit-identical parameters for 1, 2 and 3 threads.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "nn/gemm.hpp"
#include "nn/mlp_objective.hpp"
#include "nn/trainer.hpp"
#include "optim/registry.hpp"
#include "optim/run_context.hpp"
#include "support/test_support.hpp"

namespace optim::nn {
namespace {

std::vector<GemmBackend> backends() {
  std::vector<GemmBackend> out{GemmBackend::Eigen};
  if (blas_available()) out.push_back(GemmBackend::Blas);
  return out;
}

template <class S>
Mat<S> naive_product(const Mat<S>& a, bool ta, const Mat<S>& b, bool tb) {
  const Mat<S> oa = ta ? Mat<S>(a.transpose()) : a, ob = tb ? Mat<S>(b.transpose()) : b;
  Mat<S> c = Mat<S>::Zero(oa.rows(), ob.cols());
  for (Index i = 0; i < c.rows(); ++i)
    for (Index j = 0; j < c.cols(); ++j) {
      long double s = 0;
      for (Index k = 0; k < oa.cols(); ++k) s += (long double)oa(i, k) * ob(k, j);
      c(i, j) = static_cast<S>(s);
    }
  return c;
}

TEST(Gemm, MatchesTheTripleLoopForEveryTransposeBackendAndThreadCount) {
  std::mt19937_64 rng(7);  // seed 7
  std::uniform_real_distribution<double> u(-1, 1);
  // Shapes: a single block, a column split (n >= 128), a row split (m > n, m >= 128), a ragged
  // last block (784 columns), an empty depth.
  const Index shapes[][3] = {{5, 7, 3}, {64, 200, 96}, {300, 40, 50}, {24, 784, 130}, {4, 6, 0}};
  for (GemmBackend be : backends()) {
    for (int threads : {1, 2}) {
      const ContextScope scope({.threads = threads, .gemm = be});
      for (const auto& sh : shapes) {
        const Index m = sh[0], n = sh[1], k = sh[2];
        for (int t = 0; t < 4; ++t) {
          const bool ta = t & 1, tb = t & 2;
          Mat<double> a(ta ? k : m, ta ? m : k), b(tb ? n : k, tb ? k : n);
          for (Index i = 0; i < a.size(); ++i) a.data()[i] = u(rng);
          for (Index i = 0; i < b.size(); ++i) b.data()[i] = u(rng);
          // C is a block of a larger matrix, so the leading dimension differs from m.
          Mat<double> big = Mat<double>::Constant(m + 3, n, 99.0);
          gemm(a, ta, b, tb, big.topRows(m));
          const Mat<double> want = naive_product(a, ta, b, tb);
          // Each entry is a k-term sum of products of numbers in [-1, 1]: its rounding error is
          // at most k eps sum|a||b| <= k^2 eps ~ 4e-12 for k = 130 in double.
          EXPECT_LE((big.topRows(m) - want).cwiseAbs().maxCoeff(), 1e-11)
              << to_string(be) << " threads " << threads << " " << m << "x" << n << "x" << k
              << " ta " << ta << " tb " << tb;
          EXPECT_TRUE((big.bottomRows(3).array() == 99.0).all()) << "wrote outside C";
          // float agrees with the double result to float rounding: k eps_f sum|a||b| ~ 2e-3.
          Mat<float> cf(m, n);
          gemm(a.cast<float>(), ta, b.cast<float>(), tb, cf);
          EXPECT_LE((cf.cast<double>() - want).cwiseAbs().maxCoeff(), 2e-3 * std::max<Index>(k, 1))
              << to_string(be) << " float " << m << "x" << n << "x" << k;
        }
      }
    }
  }
}

TEST(Gemm, SplitDependsOnTheShapeOnlyAndCoversIt) {
  // 256 x 784 (a first-layer weight gradient): columns, an even number of blocks of a multiple
  // of 16 columns.
  GemmSplit s = gemm_split(256, 784);
  EXPECT_TRUE(s.by_columns);
  EXPECT_EQ(s.block_size % 16, 0);
  EXPECT_GE(s.block_size * s.blocks, 784);
  EXPECT_LT(s.block_size * (s.blocks - 1), 784);  // no empty block
  EXPECT_EQ(s.blocks, 10);                        // ceil(784 / 80), block 80 = 66 rounded up to 16
  // 256 x 128 (a forward pass of batch 128): rows, 4 blocks of 64.
  s = gemm_split(256, 128);
  EXPECT_FALSE(s.by_columns);
  EXPECT_EQ(s.blocks, 4);
  EXPECT_EQ(s.block_size, 64);
  // Small outputs are one block.
  s = gemm_split(10, 100);
  EXPECT_EQ(s.blocks, 1);
  EXPECT_EQ(s.block_size, 100);
}

TEST(Gemm, BadInputIsRejected) {
  Mat<float> a(3, 4), b(5, 2), c(3, 2);
  EXPECT_THROW(gemm(a, false, b, false, c), std::invalid_argument);  // 4 != 5
  Mat<float> b2(4, 2), c2(2, 2);
  EXPECT_THROW(gemm(a, false, b2, false, c2), std::invalid_argument);  // C is 3 x 2
  EXPECT_THROW(ContextScope{RunContext{.threads = 0}}, std::invalid_argument);
  EXPECT_THROW(parse_gemm_backend("mkl"), std::invalid_argument);
  EXPECT_EQ(parse_gemm_backend("eigen"), GemmBackend::Eigen);
  EXPECT_EQ(parse_gemm_backend("blas"), GemmBackend::Blas);
  EXPECT_EQ(RunContext{}.gemm, blas_available() ? GemmBackend::Blas : GemmBackend::Eigen);
  if (!blas_available()) {
    EXPECT_THROW(ContextScope{RunContext{.gemm = GemmBackend::Blas}}, std::invalid_argument);
  }
  const ContextScope scope({.threads = 2, .gemm = GemmBackend::Eigen});
  EXPECT_EQ(current_context().threads, 2);
  EXPECT_EQ(current_context().gemm, GemmBackend::Eigen);
}

// Adam on random MNIST-shaped data (784-256-10, batch 128, dropout on; seed 11), 2 epochs of 4
// batches: the products are big enough to run on several threads.
Vec<float> train_params(int threads, GemmBackend backend) {
  Dataset<float> d;
  d.name = "random";
  d.classes = 10;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<float> u(0, 1);
  d.x.resize(784, 512);
  for (Index i = 0; i < d.x.size(); ++i) d.x.data()[i] = u(rng);
  for (int j = 0; j < 512; ++j) d.labels.push_back(j % 10);
  NetworkSpec s{{784, 256, 10}};
  Network<float> net(s);
  net.set_dropout(0.9, 0.8, 11);
  Vec<float> x0;
  net.init_params(x0, 11);
  TrainOptions opt;
  opt.epochs = 2;
  opt.context = {.threads = threads, .gemm = backend};
  auto adam = make_method<float>("adam", ParamSet::parse("lr=1e-3,batch_size=128,seed=11"));
  return train_network<float>(net, d, nullptr, nullptr, x0, *adam, opt).params;
}

TEST(Gemm, TrainingIsBitIdenticalForAnyThreadCount) {
  for (GemmBackend be : backends()) {
    const Vec<float> one = train_params(1, be);
    for (int threads : {2, 3}) {
      const Vec<float> many = train_params(threads, be);
      ASSERT_EQ(one.size(), many.size());
      Index differ = 0;
      for (Index i = 0; i < one.size(); ++i) differ += one[i] != many[i] ? 1 : 0;
      EXPECT_EQ(differ, 0) << to_string(be) << ": " << threads << " threads vs 1 (seed 11)";
    }
    // And training moved the parameters (the comparison above is not between two copies of x0).
    Vec<float> x0;
    Network<float>(NetworkSpec{{784, 256, 10}}).init_params(x0, 11);
    EXPECT_GT((one - x0).cwiseAbs().maxCoeff(), 1e-4f);
  }
}

// `optim train --threads N --gemm B`: the JSON records what ran, the two thread counts print the
// same losses, and bad values exit with code 2 (the CLI's bad-input code).
TEST(Gemm, TrainCommandTakesThreadsAndBackend) {
  const std::string base =
      "train --data spirals --n 200 --layers 2,64,64,2 --epochs 2 --batch 32 "
      "--seed 5 --json --gemm eigen --threads ";
  const auto one = testing::run_cli(base + "1"), two = testing::run_cli(base + "2");
  ASSERT_EQ(one.exit_code, 0) << one.out;
  ASSERT_EQ(two.exit_code, 0) << two.out;
  const auto j1 = nlohmann::json::parse(one.out), j2 = nlohmann::json::parse(two.out);
  EXPECT_EQ(j1["gemm"], "eigen");
  EXPECT_EQ(j1["threads"], 1);
  EXPECT_EQ(j2["threads"], 2);
  EXPECT_EQ(j1["train_loss"].get<double>(), j2["train_loss"].get<double>());
  EXPECT_EQ(testing::run_cli(base + "0").exit_code, 2);
  EXPECT_EQ(testing::run_cli("train --data xor --gemm mkl").exit_code, 2);
}

}  // namespace
}  // namespace optim::nn
