// No heap allocation per batch evaluation after the first (DESIGN.md "Numbers and speed"): the
// network's workspace is sized for the largest batch once. A counting allocator sits on both heap
// doors — global operator new and the malloc family, which Eigen uses — replaced for this test
// executable by forwarding to glibc's __libc_* entry points.
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <new>
#include <numeric>
#include <vector>

#include "nn/mlp_objective.hpp"
#include "nn/synthetic.hpp"

namespace {
std::atomic<bool> g_on{false};
std::atomic<long> g_count{0};
inline void tick() {
  if (g_on.load(std::memory_order_relaxed)) g_count.fetch_add(1);
}
}  // namespace

// AddressSanitizer owns malloc/operator new itself; a second interposer forwarding to glibc
// would clash with it, so under ASan the counter steps aside and the counting tests skip.
#if defined(__SANITIZE_ADDRESS__)
#define OPTIM_ALLOC_COUNTING 0
#else
#define OPTIM_ALLOC_COUNTING 1
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);
void* malloc(size_t n) {
  tick();
  return __libc_malloc(n);
}
void* calloc(size_t n, size_t m) {
  tick();
  return __libc_calloc(n, m);
}
void* realloc(void* p, size_t n) {
  tick();
  return __libc_realloc(p, n);
}
void free(void* p) {
  __libc_free(p);
}
void* memalign(size_t a, size_t n) {
  tick();
  return __libc_memalign(a, n);
}
void* aligned_alloc(size_t a, size_t n) {
  tick();
  return __libc_memalign(a, n);
}
int posix_memalign(void** out, size_t a, size_t n) {
  tick();
  void* p = __libc_memalign(a, n);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
}  // extern "C"

void* operator new(std::size_t n) {
  tick();
  void* p = __libc_malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](std::size_t n) {
  return operator new(n);
}
void operator delete(void* p) noexcept {
  __libc_free(p);
}
void operator delete[](void* p) noexcept {
  __libc_free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  __libc_free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  __libc_free(p);
}
#endif  // !__SANITIZE_ADDRESS__

#if OPTIM_ALLOC_COUNTING
#define OPTIM_REQUIRE_ALLOC_COUNTING() (void)0
#else
#define OPTIM_REQUIRE_ALLOC_COUNTING() \
  GTEST_SKIP() << "allocation counting is disabled under AddressSanitizer"
#endif

namespace optim::nn {
namespace {

struct Counting {
  Counting() {
    g_count = 0;
    g_on = true;
  }
  ~Counting() { g_on = false; }
  long n() const { return g_count.load(); }
};

TEST(NoAlloc, CounterSeesEigenAllocations) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  long seen = 0;
  {
    Counting c;
    Vec<float> v(1000);
    v.setZero();
    seen = c.n();
  }
  EXPECT_GE(seen, 1);
}

TEST(NoAlloc, BatchEvaluationsAfterTheFirstDoNotAllocate) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  // The MNIST shape 784-128-10 in float, batch 64, with and without dropout; random inputs
  // (seed 1) stand in for images.
  for (double keep : {1.0, 0.8}) {
    NetworkSpec s{{784, 128, 10}};
    Network<float> net(s);
    net.set_dropout(keep, keep, 1);
    Dataset<float> d;
    d.name = "random";
    d.classes = 10;
    d.x = Mat<float>::Random(784, 256);
    for (int j = 0; j < 256; ++j) d.labels.push_back(j % 10);
    MlpObjective<float> obj(net, d, 1e-4);
    Vec<float> x, g(net.num_params());
    net.init_params(x, 1);
    std::vector<Index> batch(64);
    std::iota(batch.begin(), batch.end(), Index{0});
    obj.evaluate_batch(x, batch, &g);  // first call: sizes the workspace
    obj.evaluate(x, &g);
    long count = 0;
    {
      Counting c;
      for (int r = 0; r < 10; ++r) {
        std::iota(batch.begin(), batch.end(), Index{r * 16});
        obj.evaluate_batch(x, batch, &g);
        obj.evaluate_batch(x, batch, nullptr);
      }
      obj.evaluate(x, &g);
      count = c.n();
    }
    EXPECT_EQ(count, 0) << "keep " << keep;
  }
}

}  // namespace
}  // namespace optim::nn
