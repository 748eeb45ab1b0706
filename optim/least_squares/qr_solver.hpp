#pragma once
// Dense linear least squares min ||A x - b||_2 by Householder QR with column pivoting
// (A P = Q R), sized once so that factor/solve do not allocate. Gauss-Newton solves its step with
// it, and Levenberg-Marquardt solves both the undamped step and the damped system
// [J; sqrt(lambda) D] p = [-r; 0] with it (Moré 1978, section 3: solving the damped system through
// a QR factorisation rather than the normal equations keeps the accuracy of J, not of J'J).
#include <Eigen/QR>

#include "optim/types.hpp"

namespace optim {

template <class S>
class QrSolver {
 public:
  // Sizes every buffer for an (rows x cols) matrix, rows >= cols. Allocates; call it in start().
  void resize(Index rows, Index cols);

  // Factorises A (must have the size given to resize). Returns the numerical rank: the number of
  // pivots |R_kk| > rank_tol * max_k |R_kk| (rank_tol <= 0: Eigen's default, min(m,n) * eps).
  Index factor(const Mat<S>& a, S rank_tol);

  // Basic least-squares solution x = P [R11^{-1} (Q'b)_{1..k}; 0] with k the rank.
  void solve(const Eigen::Ref<const Vec<S>>& b, Vec<S>& x);

  // q = R^{-T} P' v (full rank only): Moré's phi'(lambda) needs ||q|| with R'R = P'(A'A)P.
  void solve_rt(const Vec<S>& v, Vec<S>& q);

  Index rank() const { return rank_; }
  // |R_kk| smallest over largest (0 when rank deficient to working precision).
  S pivot_ratio() const;

 private:
  Eigen::ColPivHouseholderQR<Mat<S>> qr_;
  Vec<S> qtb_;   // Q'b (rows)
  Vec<S> work_;  // Householder workspace (1 entry per right-hand side column)
  Vec<S> z_;     // permuted unknowns (cols)
  Index rank_ = 0;
};

}  // namespace optim
