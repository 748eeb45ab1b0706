// The malloc family is replaced the glibc way: the executable defines the functions and forwards
// to glibc's __libc_* entry points; operator new/delete forward to the same.
#include "support/alloc_counter.hpp"

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <new>

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
inline void tick() {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
}
}  // namespace

namespace optim::testing {
AllocationCounter::AllocationCounter() {
  g_allocations = 0;
  g_counting = true;
}
AllocationCounter::~AllocationCounter() {
  g_counting = false;
}
long AllocationCounter::count() const {
  return g_allocations.load();
}
}  // namespace optim::testing

#if defined(__SANITIZE_ADDRESS__)
bool optim::testing::allocation_counting_available() {
  return false;
}
#else
bool optim::testing::allocation_counting_available() {
  return true;
}

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
#endif
