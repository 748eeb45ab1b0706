#pragma once
// Truncated conjugate gradient on the Newton model m(p) = g'p + 1/2 p'Bp, with B reached only
// through products B v (a Hessian-vector product: Pearlmutter's R-operator, a difference of
// gradients, or a matrix). It is linear CG (linear_cg.hpp, N&W Algorithm 5.2) on B p = -g started
// at p = 0, with the same step alpha = r'r / d'Bd and direction d = -r + beta d, beta =
// r'r_new / r'r, plus the exits that make it an inexact Newton solver:
//   - the residual test |r_j| <= tol (the forcing term of the caller, N&W eq. 7.3);
//   - negative curvature d'Bd <= 0, where the model is unbounded below along d;
//   - with a trust radius Delta (Steihaug 1983, Toint 1981; N&W Algorithm 7.2): an iterate that
//     would leave the ball |p| <= Delta stops on the boundary, and so does negative curvature,
//     at the boundary point z + tau d of lower model value;
//   - without one (Delta = inf; N&W Algorithm 7.1, the line-search Newton-CG): negative curvature
//     returns the last iterate z_j, or -g when it appears at the first direction.
// Every iterate decreases m (N&W Theorem 7.3: |z_j| grows monotonically and m(z_j) falls), so
// p is a descent direction whenever g != 0. The model value is accumulated along the way, so a
// trust-region ratio needs no extra product. Workspace is sized once; solve() does not allocate.
#include <limits>

#include "optim/types.hpp"

namespace optim {

// v -> B v, writing into a pre-sized out (must not alias v).
template <class S>
class LinearOperator {
 public:
  virtual ~LinearOperator() = default;
  virtual void apply(const Vec<S>& v, Vec<S>& out) = 0;
};

enum class TruncatedCgExit {
  Converged,          // |r| <= tol
  NegativeCurvature,  // d'Bd <= 0
  Boundary,           // the iterate reached |p| = Delta
  MaxIterations,      // max_iter directions without any of the above
};
const char* to_string(TruncatedCgExit e);

template <class S>
struct TruncatedCgResult {
  TruncatedCgExit exit = TruncatedCgExit::Converged;
  Index iterations = 0;      // products B d taken
  S model = S(0);            // m(p) = g'p + 1/2 p'Bp (<= 0)
  S step_norm = S(0);        // |p|
  bool on_boundary = false;  // |p| = Delta (a Boundary exit, or negative curvature with a radius)
};

template <class S>
class TruncatedCg {
 public:
  explicit TruncatedCg(Index n = 0) { resize(n); }
  void resize(Index n);
  // Approximately minimises m(p) over |p| <= delta (delta = +inf: no radius) from p = 0, stopping
  // at |r| <= tol; max_iter <= 0 means n. Writes p (pre-sized to n).
  TruncatedCgResult<S> solve(LinearOperator<S>& b, const Vec<S>& g, S delta, S tol, Index max_iter,
                             Vec<S>& p);

 private:
  Vec<S> r_, d_, bd_;
};

// The tau >= 0 with |z + tau d| = delta, for |z| <= delta (the larger root of the quadratic
// d'd tau^2 + 2 z'd tau + z'z - delta^2 = 0, computed without cancellation).
template <class S>
S boundary_step(const Vec<S>& z, const Vec<S>& d, S delta);

extern template class TruncatedCg<float>;
extern template class TruncatedCg<double>;

}  // namespace optim
