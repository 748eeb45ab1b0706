// The Moré-Garbow-Hillstrom test set entries (filled by the second-order work).
#include "problems/registry.hpp"

namespace optim::problems {
void add_mgh_problems(std::vector<ProblemInfo>& /*out*/) {}
}  // namespace optim::problems
