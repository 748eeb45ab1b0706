#pragma once
// Newton's method for a square system r(x) = 0 (seed 003: Newton's method "finds zeroes";
// Nocedal & Wright 2006, Algorithm 11.1 globalised by the line search of section 11.2): solve
//     J(x_k) d_k = -r(x_k)
// with the objective's own Jacobian (exact for formulas and the MGH residuals), then backtrack on
// 1/2 ||r||^2 from the full step. Near a root with a nonsingular Jacobian the full step is taken
// and the convergence is quadratic (N&W Theorem 11.2). A singular Jacobian (numerical rank < n by
// pivoted QR) ends the run with Status::NumericalError saying so; a search that finds no decrease
// ends it with Status::LineSearchFailed.
#include <memory>
#include <string>

#include "optim/method.hpp"
#include "optim/root_finding/root_finding.hpp"

namespace optim {

template <class S>
class NewtonSystem final : public Method<S> {
 public:
  explicit NewtonSystem(RootFindingParams p = {});
  std::string name() const override { return "newton-system"; }
  // Throws std::invalid_argument unless the objective is a square residual system.
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;
  // start() evaluates r and J at x0 (f = 1/2||r||^2, g = J'r) and keeps J for the first step.
  bool evaluates_start() const override { return true; }

 private:
  RootFindingParams p_;
};

}  // namespace optim
