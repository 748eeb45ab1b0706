// No heap allocation inside the iteration loop (DESIGN.md "Numbers and speed"): every first-order
// method (each rule, with schedules, in full-batch and minibatch mode, float and double) is
// started once, then MethodState::step is called in a loop while a counting allocator watches.
//
// The counter sits on both doors to the heap: the global operator new (std::vector, std::string,
// std::function, make_unique) and malloc/calloc/realloc/aligned allocation, because Eigen's
// dynamic matrices allocate with std::malloc, not operator new. The malloc family is replaced the
// glibc way (the executable defines them and forwards to glibc's __libc_* entry points); a first
// test proves that the counter sees both an Eigen vector and a std::vector.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <span>
#include <string>
#include <vector>

#include "optim/optim.hpp"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
inline void count() {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
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
  count();
  return __libc_malloc(n);
}
void* calloc(size_t n, size_t m) {
  count();
  return __libc_calloc(n, m);
}
void* realloc(void* p, size_t n) {
  count();
  return __libc_realloc(p, n);
}
void free(void* p) {
  __libc_free(p);
}
void* memalign(size_t a, size_t n) {
  count();
  return __libc_memalign(a, n);
}
void* aligned_alloc(size_t a, size_t n) {
  count();
  return __libc_memalign(a, n);
}
int posix_memalign(void** out, size_t a, size_t n) {
  count();
  void* p = __libc_memalign(a, n);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
}  // extern "C"

void* operator new(std::size_t n) {
  count();
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

namespace optim {
namespace {

class CountScope {
 public:
  CountScope() {
    g_allocations = 0;
    g_counting = true;
  }
  ~CountScope() { g_counting = false; }
  long count() const { return g_allocations.load(); }
};

TEST(NoAlloc, TheCounterSeesEigenAndStdAllocations) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  long eigen = 0, std_vec = 0;
  {
    CountScope c;
    Vec<double> v(1000);
    v.setZero();
    eigen = c.count();
  }
  {
    CountScope c;
    std::vector<int> w(1000);
    std_vec = c.count();
  }
  EXPECT_GE(eigen, 1);
  EXPECT_GE(std_vec, 1);
}

// f = (1/N) sum_i 1/2 |x - c_i|^2 with c_i = i (1, ..., 1) / N: separable, allocation-free.
template <class S>
class MeanSquares : public SeparableObjective<S> {
 public:
  explicit MeanSquares(Index n) : n_(n) {}
  Index dim() const override { return n_; }
  Index size() const override { return 16; }
  S evaluate(const Vec<S>& x, Vec<S>* g) override {
    Index all[16];
    for (Index i = 0; i < 16; ++i) all[i] = i;
    return evaluate_batch(x, std::span<const Index>(all, 16), g);
  }
  S evaluate_batch(const Vec<S>& x, std::span<const Index> batch, Vec<S>* g) override {
    S f = 0;
    if (g) g->setZero();
    for (Index i : batch) {
      const S c = static_cast<S>(i) / S(16);
      f += S(0.5) * (x.array() - c).square().sum();
      if (g) g->array() += x.array() - c;
    }
    const S m = static_cast<S>(batch.size());
    if (g) *g /= m;
    return f / m;
  }

 private:
  Index n_;
};

template <class S>
long allocations_in_steps(const std::string& method, const ParamSet& params) {
  const Index n = 64;
  MeanSquares<S> obj(n);
  auto m = make_method<S>(method, params);
  Evaluator<S> eval(obj);
  Iterate<S> cur, next;
  cur.resize(n);
  next.resize(n);
  cur.x.setOnes();
  auto state = m->start(eval, cur);
  cur.f = eval.value_gradient(cur.x, cur.g);
  CountScope c;
  for (int k = 0; k < 50; ++k) {
    const StepReport rep = state->step(eval, cur, next);
    if (rep.status != Status::Running) return -1;
    state->accepted(cur, next);
    cur.x.swap(next.x);
    cur.g.swap(next.g);
    std::swap(cur.f, next.f);
  }
  return c.count();
}

TEST(NoAlloc, FirstOrderStepsDoNotAllocate) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  const std::vector<ParamSet> settings = {
      {},
      {{"batch_size", "4"}, {"seed", "5"}},
      {{"batch_size", "1"}, {"schedule", "cosine_restarts"}, {"restart_period", "7"}},
      {{"schedule", "plateau"}, {"patience", "2"}},
      {{"schedule", "linear"}, {"tau", "20"}},
  };
  for (const char* name : {"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw",
                           "amsgrad", "rprop", "quickprop"}) {
    for (const ParamSet& p : settings) {
      std::string label = name;
      for (const auto& [k, v] : p.items()) label += " " + k + "=" + v;
      EXPECT_EQ(allocations_in_steps<double>(name, p), 0) << label << " (double)";
      EXPECT_EQ(allocations_in_steps<float>(name, p), 0) << label << " (float)";
    }
  }
  for (const char* v : {"rprop-", "rprop+", "irprop+"}) {
    EXPECT_EQ(allocations_in_steps<double>("rprop", {{"variant", v}}), 0) << v;
  }
  EXPECT_EQ(allocations_in_steps<double>("adam", {{"eps_inside", "true"}}), 0);
}

}  // namespace
}  // namespace optim
