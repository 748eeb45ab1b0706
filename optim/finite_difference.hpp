#pragma once
// Finite-difference derivatives (DESIGN.md, role 1 "adapters add missing pieces"):
//  - FiniteDifference wraps an objective and supplies the gradient by forward or central
//    differences of values, and the Hessian by differences of gradients, so a value-only
//    objective can be used by any method (it is also a HessianProvider);
//  - check_gradient compares an objective's own gradient with central differences.
//
// Step sizes (Nocedal & Wright, Numerical Optimization, 2nd ed. 2006, section 8.1): with u the
// unit roundoff, forward differences have error ~ h L/2 + 2 u |f| / h, minimised by h ~ sqrt(u);
// central differences have error ~ h^2 M/6 + u |f| / h, minimised by h ~ cbrt(u). We scale by
// max(1, |x_i|) so the step stays representable relative to large coordinates:
//   forward:  h_i = sqrt(eps) * max(1, |x_i|),  g_i ~ (f(x + h_i e_i) - f(x)) / h_i          O(h)
//   central:  h_i = cbrt(eps) * max(1, |x_i|),  g_i ~ (f(x + h_i e_i) - f(x - h_i e_i)) / 2h_i
//   O(h^2)
// (h_i is rounded so that x_i + h_i - x_i is exactly h_i.)
#include <type_traits>

#include "optim/bounds/bounds.hpp"
#include "optim/objective.hpp"

namespace optim {

enum class FdScheme { Forward, Central };

struct FdOptions {
  FdScheme scheme = FdScheme::Central;
  // Take the gradient from the wrapped objective (exact) and use differences only for the
  // Hessian. Otherwise the gradient itself is a finite difference of values.
  bool use_inner_gradient = false;
  // Relative step c in h_i = c * max(1, |x_i|); 0 picks the defaults described above.
  double rel_step = 0;
  void validate() const;  // throws std::invalid_argument (rel_step < 0 or not finite)
};

template <class S>
class FiniteDifference final : public Objective<S>, public HessianProvider<S> {
 public:
  // `inner` must outlive the adapter. Scratch vectors are sized here, once: evaluations do not
  // allocate.
  explicit FiniteDifference(Objective<S>& inner, FdOptions opts = {});

  Index dim() const override { return inner_.dim(); }
  // Value of the inner objective; the gradient by differences (n or 2n extra values) unless
  // use_inner_gradient. A non-finite probe value makes the gradient non-finite (the driver then
  // rejects the point), never an exception.
  S evaluate(const Vec<S>& x, Vec<S>* grad) override;
  // Hessian by differences of gradients (the adapter's gradient), symmetrised (H + H')/2:
  //   central: H e_j ~ (g(x + h_j e_j) - g(x - h_j e_j)) / 2 h_j,  forward: (g(x + h_j e_j) - g(x))
  //   / h_j
  // (Nocedal & Wright section 8.1, "approximating the Hessian"). With an exact gradient the step
  // rule is the one above (gradient error ~ u). When the gradient is itself a difference
  // quotient with error d (d ~ u^(2/3) central, u^(1/2) forward), the same balance
  // (h^2 vs d/h central, h vs d/h forward) gives h ~ u^(2/9) central and u^(1/4) forward.
  void hessian(const Vec<S>& x, Mat<S>* hess) override;
  // H v ~ (g(x + t v) - g(x - t v)) / 2t (forward: (g(x + t v) - g(x)) / t), with
  // t = c * max(1, |x|) / |v|: two (one) gradient evaluations instead of n.
  void hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>* hv) override;

  // Gradients and Hessian columns probe only points of this box (null: no box), for a run on a
  // box whose objective must not be evaluated outside it. A partial derivative whose probe would
  // leave the box is a one-sided difference towards the interior, (f(x + h e_i) - f(x)) / h or
  // (f(x) - f(x - h e_i)) / h with the forward rule's step; likewise a column whose central probe x
  // +- h e_j would leave the box is a one-sided difference towards the interior, (g(x + h e_j) -
  // g(x)) / h or (g(x) - g(x - h e_j)) / h, with the forward rule's step (O(h), N&W section 8.1),
  // and the forward scheme's columns likewise turn backward at an upper bound; where neither side
  // has room for h, the longer side's distance to its bound is the step, and a fixed variable (l_j
  // == u_j) gets a zero column. `box` must outlive the adapter.
  void set_box(const Bounds<S>* box) { box_ = box; }

  // Number of calls made to the inner objective so far (for cost accounting and tests).
  Index inner_evaluations() const { return inner_calls_; }
  const FdOptions& options() const { return opts_; }
  // The relative step c used for gradients and for Hessian columns.
  double gradient_rel_step() const;
  double hessian_rel_step() const;

 private:
  S value(const Vec<S>& x);
  void gradient(const Vec<S>& x, S fx, Vec<S>* grad);  // fx = f(x), used by forward differences
  void any_gradient(const Vec<S>& x, Vec<S>* grad);    // inner's or differenced
  bool fits(Index j, S xj) const;                      // l_j <= xj <= u_j of the box
  S boxed_partial(Index i, S h, S fx);                 // one-sided g_i on the box, at xp_ = x
  void boxed_column(const Vec<S>& x, Index j, S h, Mat<S>* hess);

  Objective<S>& inner_;
  FdOptions opts_;
  Index inner_calls_ = 0;
  const Bounds<S>* box_ = nullptr;
  bool gx_current_ = false;        // gx_ holds g at the point of the Hessian under way
  Vec<S> xp_, gp_, gm_, gx_, xh_;  // scratch, sized once (xh_: outer Hessian probe)
};

// Result of a gradient check: the component where the objective's gradient and the central
// difference disagree most (by rel_error), with both values.
struct GradientCheck {
  Index worst_index = -1;
  double analytic = 0;  // the objective's gradient component at worst_index
  double numeric = 0;   // the central difference at worst_index
  // |analytic - numeric| / max(|analytic|, |numeric|, floor): relative where the gradient is
  // large, absolute (scaled by floor) where it is near zero and finite differences are noise.
  double rel_error = 0;
  double max_abs_error = 0;  // max_i |analytic_i - numeric_i|
  bool finite = true;        // false when f, the gradient or a probe was NaN/Inf
  bool ok(double tol) const { return finite && rel_error <= tol; }
};

struct GradientCheckOptions {
  double rel_step = 0;  // 0: cbrt(eps) (central differences, see above)
  double floor = 1.0;   // denominator floor of rel_error
};

// Compares obj's gradient at x with central differences of obj's values. Allocates (a test and
// debugging tool, not for iteration loops). Throws std::invalid_argument if x has the wrong size.
template <class S>
GradientCheck check_gradient(Objective<S>& obj, const std::type_identity_t<Vec<S>>& x,
                             GradientCheckOptions opts = {});

extern template class FiniteDifference<float>;
extern template class FiniteDifference<double>;

}  // namespace optim
