// The data-parallel wrapper of a separable objective (optim/distributed/): the fixed blocks and
// their owners (sample_blocks.hpp), the block-weighted combination against the plain mean, and
// the defining property — K ranks give the bits of one — for any user's separable objective,
// with K ranks simulated by K threads of this process exchanging through shared memory (the MPI
// runs of the same property are tests/mpi/check_bits.sh under ctest).
#include <gtest/gtest.h>

#include <barrier>
#include <cmath>
#include <random>
#include <thread>
#include <vector>

#include "optim/distributed/distributed_objective.hpp"
#include "optim/distributed/sample_blocks.hpp"
#include "optim/optim.hpp"

namespace optim {
namespace {

constexpr unsigned kDataSeed = 20261207;  // data of the problem (printed in failures)

// f(x) = (1/N) sum_i 1/2 (a_i^T x - b_i)^2 + (mu/2) ||x||^2: a mean plus a regulariser, as a
// network's loss with weight decay is.
class RidgeSamples final : public SeparableObjective<double> {
 public:
  RidgeSamples(Index samples, Index dim, double mu) : a_(samples, dim), b_(samples), mu_(mu) {
    std::mt19937_64 rng(kDataSeed);
    std::normal_distribution<double> normal;
    for (Index i = 0; i < samples; ++i) {
      for (Index j = 0; j < dim; ++j) a_(i, j) = normal(rng);
      b_[i] = normal(rng);
    }
  }
  Index dim() const override { return a_.cols(); }
  Index size() const override { return a_.rows(); }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    std::vector<Index> all(static_cast<std::size_t>(size()));
    for (Index i = 0; i < size(); ++i) all[std::size_t(i)] = i;
    return evaluate_batch(x, all, g);
  }
  double evaluate_batch(const Vec<double>& x, std::span<const Index> batch,
                        Vec<double>* g) override {
    double f = 0;
    if (g) g->setZero();
    for (Index i : batch) {
      const double r = a_.row(i).dot(x) - b_[i];
      f += 0.5 * r * r;
      if (g) *g += r * a_.row(i).transpose();
    }
    const double m = static_cast<double>(batch.size());
    if (g) *g = *g / m + mu_ * x;
    return f / m + 0.5 * mu_ * x.squaredNorm();
  }

 private:
  Mat<double> a_;
  Vec<double> b_;
  double mu_;
};

// K ranks as K threads: a gather writes each rank's values at its offset of one shared buffer,
// waits for all, and copies the whole buffer out; an exchange posts each rank's piece for rank q
// in box (sender, q) and each rank reads its boxes in sender order.
struct SharedGather {
  explicit SharedGather(int ranks)
      : ranks(ranks), sync(ranks), boxes(static_cast<std::size_t>(ranks * ranks)) {}
  int ranks;
  std::barrier<> sync;
  std::vector<double> buffer;
  std::vector<std::int64_t> ints;
  std::vector<std::vector<double>> boxes;
};

class ThreadCommunicator final : public Communicator {
 public:
  ThreadCommunicator(SharedGather& shared, int rank) : s_(shared), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return s_.ranks; }
  void allgatherv(const float*, std::span<const Index>, float*) override {
    throw std::logic_error("float gathers are not used here");
  }
  void allgatherv(const double* send, std::span<const Index> counts, double* recv) override {
    gather(send, counts, recv, s_.buffer);
  }
  void allgatherv(const std::int64_t* send, std::span<const Index> counts,
                  std::int64_t* recv) override {
    gather(send, counts, recv, s_.ints);
  }
  void alltoallv(const float*, std::span<const Index>, float*, std::span<const Index>) override {
    throw std::logic_error("float exchanges are not used here");
  }
  void alltoallv(const double* send, std::span<const Index> send_counts, double* recv,
                 std::span<const Index> recv_counts) override {
    const auto k = static_cast<std::size_t>(s_.ranks), me = static_cast<std::size_t>(rank_);
    for (std::size_t q = 0; q < k; ++q) {
      s_.boxes[me * k + q].assign(send, send + send_counts[q]);
      send += send_counts[q];
    }
    s_.sync.arrive_and_wait();
    for (std::size_t p = 0; p < k; ++p) {
      const std::vector<double>& box = s_.boxes[p * k + me];
      if (Index(box.size()) != recv_counts[p]) throw std::logic_error("exchange counts differ");
      recv = std::copy(box.begin(), box.end(), recv);
    }
    s_.sync.arrive_and_wait();  // nobody refills a box while another still reads it
  }
  std::string name() const override { return "threads"; }

 private:
  template <class T>
  void gather(const T* send, std::span<const Index> counts, T* recv, std::vector<T>& buf) {
    Index total = 0, at = 0;
    for (int r = 0; r < s_.ranks; ++r) {
      if (r < rank_) at += counts[std::size_t(r)];
      total += counts[std::size_t(r)];
    }
    if (rank_ == 0) buf.resize(std::size_t(total));
    s_.sync.arrive_and_wait();
    for (Index i = 0; i < counts[std::size_t(rank_)]; ++i) buf[std::size_t(at + i)] = send[i];
    s_.sync.arrive_and_wait();
    for (Index i = 0; i < total; ++i) recv[i] = buf[std::size_t(i)];
    s_.sync.arrive_and_wait();  // nobody resizes the buffer while another still reads it
  }
  SharedGather& s_;
  int rank_;
};

// The final point of `method` minimising the ridge objective on K simulated ranks; every rank's
// result is returned (they must agree).
std::vector<Vec<double>> run_ranks(int ranks, const std::string& method, const ParamSet& p,
                                   Index iters, BlockSizes blocks, Index dim = 4) {
  SharedGather shared(ranks);
  std::vector<Vec<double>> out(static_cast<std::size_t>(ranks));
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r) {
    threads.emplace_back([&, r] {
      RidgeSamples inner(50, dim, 0.01);  // each rank holds the whole data set
      DistributedSeparable<double> obj(inner, std::make_shared<ThreadCommunicator>(shared, r),
                                       blocks);
      auto m = make_method<double>(method, p);
      StopOptions stop;
      stop.gtol = 0;
      stop.max_iter = iters;
      out[std::size_t(r)] = minimize<double>(obj, Vec<double>::Zero(dim), *m, stop).x;
    });
  }
  for (auto& t : threads) t.join();
  return out;
}

TEST(SampleBlocks, FixedBlocksAndContiguousOwners) {
  const SampleBlocks b = sample_blocks(10, 4);  // 4, 4, 2
  EXPECT_EQ(b.count, 3);
  EXPECT_EQ(b.begin(2), 8);
  EXPECT_EQ(b.length(0), 4);
  EXPECT_EQ(b.length(2), 2);
  EXPECT_EQ(sample_blocks(8, 4).count, 2);  // an exact multiple has no empty block
  // 4 blocks over 3 ranks: floor(4 r / 3) = 0, 1, 2, 4 -> 1, 1, 2 blocks.
  EXPECT_EQ(first_block(4, 0, 3), 0);
  EXPECT_EQ(first_block(4, 1, 3), 1);
  EXPECT_EQ(first_block(4, 2, 3), 2);
  EXPECT_EQ(first_block(4, 3, 3), 4);
  EXPECT_EQ(owned_blocks(4, 0, 3), 1);
  EXPECT_EQ(owned_blocks(4, 2, 3), 2);
  // More ranks than blocks: some own none, every block has one owner.
  EXPECT_EQ(first_block(2, 1, 3), 0);
  EXPECT_EQ(first_block(2, 2, 3), 1);
  EXPECT_EQ(first_block(2, 3, 3), 2);
}

// sum_j (|B_j|/|B|) (mean_j + R) = mean_B + R: the combination is the batch's mean plus the
// regulariser, up to the rounding of the weighted sum (a few ulps of values of order 1: 1e-13).
TEST(DistributedSeparable, CombinationIsTheBatchMean) {
  RidgeSamples inner(50, 4, 0.01);
  DistributedSeparable<double> obj(inner, nullptr, {8, 16});  // 23 samples: 8, 8, 7
  const Vec<double> x = Vec<double>::LinSpaced(4, -1, 2);
  std::vector<Index> batch;
  for (Index i = 0; i < 23; ++i) batch.push_back((7 * i) % 50);
  Vec<double> g(4), g_ref(4);
  const double f = obj.evaluate_batch(x, batch, &g);
  const double f_ref = inner.evaluate_batch(x, batch, &g_ref);
  EXPECT_NEAR(f, f_ref, 1e-13 * std::abs(f_ref));
  EXPECT_LT((g - g_ref).norm(), 1e-13 * g_ref.norm());
  // The full set in blocks of 16 (16, 16, 16, 2) against the plain full mean.
  const double full = obj.evaluate(x, &g);
  const double full_ref = inner.evaluate(x, &g_ref);
  EXPECT_NEAR(full, full_ref, 1e-13 * std::abs(full_ref));
  EXPECT_LT((g - g_ref).norm(), 1e-13 * g_ref.norm());
  // Value only: the same value as with the gradient.
  EXPECT_EQ(obj.evaluate(x, nullptr), full);
}

TEST(DistributedSeparable, AdamMinibatchGivesTheSameBitsOnOneTwoAndThreeRanks) {
  // Batch 20 in blocks of 8: 8, 8, 4 (3 ranks own one each, 2 ranks own 1 and 2).
  const ParamSet p{{"lr", "0.05"}, {"batch_size", "20"}, {"seed", "3"}};
  const auto one = run_ranks(1, "adam", p, 60, {8, 16});
  for (int k : {2, 3}) {
    const auto many = run_ranks(k, "adam", p, 60, {8, 16});
    for (int r = 0; r < k; ++r) {
      for (Index j = 0; j < 4; ++j)
        EXPECT_EQ(many[std::size_t(r)][j], one[0][j]) << "K=" << k << " rank " << r;
    }
  }
}

TEST(DistributedSeparable, FullBatchLbfgsGivesTheSameBitsOnOneTwoAndThreeRanks) {
  const auto one = run_ranks(1, "lbfgs", {}, 30, {8, 16});  // 50 samples: 16, 16, 16, 2
  for (int k : {2, 3}) {
    const auto many = run_ranks(k, "lbfgs", {}, 30, {8, 16});
    for (int r = 0; r < k; ++r) {
      for (Index j = 0; j < 4; ++j)
        EXPECT_EQ(many[std::size_t(r)][j], one[0][j]) << "K=" << k << " rank " << r;
    }
  }
}

TEST(DistributedSeparable, RefusesEmptyBatchesAndBadBlockSizes) {
  RidgeSamples inner(10, 2, 0);
  EXPECT_THROW(DistributedSeparable<double>(inner, nullptr, {0, 16}), std::invalid_argument);
  DistributedSeparable<double> obj(inner, nullptr);
  EXPECT_THROW(obj.evaluate_batch(Vec<double>::Zero(2), {}, nullptr), std::invalid_argument);
}

// The gradient is summed in segments, one per rank (floor(dim q / K) boundaries): with more ranks
// than coordinates some segments are empty, and with more ranks than blocks some ranks own no
// block; the bits are still those of one process.
TEST(DistributedSeparable, EmptySegmentsAndRanksWithoutBlocksKeepTheBits) {
  const auto one = run_ranks(1, "lbfgs", {}, 20, {8, 16}, 2);  // 50 samples: 4 blocks of <= 16
  for (int k : {3, 5}) {
    const auto many = run_ranks(k, "lbfgs", {}, 20, {8, 16}, 2);
    for (int r = 0; r < k; ++r) {
      for (Index j = 0; j < 2; ++j)
        EXPECT_EQ(many[std::size_t(r)][j], one[0][j]) << "K=" << k << " rank " << r;
    }
  }
}

}  // namespace
}  // namespace optim
