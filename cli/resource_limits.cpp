#include "resource_limits.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <thread>

#include "command.hpp"

namespace optim::cli {

namespace {
// The memory limit of this process's control group (v2 memory.max, v1 memory.limit_in_bytes), or
// +inf when there is none: in a container it is lower than the machine's physical memory.
double cgroup_limit_bytes() {
  double limit = HUGE_VAL;
  for (const char* path :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    double v = 0;
    if (in >> v && v > 0) limit = std::min(limit, v);  // "max" (no limit) does not parse
  }
  return limit;
}
}  // namespace

double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page = sysconf(_SC_PAGE_SIZE);
  const double physical = pages > 0 && page > 0
                              ? static_cast<double>(pages) * static_cast<double>(page)
                              : HUGE_VAL;  // unknown: let the allocator decide
  return std::min(physical, cgroup_limit_bytes());
}

std::string format_bytes(double bytes) {
  const char* units[] = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
  int u = 0;
  while (bytes >= 1024 && u < 6) {
    bytes /= 1024;
    ++u;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

void require_fits_in_memory(const std::string& setting, double bytes, const std::string& what) {
  const double limit = physical_memory_bytes();
  if (!(bytes <= limit)) {  // also catches a NaN or infinite estimate
    throw UsageError(setting + ": " + what + " would need " + format_bytes(bytes) +
                     ", more than the " + format_bytes(limit) +
                     " of physical memory of this machine");
  }
}

void check_problem_size(const std::string& dim_setting, double n, const std::string& method,
                        double scalar_bytes) {
  require_fits_in_memory(dim_setting, 12.0 * n * scalar_bytes, "the problem's vectors");
  const bool dense =
      method == "newton" || method == "bfgs" || method == "lm" || method == "gauss-newton";
  if (dense) {
    require_fits_in_memory(dim_setting + " with --method " + method, 4.0 * n * n * scalar_bytes,
                           "the method's n x n matrices");
  }
}

int max_threads() {
  const unsigned hw = std::thread::hardware_concurrency();  // 0 when unknown
  return std::clamp(4 * static_cast<int>(hw), 64, 1024);
}

}  // namespace optim::cli
