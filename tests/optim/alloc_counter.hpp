#pragma once
// Allocation counter for test_optim (defined once, in alloc_counter.cpp): tests arm it
// around code that must not allocate, e.g. evaluations inside iteration loops. Reuse this rather
// than replacing malloc or operator new again in this binary.
namespace optim::testing {

// Counts malloc-family calls (operator new included) made while alive (not thread-safe across
// concurrent probes).
class AllocationProbe {
 public:
  AllocationProbe();
  ~AllocationProbe();
  AllocationProbe(const AllocationProbe&) = delete;
  AllocationProbe& operator=(const AllocationProbe&) = delete;
  long count() const;

 private:
  long start_;
};

}  // namespace optim::testing
