#include "optim/least_squares/finite_difference_jacobian.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace optim {

template <class S>
Index forward_difference_jacobian(ResidualFunction<S>& f, const Vec<S>& x, const Vec<S>& r0,
                                  Mat<S>& jac, Vec<S>& xp, Vec<S>& rp) {
  // h_j = sqrt(eps) |x_j|, sqrt(eps) at x_j = 0 (N&W 8.1; MINPACK fdjac2).
  const S root_eps = std::sqrt(std::numeric_limits<S>::epsilon());
  xp = x;
  for (Index j = 0; j < x.size(); ++j) {
    const S h = root_eps * (x[j] != 0 ? std::abs(x[j]) : S(1));
    xp[j] = x[j] + h;
    const S hj = xp[j] - x[j];  // the step actually representable in floating point
    f.residuals(xp, &rp);
    jac.col(j) = (rp - r0) / hj;
    xp[j] = x[j];
  }
  return x.size();
}

template <class S>
void central_difference_jacobian(LeastSquaresObjective<S>& f, const Vec<S>& x, Mat<S>& jac) {
  const S cbrt_eps = std::cbrt(std::numeric_limits<S>::epsilon());
  const Index m = f.num_residuals();
  Vec<S> rp(m), rm(m), xp = x;
  jac.resize(m, x.size());
  for (Index j = 0; j < x.size(); ++j) {
    const S h = cbrt_eps * (x[j] != 0 ? std::abs(x[j]) : S(1));
    xp[j] = x[j] + h;
    f.residuals(xp, &rp, nullptr);
    const S up = xp[j];
    xp[j] = x[j] - h;
    f.residuals(xp, &rm, nullptr);
    jac.col(j) = (rp - rm) / (up - xp[j]);
    xp[j] = x[j];
  }
}

template <class S>
FiniteDifferenceLeastSquares<S>::FiniteDifferenceLeastSquares(
    std::shared_ptr<ResidualFunction<S>> f)
    : f_(std::move(f)) {
  if (!f_) throw std::invalid_argument("FiniteDifferenceLeastSquares needs a residual function");
  if (f_->dim() <= 0 || f_->num_residuals() <= 0) {
    throw std::invalid_argument("residual function has dim " + std::to_string(f_->dim()) + " and " +
                                std::to_string(f_->num_residuals()) +
                                " residuals; both must be positive");
  }
  xp_.resize(f_->dim());
  rp_.resize(f_->num_residuals());
}

template <class S>
void FiniteDifferenceLeastSquares<S>::residuals(const Vec<S>& x, Vec<S>* res, Mat<S>* jac) {
  f_->residuals(x, res);
  if (jac != nullptr) extra_ += forward_difference_jacobian<S>(*f_, x, *res, *jac, xp_, rp_);
}

template Index forward_difference_jacobian(ResidualFunction<float>&, const Vec<float>&,
                                           const Vec<float>&, Mat<float>&, Vec<float>&,
                                           Vec<float>&);
template Index forward_difference_jacobian(ResidualFunction<double>&, const Vec<double>&,
                                           const Vec<double>&, Mat<double>&, Vec<double>&,
                                           Vec<double>&);
template void central_difference_jacobian(LeastSquaresObjective<float>&, const Vec<float>&,
                                          Mat<float>&);
template void central_difference_jacobian(LeastSquaresObjective<double>&, const Vec<double>&,
                                          Mat<double>&);
template class FiniteDifferenceLeastSquares<float>;
template class FiniteDifferenceLeastSquares<double>;

}  // namespace optim
