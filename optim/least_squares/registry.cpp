// Registry entries of the least-squares family (Gauss-Newton, Levenberg-Marquardt).
#include "optim/registry.hpp"

namespace optim {

void add_least_squares_methods(std::vector<MethodInfo>& /*out*/) {}

}  // namespace optim
