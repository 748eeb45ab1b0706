#pragma once
// The data-parallel passes (network products, element-wise kernels, update rules), run on the
// threads of the current run context (optim/run_context.hpp: ContextScope).
//
// Work is cut into a fixed list of chunks chosen by the caller from the problem's shape alone,
// never from the thread count; each chunk is run by exactly one thread, and a chunk's result does
// not depend on which thread ran it. Results are therefore bit-identical for any thread count
// (tests/optim/test_thread_pool.cpp, tests/nn/test_gemm.cpp). How the threads share the chunks:
// optim/parallel/worker_team.hpp.
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "optim/types.hpp"

namespace optim {

namespace detail {
using ChunkFn = void (*)(void* ctx, Index chunk);
void run_chunks(Index chunks, ChunkFn fn, void* ctx);
}  // namespace detail

// Runs body(c) for every chunk c in [0, chunks) on the current context's threads and returns
// when all are done. The body must not throw (std::terminate). Called from inside a body
// (nested), with one thread (no scope open) or with one chunk, it runs the chunks in order on the
// calling thread.
template <class Body>
void parallel_chunks(Index chunks, Body&& body) {
  using B = std::remove_reference_t<Body>;
  detail::run_chunks(
      chunks, [](void* ctx, Index c) noexcept { (*static_cast<B*>(ctx))(c); },
      const_cast<void*>(static_cast<const void*>(&body)));
}

// Fixed partition of [0, n) into chunks of at least `grain` elements (and at most 64 chunks);
// the partition depends on n and grain only.
struct Chunking {
  Index chunks = 1;
  Index size = 0;
};
Chunking chunking(Index n, Index grain);

// Grain of the element-wise passes over parameter vectors (update rules): below 2^15 elements
// (~32-64 µs of work per chunk) the hand-off to another thread costs more than it saves.
inline constexpr Index kElementwiseGrain = Index(1) << 15;

// body(begin, end, args...) over the chunks of chunking(n, grain): for element-wise passes over
// long vectors (update rules). The scalars a kernel reads belong in `args`, which reach the body
// by value: a captured float could be aliased by the kernel's stores, and g++ then does not
// vectorise the loop (measured: Adam 3x slower).
template <class Body, class... Args>
void parallel_range(Index n, Index grain, Body&& body, const Args&... args) {
  const Chunking c = chunking(n, grain);
  if (c.chunks <= 1) {
    if (n > 0) body(Index(0), n, args...);
    return;
  }
  parallel_chunks(c.chunks, [&](Index i) {
    const Index begin = i * c.size;
    body(begin, std::min(n, begin + c.size), args...);
  });
}

}  // namespace optim
