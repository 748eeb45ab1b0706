// libFuzzer target: the training-table reader of `optim train --data FILE.csv`
// (io/typed_table). Malformed tables must end in std::invalid_argument; an accepted table must
// have one matrix row per column, cells that are finite numbers, NaN (missing) or a valid level
// index, and missing counts that match the NaN cells.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "io/typed_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto t = optim::io::parse_typed_table<float>(text, "fuzz.csv");
    if (std::size_t(t.cells.rows()) != t.columns.size() || t.rows() == 0) std::abort();
    std::size_t missing_rows = 0;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      bool any = false;
      for (std::size_t k = 0; k < t.columns.size(); ++k) {
        const float v = t.cells(Eigen::Index(k), Eigen::Index(r));
        if (std::isnan(v)) {
          any = true;
          continue;
        }
        if (!std::isfinite(v)) std::abort();
        if (t.columns[k].text &&
            (v < 0 || v >= float(t.columns[k].levels.size()) || v != std::floor(v)))
          std::abort();
      }
      missing_rows += any;
    }
    if (missing_rows != t.missing_lines.size()) std::abort();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
