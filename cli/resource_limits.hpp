#pragma once
// Sizes a user can ask for that the machine cannot give: each is checked before anything is
// allocated or started, with a message naming the flag and the limit (never std::bad_alloc or
// "Resource temporarily unavailable").
#include <string>

namespace optim::cli {

// Physical memory of this machine in bytes, sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGE_SIZE), or
// the control group's memory limit when that is lower.
double physical_memory_bytes();

// Throws UsageError when `bytes` (what `setting` would allocate, computed in double so that a
// huge request cannot overflow) exceed physical memory: such a run could only end in bad_alloc or
// swap. `setting` is the user's flag and value, e.g. "--m 1000000000"; `what` says what it sizes.
void require_fits_in_memory(const std::string& setting, double bytes, const std::string& what);

// The memory a run of `method` on an n-dimensional problem needs, checked against physical
// memory: 12 vectors of n (iterate, gradient, direction, line-search trial point and gradient,
// method state such as Adam's moments, the trace's copy of x) and,
// for the dense methods, four n x n matrices (bfgs's inverse Hessian, newton's Hessian, its factor
// and eigenvectors; the normal matrices of lm and gauss-newton). `dim_setting` names the flag.
void check_problem_size(const std::string& dim_setting, double n, const std::string& method,
                        double scalar_bytes);

// Upper bound of --threads: 4 x the hardware threads, at least 64 and at most 1024. More threads
// than cores only add switching; past a few thousand, thread creation fails outright.
int max_threads();

// Human-readable size: "3.2 GB".
std::string format_bytes(double bytes);

}  // namespace optim::cli
