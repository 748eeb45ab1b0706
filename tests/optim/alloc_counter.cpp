// The allocation counter of test_optim (see alloc_counter.hpp). It interposes the C allocator
// (forwarding to glibc's __libc_* entry points) rather than operator new, because Eigen allocates
// its dynamic vectors and matrices with malloc directly; operator new ends in malloc too, so both
// are counted.
#include "alloc_counter.hpp"

#include <atomic>
#include <cerrno>
#include <cstddef>

extern "C" {
void* __libc_malloc(std::size_t);
void __libc_free(void*);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
}

namespace {
std::atomic<int> g_armed{0};
std::atomic<long> g_count{0};
inline void note() {
  if (g_armed.load(std::memory_order_relaxed) > 0) g_count.fetch_add(1);
}
}  // namespace

extern "C" {
void* malloc(std::size_t n) {
  note();
  return __libc_malloc(n);
}
void free(void* p) {
  __libc_free(p);
}
void* calloc(std::size_t a, std::size_t b) {
  note();
  return __libc_calloc(a, b);
}
void* realloc(void* p, std::size_t n) {
  note();
  return __libc_realloc(p, n);
}
void* memalign(std::size_t al, std::size_t n) {
  note();
  return __libc_memalign(al, n);
}
void* aligned_alloc(std::size_t al, std::size_t n) {
  note();
  return __libc_memalign(al, n);
}
int posix_memalign(void** out, std::size_t al, std::size_t n) {
  note();
  void* p = __libc_memalign(al, n);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
}

namespace optim::testing {

AllocationProbe::AllocationProbe() : start_(g_count.load()) {
  g_armed.fetch_add(1);
}
AllocationProbe::~AllocationProbe() {
  g_armed.fetch_sub(1);
}
long AllocationProbe::count() const {
  return g_count.load() - start_;
}

}  // namespace optim::testing
