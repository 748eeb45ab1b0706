#pragma once
// Which bounds of a box hold with equality at a point (optim/bounds/bounds.hpp), as indices into
// x: the result of a bound-constrained run lists them, and its message says how many.
#include <string>
#include <vector>

#include "optim/types.hpp"

namespace optim {

struct ActiveBounds {
  std::vector<Index> at_lower;  // x_i == l_i < u_i
  std::vector<Index> at_upper;  // l_i < u_i == x_i
  std::vector<Index> fixed;     // l_i == u_i (always active)

  Index count() const {
    return static_cast<Index>(at_lower.size() + at_upper.size() + fixed.size());
  }
  // "3 bounds active (1 at lower, 1 at upper, 1 fixed)", or "no bound active".
  std::string summary() const;
};

}  // namespace optim
