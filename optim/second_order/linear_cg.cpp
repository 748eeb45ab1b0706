#include "optim/second_order/linear_cg.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace optim {

template <class S>
LinearCgResult<S> linear_cg(const Mat<S>& a, const Vec<S>& b, Vec<S>& x, S tol, Index max_iter) {
  const Index n = b.size();
  if (a.rows() != n || a.cols() != n || x.size() != n) {
    throw std::invalid_argument("linear_cg: A must be n x n and x, b of length n (A is " +
                                std::to_string(a.rows()) + " x " + std::to_string(a.cols()) +
                                ", b " + std::to_string(n) + ", x " + std::to_string(x.size()) +
                                ")");
  }
  if (!(tol >= 0)) throw std::invalid_argument("linear_cg: tol must be >= 0");
  if (max_iter <= 0) max_iter = n;
  // Scratch sized once, before the loop.
  Vec<S> r = b - a * x;  // residual r_k = b - A x_k
  Vec<S> p = r;          // p_0 = r_0 (seed 003)
  Vec<S> ap(n);
  S rr = r.squaredNorm();
  const S stop = tol * b.norm();
  LinearCgResult<S> res;
  for (Index k = 0; k < max_iter && std::sqrt(rr) > stop; ++k) {
    ap.noalias() = a * p;
    const S pap = p.dot(ap);
    if (!(pap > 0)) {
      throw std::invalid_argument("linear_cg: p'Ap = " + std::to_string(pap) +
                                  " <= 0, A is not positive definite");
    }
    // Seed 003 eq. 16: alpha = p'(b - A x) / p'Ap = p'r / p'Ap (= r'r / p'Ap since p'r = r'r).
    const S alpha = p.dot(r) / pap;
    x.noalias() += alpha * p;  // eq. 15
    r.noalias() -= alpha * ap;
    const S rr_new = r.squaredNorm();
    p = r + (rr_new / rr) * p;  // N&W eq. 5.24d: the Gram-Schmidt form of eq. 14 in O(n)
    rr = rr_new;
    res.iterations = k + 1;
  }
  res.residual_norm = (b - a * x).norm();
  res.converged = res.residual_norm <= stop;
  return res;
}

template <class S>
Vec<S> gram_schmidt_conjugate(const Mat<S>& a, const Vec<S>& r, const Mat<S>& previous) {
  Vec<S> p = r;
  const Vec<S> ar = a * r;
  for (Index i = 0; i < previous.cols(); ++i) {
    const auto pi = previous.col(i);
    p -= (pi.dot(ar) / pi.dot(a * pi)) * pi;  // seed 003 eq. 14
  }
  return p;
}

template LinearCgResult<float> linear_cg<float>(const Mat<float>&, const Vec<float>&, Vec<float>&,
                                                float, Index);
template LinearCgResult<double> linear_cg<double>(const Mat<double>&, const Vec<double>&,
                                                  Vec<double>&, double, Index);
template Vec<float> gram_schmidt_conjugate<float>(const Mat<float>&, const Vec<float>&,
                                                  const Mat<float>&);
template Vec<double> gram_schmidt_conjugate<double>(const Mat<double>&, const Vec<double>&,
                                                    const Mat<double>&);

}  // namespace optim
