#include "optim/least_squares/qr_solver.hpp"

#include <cmath>
#include <limits>

namespace optim {

template <class S>
void QrSolver<S>::resize(Index rows, Index cols) {
  qr_ = Eigen::ColPivHouseholderQR<Mat<S>>(rows, cols);
  qtb_.resize(rows);
  work_.resize(1);
  z_.resize(cols);
}

template <class S>
Index QrSolver<S>::factor(const Mat<S>& a, S rank_tol) {
  // compute() copies into the pre-sized storage and factorises in place: no allocation when the
  // size matches the one given to resize().
  qr_.compute(a);
  if (rank_tol > 0) {
    qr_.setThreshold(rank_tol);
  } else {
    qr_.setThreshold(Eigen::Default);
  }
  rank_ = qr_.rank();
  return rank_;
}

template <class S>
S QrSolver<S>::pivot_ratio() const {
  const auto d = qr_.matrixQR().diagonal().cwiseAbs();
  const S mx = d.maxCoeff();
  return mx > 0 ? d.minCoeff() / mx : S(0);
}

template <class S>
void QrSolver<S>::solve(const Eigen::Ref<const Vec<S>>& b, Vec<S>& x) {
  const Index rows = qr_.rows();
  const Index cols = qr_.cols();
  const Index k = rank_;
  qtb_ = b;
  // Q'b by applying the k... min(m,n) Householder reflectors H_0 ... H_{n-1} in order.
  const Index size = std::min(rows, cols);
  for (Index j = 0; j < size; ++j) {
    qtb_.tail(rows - j).applyHouseholderOnTheLeft(qr_.matrixQR().col(j).tail(rows - j - 1),
                                                  qr_.hCoeffs().coeff(j), work_.data());
  }
  z_.head(k) = qtb_.head(k);
  qr_.matrixQR().topLeftCorner(k, k).template triangularView<Eigen::Upper>().solveInPlace(
      z_.head(k));
  z_.tail(cols - k).setZero();
  const auto& perm = qr_.colsPermutation().indices();
  for (Index i = 0; i < cols; ++i) x[perm.coeff(i)] = z_[i];
}

template <class S>
void QrSolver<S>::solve_rt(const Vec<S>& v, Vec<S>& q) {
  const Index cols = qr_.cols();
  const auto& perm = qr_.colsPermutation().indices();
  for (Index i = 0; i < cols; ++i) q[i] = v[perm.coeff(i)];
  qr_.matrixQR()
      .topLeftCorner(cols, cols)
      .template triangularView<Eigen::Upper>()
      .transpose()
      .solveInPlace(q);
}

template class QrSolver<float>;
template class QrSolver<double>;

}  // namespace optim
