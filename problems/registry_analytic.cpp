// Analytic test functions (filled by the foundation work).
#include "problems/registry.hpp"

namespace optim::problems {
void add_analytic_problems(std::vector<ProblemInfo>& /*out*/) {}
}  // namespace optim::problems
