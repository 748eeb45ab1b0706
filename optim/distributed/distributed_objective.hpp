#pragma once
// A separable objective evaluated by K processes (data parallelism), with the same bits for every
// K: the wrapper of any optim::SeparableObjective, so that `minimize` over it scales any
// user's separable objective, not only networks.
//
// A batch (a minibatch, one sample, or the full set) is cut into fixed blocks of samples
// (sample_blocks.hpp: boundaries from the batch size alone). Each rank evaluates the inner
// objective's mean over the blocks it owns, and the blocks are combined in block order:
//   f_B = sum_j (|B_j| / |B|) f_{B_j},   g_B = sum_j (|B_j| / |B|) g_{B_j}   (j = 0, 1, ...)
// which is the mean over B for a mean-plus-regulariser objective (the weights sum to 1). The
// values are gathered on every rank. The gradient is cut into K segments: rank q receives every
// block's piece of segment q (Communicator::alltoallv), adds them in block order, and the summed
// segments are gathered (allgatherv). Each coordinate's sum is the same whatever the segments,
// and a rank moves 2 (K-1)/K of a gradient (plus its blocks' pieces), a ring allreduce's volume,
// instead of every block's gradient. The
// blocks, their evaluation and the order of the sum are the same for every K, so the result is
// bit-identical for K = 1, 2, 3, ... (and, through the thread pool's shape-fixed chunks, for any
// thread count of each rank). Every rank then holds the same f and g, and a method applies the
// same update to the same state: no broadcast of parameters is needed, and every rank's state
// (parameters, moments, line-search memory, checkpoints) stays identical bit for bit.
//
// The per-block evaluations are ordinary calls of the inner objective: evaluate_batch for
// batches, evaluate_exact for the full set (evaluate()). Requirements on the inner objective:
// its evaluations are deterministic functions of (x, samples) (training-time noise such as
// dropout draws from one engine per process and is refused by the network trainer under K > 1),
// and it is the same on every rank (every rank holds the whole data set).
#include <chrono>
#include <memory>
#include <vector>

#include "optim/distributed/communicator.hpp"
#include "optim/distributed/sample_blocks.hpp"
#include "optim/objective.hpp"

namespace optim {

struct BlockSizes {
  Index batch = 32;   // samples per block of a minibatch (evaluate_batch)
  Index full = 1024;  // samples per block of the full set (evaluate)
};

template <class S>
class DistributedSeparable final : public SeparableObjective<S> {
 public:
  // Keeps a reference to inner (which must outlive the wrapper). A null communicator is one
  // process (SelfCommunicator). Throws std::invalid_argument for block sizes < 1.
  DistributedSeparable(SeparableObjective<S>& inner, std::shared_ptr<Communicator> comm,
                       BlockSizes blocks = {});

  Index dim() const override { return inner_.dim(); }
  Index size() const override { return inner_.size(); }
  // The full set [0, size()) in blocks of blocks.full, each by inner.evaluate_exact.
  S evaluate(const Vec<S>& x, Vec<S>* grad) override;
  // The batch in blocks of blocks.batch, each by inner.evaluate_batch.
  S evaluate_batch(const Vec<S>& x, std::span<const Index> batch, Vec<S>* grad) override;
  S evaluate_exact(const Vec<S>& x, std::span<const Index> batch, Vec<S>* grad) override;

  Communicator& communicator() { return *comm_; }
  const BlockSizes& blocks() const { return blocks_; }
  // Wall time spent in the collectives (gathers and exchanges) since construction, and the
  // number of evaluations that used them.
  double communication_seconds() const { return comm_seconds_; }
  Index gathers() const { return gathers_; }

 private:
  S blocked(const Vec<S>& x, std::span<const Index> samples, Index block, Vec<S>* grad, bool exact);
  // The collectives of one evaluation under K > 1: every block's value into all_values_, and
  // every block's piece of this rank's gradient segment into recv_ (block-major).
  void exchange(const SampleBlocks& sb, Index lo, Index hi, Index dim, bool with_grad);
  template <class Weight, class Block>
  static void combine(S* out, Index len, Index blocks, Weight weight, Block block);

  SeparableObjective<S>& inner_;
  std::shared_ptr<Communicator> comm_;
  BlockSizes blocks_;
  std::vector<Index> all_;     // 0, 1, ..., size() - 1: the full set as a batch
  std::vector<S> values_;      // the block values this rank computed, at their block index
  std::vector<S> all_values_;  // every block's value (K > 1)
  std::vector<Vec<S>> grads_;  // this rank's block gradients, one vector each
  Vec<S> send_, recv_;         // the gradient pieces sent and received (K > 1)
  Vec<S> segment_;             // this rank's summed segment of the gradient (K > 1)
  std::vector<Index> counts_;  // blocks each rank owns
  std::vector<Index> send_counts_, recv_counts_, segment_counts_;
  double comm_seconds_ = 0;
  Index gathers_ = 0;
};

extern template class DistributedSeparable<float>;
extern template class DistributedSeparable<double>;

}  // namespace optim
