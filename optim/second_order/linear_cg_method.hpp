#pragma once
// Linear conjugate gradient as a method of the driver, for quadratic objectives
// f(x) = 1/2 x'Ax + b'x with A symmetric positive definite (seed 003, "Conjugate gradient
// methods", eqs. 14-16; N&W Algorithm 5.2, the recursion of linear_cg.hpp): one CG iteration per
// driver iteration, the residual being the gradient r = Ax + b = g(x),
//   alpha = r'r / d'Ad,  x <- x + alpha d,  d <- -r_new + (r_new'r_new / r'r) d,  d_0 = -g_0,
// with A d from the objective's Hessian-vector product (exact for a quadratic; differences of the
// gradient otherwise, which are exact up to rounding on a quadratic too). The new gradient is
// evaluated at the new point rather than updated recursively, so rounding does not drift the
// residual. In exact arithmetic the minimiser is reached in at most n iterations (N&W Theorem
// 5.1). d'Ad <= 0 ends the run with Status::NumericalError: the objective is not a convex
// quadratic (for general objectives use cg, newton-cg or lbfgs).
#include <memory>
#include <string>

#include "optim/method.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct LinearCgParams {
  long restart_every = 0;  // restart with d = -g every k iterations (0: never), >= 0
  void validate() const;
};
const settings::FieldTable<LinearCgParams>& linear_cg_fields();

template <class S>
class LinearCgMethod final : public Method<S> {
 public:
  explicit LinearCgMethod(LinearCgParams p = {});
  std::string name() const override { return "linear-cg"; }
  bool needs_hessian_vector() const override { return true; }
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;

 private:
  LinearCgParams p_;
};

}  // namespace optim
