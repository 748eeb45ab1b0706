#pragma once
// Jacobians by forward differences, for least-squares problems that provide residuals only.
//   J_ij ~ (r_i(x + h_j e_j) - r_i(x)) / h_j,   h_j = sqrt(eps) |x_j|  (sqrt(eps) when x_j = 0)
// (forward differences: error O(h) with the step balancing truncation against rounding, Nocedal &
// Wright 2006, section 8.1; the step relative to |x_j| is MINPACK fdjac2's choice and keeps
// parameters of very different magnitudes, e.g. 1e-9 next to 1e3 in NIST Nelson, accurate). The
// adapter turns a residual-only function into a LeastSquaresObjective that Gauss-Newton and
// Levenberg-Marquardt accept unchanged.
#include <functional>
#include <memory>

#include "optim/objective.hpp"

namespace optim {

// A residual function r: R^n -> R^m without derivatives.
template <class S>
class ResidualFunction {
 public:
  virtual ~ResidualFunction() = default;
  virtual Index dim() const = 0;
  virtual Index num_residuals() const = 0;
  // Writes r(x) into *res (pre-sized to m).
  virtual void residuals(const Vec<S>& x, Vec<S>* res) = 0;
};

// Forward-difference Jacobian of `f` at x. `r0` must hold f(x); `xp` (n) and `rp` (m) are scratch
// supplied by the caller so that no allocation happens here. Returns the number of evaluations.
template <class S>
Index forward_difference_jacobian(ResidualFunction<S>& f, const Vec<S>& x, const Vec<S>& r0,
                                  Mat<S>& jac, Vec<S>& xp, Vec<S>& rp);

// Jacobian check for any least-squares objective (the tests compare analytic Jacobians with it):
// central differences (r(x + h e_j) - r(x - h e_j)) / 2h, h_j = cbrt(eps) |x_j| (cbrt(eps) when
// x_j = 0), error O(h^2) ~ 1e-11 relative in double (N&W 2006, eq. 8.7). Allocates.
template <class S>
void central_difference_jacobian(LeastSquaresObjective<S>& f, const Vec<S>& x, Mat<S>& jac);

// Residual-only function -> LeastSquaresObjective with a forward-difference Jacobian.
template <class S>
class FiniteDifferenceLeastSquares final : public LeastSquaresObjective<S> {
 public:
  explicit FiniteDifferenceLeastSquares(std::shared_ptr<ResidualFunction<S>> f);

  Index dim() const override { return f_->dim(); }
  Index num_residuals() const override { return f_->num_residuals(); }
  void residuals(const Vec<S>& x, Vec<S>* res, Mat<S>* jac) override;
  // Residual evaluations spent on differences so far (n per Jacobian).
  Index extra_evaluations() const { return extra_; }

 private:
  std::shared_ptr<ResidualFunction<S>> f_;
  Vec<S> xp_, rp_;  // scratch, sized once in the constructor
  Index extra_ = 0;
};

}  // namespace optim
