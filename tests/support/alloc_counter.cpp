// The malloc family is replaced the glibc way: the executable defines the functions and forwards
// to glibc's __libc_* entry points; operator new/delete forward to the same.
#include "support/alloc_counter.hpp"

#include <malloc.h>  // malloc_usable_size

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
// PeakHeapBytes: the heap's growth since the meter started and its maximum.
std::atomic<bool> g_metering{false};
std::atomic<long> g_live{0}, g_peak{0};
inline void meter(void* p, long sign) {
  if (p == nullptr || !g_metering.load(std::memory_order_relaxed)) return;
  const long now = g_live.fetch_add(sign * static_cast<long>(malloc_usable_size(p))) +
                   sign * static_cast<long>(malloc_usable_size(p));
  long seen = g_peak.load();
  while (now > seen && !g_peak.compare_exchange_weak(seen, now)) {
  }
}
inline void* grown(void* p) {
  meter(p, +1);
  return p;
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
PeakHeapBytes::PeakHeapBytes() {
  g_live = 0;
  g_peak = 0;
  g_metering = true;
}
PeakHeapBytes::~PeakHeapBytes() {
  g_metering = false;
}
long PeakHeapBytes::peak() const {
  return g_peak.load();
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
  return grown(__libc_malloc(n));
}
void* calloc(size_t n, size_t m) {
  tick();
  return grown(__libc_calloc(n, m));
}
void* realloc(void* p, size_t n) {
  tick();
  meter(p, -1);  // the old block (a shrink in place counts as its new, smaller size)
  return grown(__libc_realloc(p, n));
}
void free(void* p) {
  meter(p, -1);
  __libc_free(p);
}
void* memalign(size_t a, size_t n) {
  tick();
  return grown(__libc_memalign(a, n));
}
void* aligned_alloc(size_t a, size_t n) {
  tick();
  return grown(__libc_memalign(a, n));
}
int posix_memalign(void** out, size_t a, size_t n) {
  tick();
  void* p = grown(__libc_memalign(a, n));
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
}  // extern "C"

void* operator new(std::size_t n) {
  tick();
  void* p = grown(__libc_malloc(n == 0 ? 1 : n));
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](std::size_t n) {
  return operator new(n);
}
void operator delete(void* p) noexcept {
  free(p);
}
void operator delete[](void* p) noexcept {
  free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  free(p);
}
#endif
