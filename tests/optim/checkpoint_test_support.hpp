#pragma once
// Helpers shared by the checkpoint tests (test_checkpoint*.cpp): a simulated crash, a per-process
// temporary path, a bitwise vector comparison and a separable test objective.

#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "optim/objective.hpp"
#include "optim/observer.hpp"
#include "support/test_support.hpp"

namespace optim::testing {

// Simulates a crash at iteration `at`: the exception bypasses the driver's final save, so only the
// periodic checkpoints exist, as after a SIGKILL.
template <class S>
class CrashAt final : public Observer<S> {
 public:
  explicit CrashAt(Index at) : at_(at) {}
  Status on_iteration(const IterationRecord<S>& rec) override {
    if (rec.k == at_) throw std::runtime_error("simulated crash");
    return Status::Running;
  }

 private:
  Index at_;
};

// A path in the temporary directory unique to this process, test file and tag.
inline std::string checkpoint_temp_file(const std::string& file, const std::string& tag) {
  return optim::testing::temp_path("ckpt_" + file + "_" + tag);
}

template <class S>
bool bit_identical(const Vec<S>& a, const Vec<S>& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(S) * static_cast<size_t>(a.size())) == 0;
}

constexpr unsigned kDataSeed = 777;  // data of the separable problem (printed on failure)

// f(x) = (1/N) sum_i [ 1/2 (a_i^T x - b_i)^2 + 1/4 (a_i^T x - b_i)^4 ]: separable, so every
// batch mode applies, and not quadratic, so no rule settles into a trivially periodic orbit.
template <class S>
class Separable final : public SeparableObjective<S> {
 public:
  Separable(Index samples, Index dim) : a_(samples, dim), b_(samples) {
    std::mt19937_64 rng(kDataSeed);
    std::normal_distribution<double> normal;
    for (Index i = 0; i < samples; ++i) {
      for (Index j = 0; j < dim; ++j) a_(i, j) = static_cast<S>(normal(rng) / std::sqrt(dim));
      b_[i] = static_cast<S>(normal(rng));
    }
  }
  Index dim() const override { return a_.cols(); }
  Index size() const override { return a_.rows(); }
  S evaluate(const Vec<S>& x, Vec<S>* g) override {
    std::vector<Index> all(static_cast<size_t>(a_.rows()));
    for (Index i = 0; i < a_.rows(); ++i) all[size_t(i)] = i;
    return evaluate_batch(x, all, g);
  }
  S evaluate_batch(const Vec<S>& x, std::span<const Index> batch, Vec<S>* g) override {
    S f = 0;
    if (g) g->setZero();
    for (Index i : batch) {
      const S r = a_.row(i).dot(x) - b_[i];
      f += S(0.5) * r * r + S(0.25) * r * r * r * r;
      if (g) *g += (r + r * r * r) * a_.row(i).transpose();
    }
    const S m = static_cast<S>(batch.size());
    if (g) *g /= m;
    return f / m;
  }

 private:
  Mat<S> a_;
  Vec<S> b_;
};

}  // namespace optim::testing
