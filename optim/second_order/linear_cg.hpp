#pragma once
// Linear conjugate gradient for A x = b with A symmetric positive definite, i.e. the minimiser
// of f(x) = 1/2 x'Ax - b'x (seed 003, "Conjugate gradient methods", eqs. 14-16; Nocedal &
// Wright Algorithm 5.2). In exact arithmetic it terminates in at most n steps (N&W Theorem 5.1).
#include "optim/types.hpp"

namespace optim {

template <class S>
struct LinearCgResult {
  Index iterations = 0;
  S residual_norm = S(0);  // ||b - A x||_2 at the end (recomputed, not the recursive estimate)
  bool converged = false;  // ||b - A x|| <= tol ||b||
};

// Solves A x = b from the initial guess in x (overwritten with the solution), stopping when the
// recursive residual satisfies ||r|| <= tol ||b|| or after max_iter steps (max_iter <= 0: n).
// Throws std::invalid_argument for mismatched sizes, tol < 0, or when p'Ap <= 0 shows that A is
// not positive definite.
template <class S>
LinearCgResult<S> linear_cg(const Mat<S>& a, const Vec<S>& b, Vec<S>& x, S tol = S(0),
                            Index max_iter = 0);

// Reference form of seed 003 eq. 14: the k-th conjugate direction obtained by Gram-Schmidt
// conjugation of the residual r against the previous directions P (columns 0..k-1):
//   p_k = r_k - sum_{i<k} (p_i' A r_k / p_i' A p_i) p_i
// (the seed prints p_i' H r_i in the numerator; conjugacy p_k' A p_i = 0 needs r_k). The
// recursion in linear_cg, p_k = r_k + beta_k p_{k-1} with beta_k = r_k'r_k / r_{k-1}'r_{k-1}
// (N&W eq. 5.24d), produces the same directions at O(n) cost; tests compare the two.
template <class S>
Vec<S> gram_schmidt_conjugate(const Mat<S>& a, const Vec<S>& r, const Mat<S>& previous);

}  // namespace optim
