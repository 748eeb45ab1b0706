// The NIST StRD nonlinear regression entries (filled by the second-order work).
#include "problems/registry.hpp"

namespace optim::problems {
void add_nist_problems(std::vector<ProblemInfo>& /*out*/) {}
}  // namespace optim::problems
