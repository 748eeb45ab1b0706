#include "optim/least_squares/finite_difference_jacobian.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace optim {

template <class S>
Index forward_difference_jacobian(ResidualFunction<S>& f, const Vec<S>& x, const Vec<S>& r0,
                                  Mat<S>& jac, Vec<S>& xp, Vec<S>& rp) {
  // h_j = sqrt(eps) max(|x_j|, 1): relative step for large x_j, absolute near 0 (N&W 8.1).
  const S root_eps = std::sqrt(std::numeric_limits<S>::epsilon());
  xp = x;
  for (Index j = 0; j < x.size(); ++j) {
    const S h = root_eps * std::max(std::abs(x[j]), S(1));
    xp[j] = x[j] + h;
    const S hj = xp[j] - x[j];  // the step actually representable in floating point
    f.residuals(xp, &rp);
    jac.col(j) = (rp - r0) / hj;
    xp[j] = x[j];
  }
  return x.size();
}

namespace {
// Views a LeastSquaresObjective as a residual-only function.
template <class S>
class ResidualsOf final : public ResidualFunction<S> {
 public:
  explicit ResidualsOf(LeastSquaresObjective<S>& f) : f_(f) {}
  Index dim() const override { return f_.dim(); }
  Index num_residuals() const override { return f_.num_residuals(); }
  void residuals(const Vec<S>& x, Vec<S>* res) override { f_.residuals(x, res, nullptr); }

 private:
  LeastSquaresObjective<S>& f_;
};
}  // namespace

template <class S>
void forward_difference_jacobian(LeastSquaresObjective<S>& f, const Vec<S>& x, Mat<S>& jac) {
  ResidualsOf<S> view(f);
  const Index m = f.num_residuals();
  Vec<S> r0(m), rp(m), xp(x.size());
  f.residuals(x, &r0, nullptr);
  jac.resize(m, x.size());
  forward_difference_jacobian<S>(view, x, r0, jac, xp, rp);
}

template <class S>
FiniteDifferenceLeastSquares<S>::FiniteDifferenceLeastSquares(
    std::shared_ptr<ResidualFunction<S>> f)
    : f_(std::move(f)) {
  if (!f_) throw std::invalid_argument("FiniteDifferenceLeastSquares needs a residual function");
  if (f_->dim() <= 0 || f_->num_residuals() <= 0) {
    throw std::invalid_argument("residual function has dim " + std::to_string(f_->dim()) +
                                " and " + std::to_string(f_->num_residuals()) +
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
template void forward_difference_jacobian(LeastSquaresObjective<float>&, const Vec<float>&,
                                          Mat<float>&);
template void forward_difference_jacobian(LeastSquaresObjective<double>&, const Vec<double>&,
                                          Mat<double>&);
template class FiniteDifferenceLeastSquares<float>;
template class FiniteDifferenceLeastSquares<double>;

}  // namespace optim
