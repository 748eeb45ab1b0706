#pragma once
// Helpers shared by the checkpoint tests (test_checkpoint*.cpp): a simulated crash, a per-process
// temporary path, and a bitwise vector comparison.

#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

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

}  // namespace optim::testing
