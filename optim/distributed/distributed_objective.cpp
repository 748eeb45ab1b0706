#include "optim/distributed/distributed_objective.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "optim/distributed/sample_blocks.hpp"
#include "optim/params.hpp"

namespace optim {

template <class S>
DistributedSeparable<S>::DistributedSeparable(SeparableObjective<S>& inner,
                                              std::shared_ptr<Communicator> comm, BlockSizes blocks)
    : inner_(inner),
      comm_(comm ? std::move(comm) : std::make_shared<SelfCommunicator>()),
      blocks_(blocks) {
  if (blocks_.batch < 1) throw_out_of_range("block size of a batch", double(blocks_.batch), ">= 1");
  if (blocks_.full < 1)
    throw_out_of_range("block size of the full set", double(blocks_.full), ">= 1");
  all_.resize(static_cast<std::size_t>(inner_.size()));
  std::iota(all_.begin(), all_.end(), Index(0));
  const auto ranks = static_cast<std::size_t>(comm_->size());
  counts_.resize(ranks);
  send_counts_.resize(ranks);
  recv_counts_.resize(ranks);
  segment_counts_.resize(ranks);
}

template <class S>
S DistributedSeparable<S>::evaluate(const Vec<S>& x, Vec<S>* grad) {
  return blocked(x, all_, blocks_.full, grad, true);
}

template <class S>
S DistributedSeparable<S>::evaluate_batch(const Vec<S>& x, std::span<const Index> batch,
                                          Vec<S>* grad) {
  return blocked(x, batch, blocks_.batch, grad, false);
}

template <class S>
S DistributedSeparable<S>::evaluate_exact(const Vec<S>& x, std::span<const Index> batch,
                                          Vec<S>* grad) {
  return blocked(x, batch, blocks_.batch, grad, true);
}

template <class S>
S DistributedSeparable<S>::blocked(const Vec<S>& x, std::span<const Index> samples, Index block,
                                   Vec<S>* grad, bool exact) {
  const Index n = static_cast<Index>(samples.size());
  if (n == 0) throw std::invalid_argument("distributed evaluation of an empty batch");
  const SampleBlocks sb = sample_blocks(n, block);
  const int ranks = comm_->size(), rank = comm_->rank();
  const Index dim = inner_.dim();
  const Index lo = first_block(sb.count, rank, ranks), hi = first_block(sb.count, rank + 1, ranks);
  // Grown once to the largest batch: no allocation in the iterations that follow.
  if (Index(values_.size()) < sb.count) values_.resize(std::size_t(sb.count));
  const Index own = ranks > 1 ? hi - lo : sb.count;  // one process: lo = 0, hi = sb.count
  if (grad != nullptr && Index(grads_.size()) < own) grads_.resize(std::size_t(own), Vec<S>(dim));
  // This rank's blocks, each gradient evaluated into its own vector.
  for (Index j = lo; j < hi; ++j) {
    const auto part = samples.subspan(static_cast<std::size_t>(sb.begin(j)),
                                      static_cast<std::size_t>(sb.length(j)));
    Vec<S>* g = grad != nullptr ? &grads_[std::size_t(j - lo)] : nullptr;
    values_[std::size_t(j)] =
        exact ? inner_.evaluate_exact(x, part, g) : inner_.evaluate_batch(x, part, g);
  }
  const auto weight = [&](Index j) { return static_cast<S>(double(sb.length(j)) / double(n)); };
  const S* vals = values_.data();
  if (ranks > 1) {
    const auto t0 = std::chrono::steady_clock::now();
    exchange(sb, lo, hi, dim, grad != nullptr);
    comm_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ++gathers_;
    vals = all_values_.data();
  }
  // The fixed-order combination, the same on every rank and for every K: block j's value and
  // gradient are the same numbers whether this rank computed them or received them.
  double value = 0;
  for (Index j = 0; j < sb.count; ++j) value += double(weight(j)) * double(vals[j]);
  if (grad == nullptr) return static_cast<S>(value);
  grad->resize(dim);
  if (ranks == 1) {
    combine(grad->data(), dim, sb.count, weight,
            [&](Index j) { return grads_[std::size_t(j)].data(); });
    return static_cast<S>(value);
  }
  // This rank's segment of g from every block's piece of it, then the segments gathered.
  const Index seg = owned_blocks(dim, rank, ranks);
  combine(segment_.data(), seg, sb.count, weight, [&](Index j) { return recv_.data() + j * seg; });
  const auto t1 = std::chrono::steady_clock::now();
  comm_->allgatherv(segment_.data(), segment_counts_, grad->data());
  comm_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  return static_cast<S>(value);
}

template <class S>
void DistributedSeparable<S>::exchange(const SampleBlocks& sb, Index lo, Index hi, Index dim,
                                       bool with_grad) {
  const int ranks = comm_->size(), rank = comm_->rank();
  // Grown once to the largest batch: no allocation in the iterations that follow.
  if (Index(all_values_.size()) < sb.count) all_values_.resize(std::size_t(sb.count));
  for (int r = 0; r < ranks; ++r) {
    counts_[std::size_t(r)] = owned_blocks(sb.count, r, ranks);
  }
  comm_->allgatherv(values_.data() + lo, counts_, all_values_.data());
  if (!with_grad) return;
  // Rank q receives segment q of every block's gradient: the pieces for q, block by block, are
  // the q-th part of the send buffer; what arrives is every block's piece of this rank's segment
  // in block order (the ranks own consecutive runs of blocks). A rank with one block (the
  // minibatch case) sends from its gradient itself: its segments already lie in rank order.
  const Index own = hi - lo;
  const Index seg = owned_blocks(dim, rank, ranks);
  const Index packed = own > 1 ? own * dim : 1;  // a single block is sent from its gradient
  if (send_.size() < packed) send_.resize(packed);
  if (recv_.size() < std::max<Index>(1, sb.count * seg))
    recv_.resize(std::max<Index>(1, sb.count * seg));
  if (segment_.size() < std::max<Index>(1, seg)) segment_.resize(std::max<Index>(1, seg));
  S* out = send_.data();
  for (int q = 0; q < ranks; ++q) {
    const Index b = first_block(dim, q, ranks), len = owned_blocks(dim, q, ranks);
    for (Index j = 0; own > 1 && j < own; ++j) {
      const S* g = grads_[std::size_t(j)].data() + b;
      std::copy(g, g + len, out);
      out += len;
    }
    send_counts_[std::size_t(q)] = own * len;
    recv_counts_[std::size_t(q)] = counts_[std::size_t(q)] * seg;
    segment_counts_[std::size_t(q)] = len;
  }
  const S* send = own == 1 ? grads_[0].data() : send_.data();
  comm_->alltoallv(send, send_counts_, recv_.data(), recv_counts_);
}

template <class S>
template <class Weight, class Block>
void DistributedSeparable<S>::combine(S* out, Index len, Index blocks, Weight weight, Block block) {
  // out = sum_j w_j block_j, each coordinate's terms added in block order (j = 0, 1, ...), a
  // tile at a time so that the tile stays in the L1 cache while the blocks' pieces stream by.
  // Element by element, so a segment's sums are those of the whole vector's.
  constexpr Index kTile = 2048;
  for (Index i0 = 0; i0 < len; i0 += kTile) {
    const Index tile = std::min(len, i0 + kTile) - i0;
    S* __restrict o = out + i0;
    for (Index j = 0; j < blocks; ++j) {
      const S w = weight(j);
      const S* __restrict bj = block(j) + i0;
      if (j == 0) {
        for (Index i = 0; i < tile; ++i) o[i] = w * bj[i];
      } else {
        for (Index i = 0; i < tile; ++i) o[i] += w * bj[i];
      }
    }
  }
}

template class DistributedSeparable<float>;
template class DistributedSeparable<double>;

}  // namespace optim
