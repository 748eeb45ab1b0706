#include "optim/parallel/thread_pool.hpp"

#include "optim/parallel/worker_team.hpp"

namespace optim {

Chunking chunking(Index n, Index grain) {
  constexpr Index kMaxChunks = 64;
  Chunking c;
  if (n <= 0) return c;
  grain = std::max<Index>(grain, 1);
  c.size = std::max(grain, (n + kMaxChunks - 1) / kMaxChunks);
  c.chunks = (n + c.size - 1) / c.size;
  return c;
}

namespace detail {
void run_chunks(Index chunks, ChunkFn fn, void* ctx) {
  if (chunks <= 0) return;
  WorkerTeam* team = chunks > 1 ? current_team() : nullptr;
  if (team == nullptr) {  // one thread, or one chunk
    for (Index c = 0; c < chunks; ++c) fn(ctx, c);
    return;
  }
  team->run(chunks, fn, ctx);
}
}  // namespace detail

}  // namespace optim
