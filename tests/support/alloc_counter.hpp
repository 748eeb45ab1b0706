#pragma once
// Counting allocator for the no-allocation tests (DESIGN.md "Numbers and speed"). It sits on both
// doors to the heap: the global operator new (std::vector, std::string, std::function) and the
// malloc family, which Eigen's dynamic matrices use. Linked into test_optim and test_nn only.
#include <gtest/gtest.h>

namespace optim::testing {

// False under AddressSanitizer, which owns the heap itself (the counter then steps aside).
bool allocation_counting_available();

// Counts heap allocations made while it is alive (one scope at a time).
class AllocationCounter {
 public:
  AllocationCounter();
  ~AllocationCounter();
  AllocationCounter(const AllocationCounter&) = delete;
  AllocationCounter& operator=(const AllocationCounter&) = delete;
  long count() const;
};

// The highest heap growth (bytes, as malloc_usable_size counts them) above the level at its
// construction, while it is alive (one meter at a time): the peak memory of the code it watches.
class PeakHeapBytes {
 public:
  PeakHeapBytes();
  ~PeakHeapBytes();
  PeakHeapBytes(const PeakHeapBytes&) = delete;
  PeakHeapBytes& operator=(const PeakHeapBytes&) = delete;
  long peak() const;
};

}  // namespace optim::testing

#define OPTIM_REQUIRE_ALLOC_COUNTING()                    \
  if (!::optim::testing::allocation_counting_available()) \
  GTEST_SKIP() << "allocation counting is disabled under AddressSanitizer"
