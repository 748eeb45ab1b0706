// libFuzzer target: the CSV reader of `optim fit --data` (io/csv_table). Malformed tables
// must end in std::invalid_argument; a table that is accepted must be rectangular and finite.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>

#include "io/csv_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    const optim::io::DataTable t = optim::io::read_csv(in, "fuzz.csv");
    if (t.names.size() != t.columns.size() || t.rows() == 0) std::abort();
    for (const auto& c : t.columns) {
      if (c.size() != t.rows()) std::abort();
      for (double v : c) {
        if (!std::isfinite(v)) std::abort();
      }
    }
    (void)t.column(t.names.front());
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
