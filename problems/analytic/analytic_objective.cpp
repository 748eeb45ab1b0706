#include "problems/analytic/analytic_objective.hpp"

#include <stdexcept>

namespace optim::problems {

void require_dim(const std::string& problem, Index n, Index min_n, bool even) {
  if (n < min_n) {
    throw std::invalid_argument("problem '" + problem + "' needs dimension >= " +
                                std::to_string(min_n) + ", got " + std::to_string(n));
  }
  if (even && n % 2 != 0) {
    throw std::invalid_argument("problem '" + problem + "' needs an even dimension, got " +
                                std::to_string(n));
  }
}

void require_fixed_dim(const std::string& problem, Index n, Index fixed) {
  if (n != fixed) {
    throw std::invalid_argument("problem '" + problem + "' has fixed dimension " +
                                std::to_string(fixed) + ", got " + std::to_string(n));
  }
}

}  // namespace optim::problems
