// libFuzzer target: the trace reader of `optim plot convergence/learning --trace`
// (optim/observers/trace_csv). Malformed traces must end in std::invalid_argument; an accepted
// one must have unique non-empty column names, all columns of the same length, and no more
// values than the input has bytes (rows x columns is bounded by the input, no amplification).
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "optim/observers/trace_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const optim::TraceColumns t = optim::parse_trace_csv(text, "fuzz.csv");
    if (t.empty()) std::abort();  // a header with at least one name is required
    const std::size_t rows = t.begin()->second.size();
    for (const auto& [name, col] : t) {
      if (name.empty() || col.size() != rows) std::abort();
    }
    if (rows * t.size() > size) std::abort();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
