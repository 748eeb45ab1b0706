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
  counts_.resize(static_cast<std::size_t>(comm_->size()));
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
  // The records (value, gradient) of every block on every rank, in block order.
  const S* gathered = nullptr;
  const Index stride = grad != nullptr ? dim + 1 : 1;
  if (ranks > 1) {
    if (recv_.size() < sb.count * stride) recv_.resize(sb.count * stride);
    if (send_.size() < (hi - lo) * stride) send_.resize(std::max(hi - lo, Index(1)) * stride);
    for (int r = 0; r < ranks; ++r) {
      counts_[std::size_t(r)] =
          (first_block(sb.count, r + 1, ranks) - first_block(sb.count, r, ranks)) * stride;
    }
    for (Index j = lo; j < hi; ++j) {
      S* rec = send_.data() + (j - lo) * stride;
      rec[0] = values_[std::size_t(j)];
      if (grad != nullptr) Eigen::Map<Vec<S>>(rec + 1, dim) = grads_[std::size_t(j - lo)];
    }
    const auto t0 = std::chrono::steady_clock::now();
    comm_->allgatherv(send_.data(), counts_, recv_.data());
    comm_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ++gathers_;
    gathered = recv_.data();
  }
  // The fixed-order combination, the same on every rank and for every K: block j's value and
  // gradient are the same numbers whether this rank computed them or received them.
  const auto block_value = [&](Index j) {
    return gathered != nullptr ? gathered[j * stride] : values_[std::size_t(j)];
  };
  const auto block_grad = [&](Index j) {
    return gathered != nullptr ? gathered + j * stride + 1 : grads_[std::size_t(j)].data();
  };
  double value = 0;
  for (Index j = 0; j < sb.count; ++j) {
    value += double(static_cast<S>(double(sb.length(j)) / double(n))) * double(block_value(j));
  }
  if (grad != nullptr) {
    // g = sum_j w_j g_j, each coordinate's terms added in block order (j = 0, 1, ...), a tile of g
    // at a time so that the tile stays in the L1 cache while the blocks' pieces stream by: one
    // write of g instead of one read and write per block.
    constexpr Index kTile = 2048;
    grad->resize(dim);
    S* __restrict out = grad->data();
    for (Index i0 = 0; i0 < dim; i0 += kTile) {
      const Index len = std::min(dim, i0 + kTile) - i0;
      for (Index j = 0; j < sb.count; ++j) {
        const S w = static_cast<S>(double(sb.length(j)) / double(n));
        const S* __restrict gj = block_grad(j) + i0;
        S* __restrict o = out + i0;
        if (j == 0) {
          for (Index i = 0; i < len; ++i) o[i] = w * gj[i];
        } else {
          for (Index i = 0; i < len; ++i) o[i] += w * gj[i];
        }
      }
    }
  }
  return static_cast<S>(value);
}

template class DistributedSeparable<float>;
template class DistributedSeparable<double>;

}  // namespace optim
