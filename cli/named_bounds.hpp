#pragma once
// --bounds NAME=LO:HI,...: a box given by the names of a model's parameters (`optim fit`) or of a
// formula's variables (`optim minimize --expr`). A missing side is unbounded ("b1=0:", "b2=:5"),
// and inf / -inf may be written out. Every name may appear once and must be one of `names`.
#include <string>
#include <vector>

namespace optim::cli {

struct NamedBounds {
  std::vector<double> lower, upper;  // one entry per name, -inf / +inf where not bounded
};

// Throws UsageError naming --bounds and the item for a malformed item (not NAME=LO:HI, or a side
// that is not a number), an unknown name (`noun` says what the names are: "parameter",
// "variable"), a name given twice, NaN, LO = inf, HI = -inf, or LO > HI.
NamedBounds parse_named_bounds(const std::string& text, const std::vector<std::string>& names,
                               const std::string& noun);

}  // namespace optim::cli
