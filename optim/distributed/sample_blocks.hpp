#pragma once
// The fixed blocks of samples a data-parallel sum is made of. A batch of n samples is cut into
// blocks of `block` consecutive positions (the last one shorter), a partition that depends on n
// and the block size only, never on the number of ranks or threads; rank r of K owns the
// contiguous run of blocks [first_block(blocks, r, K), first_block(blocks, r + 1, K)), so that
// the gathered blocks arrive in block order.
#include <algorithm>

#include "optim/types.hpp"

namespace optim {

struct SampleBlocks {
  Index count = 0;  // number of blocks
  Index size = 1;   // samples per block (the last block holds the rest)
  Index total = 0;  // n
  Index begin(Index j) const { return j * size; }
  Index length(Index j) const { return std::min(size, total - j * size); }
};

inline SampleBlocks sample_blocks(Index n, Index block) {
  SampleBlocks s;
  s.size = std::max<Index>(block, 1);
  s.total = n;
  s.count = (n + s.size - 1) / s.size;
  return s;
}

// The first block of rank r among `ranks` (r == ranks gives `blocks`): an even split, the larger
// shares last.
inline Index first_block(Index blocks, int rank, int ranks) {
  return blocks * Index(rank) / Index(ranks);
}
// How many of the blocks rank r owns. The same even split cuts a gradient into the ranks'
// segments (blocks = its length).
inline Index owned_blocks(Index blocks, int rank, int ranks) {
  return first_block(blocks, rank + 1, ranks) - first_block(blocks, rank, ranks);
}

}  // namespace optim
