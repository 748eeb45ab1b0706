// No heap allocation inside the iteration loop (DESIGN.md "Numbers and speed"): every first-order
// method (each rule, with schedules, in full-batch and minibatch mode, float and double) is
// started once, then MethodState::step is called in a loop while a counting allocator watches.
//
// The shared counting allocator (tests/support/alloc_counter.hpp) watches operator new and the
// malloc family; a first test proves that it sees both an Eigen vector and a std::vector.
#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "optim/optim.hpp"
#include "support/alloc_counter.hpp"

namespace optim {
namespace {

TEST(NoAlloc, TheCounterSeesEigenAndStdAllocations) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  long eigen = 0, std_vec = 0;
  {
    testing::AllocationCounter c;
    Vec<double> v(1000);
    v.setZero();
    eigen = c.count();
  }
  {
    testing::AllocationCounter c;
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
  testing::AllocationCounter c;
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
      {{"schedule", "plateau"}, {"plateau_patience", "2"}},
      {{"schedule", "linear"}, {"tau", "20"}},
      {{"weight_decay", "0.01"}},  // the decay wrapper: fused (adam) or a scaling pass (others)
      // The clip wrapper (its buffer is sized at start), binding, under the decay, with warmup.
      {{"clip_norm", "0.01"}, {"batch_size", "4"}},
      {{"clip_value", "0.01"}, {"weight_decay", "0.01"}, {"warmup", "10"}},
      {{"clip_norm", "0.01"}, {"clip_value", "0.001"}, {"schedule", "warmup:5,plateau"}},
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
