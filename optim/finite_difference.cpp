// Finite-difference gradient/Hessian adapter and gradient checker (see finite_difference.hpp for
// the formulas and their source).
#include "optim/finite_difference.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace optim {

void FdOptions::validate() const {
  if (!(rel_step >= 0) || !std::isfinite(rel_step)) {
    throw std::invalid_argument("FdOptions.rel_step = " + std::to_string(rel_step) +
                                " is invalid (allowed: finite, >= 0; 0 picks the default)");
  }
}

namespace {

template <class S>
double eps() {
  return static_cast<double>(std::numeric_limits<S>::epsilon());
}

// Step h = c * max(1, |xi|), rounded so that (xi + h) - xi == h exactly in S.
template <class S>
S step_for(S xi, double c) {
  const S h = static_cast<S>(c) * std::max(S(1), std::abs(xi));
  const volatile S t = xi + h;  // volatile: keep the rounding to S
  return t - xi;
}

}  // namespace

template <class S>
FiniteDifference<S>::FiniteDifference(Objective<S>& inner, FdOptions opts)
    : inner_(inner), opts_(opts) {
  opts_.validate();
  const Index n = inner_.dim();
  xp_.resize(n);
  gp_.resize(n);
  gm_.resize(n);
  gx_.resize(n);
  xh_.resize(n);
}

template <class S>
double FiniteDifference<S>::gradient_rel_step() const {
  if (opts_.rel_step > 0) return opts_.rel_step;
  return opts_.scheme == FdScheme::Central ? std::cbrt(eps<S>()) : std::sqrt(eps<S>());
}

template <class S>
double FiniteDifference<S>::hessian_rel_step() const {
  if (opts_.rel_step > 0) return opts_.rel_step;
  if (opts_.use_inner_gradient) return gradient_rel_step();
  // Differencing a differenced gradient: see the header for the u^(2/9) / u^(1/4) balance.
  return opts_.scheme == FdScheme::Central ? std::pow(eps<S>(), 2.0 / 9.0)
                                           : std::pow(eps<S>(), 0.25);
}

template <class S>
S FiniteDifference<S>::value(const Vec<S>& x) {
  ++inner_calls_;
  return inner_.evaluate(x, nullptr);
}

template <class S>
void FiniteDifference<S>::gradient(const Vec<S>& x, S fx, Vec<S>* grad) {
  const double c = gradient_rel_step();
  // On a box, a one-sided difference takes the forward rule's step (sqrt(u): its error is O(h)).
  const double c_one = opts_.rel_step > 0 ? opts_.rel_step : std::sqrt(eps<S>());
  xp_ = x;
  for (Index i = 0; i < x.size(); ++i) {
    const S h = step_for(x[i], c);
    const bool forward = opts_.scheme == FdScheme::Forward;
    if (box_ != nullptr && !(fits(i, x[i] + h) && (forward || fits(i, x[i] - h)))) {
      (*grad)[i] = boxed_partial(i, step_for(x[i], c_one), fx);
      xp_[i] = x[i];
      continue;
    }
    if (forward) {
      xp_[i] = x[i] + h;
      (*grad)[i] = (value(xp_) - fx) / h;
    } else {
      xp_[i] = x[i] + h;
      const S fp = value(xp_);
      xp_[i] = x[i] - h;
      const S fm = value(xp_);
      (*grad)[i] = (fp - fm) / (S(2) * h);
    }
    xp_[i] = x[i];
  }
}

template <class S>
S FiniteDifference<S>::boxed_partial(Index i, S h, S fx) {
  // Towards the side with room, the forward side first (as boxed_column); where neither side has
  // room for h, the longer side's distance to its bound is the step; a fixed variable
  // (l_i == u_i) has no difference at all, and its partial is taken as 0 (a run never moves it).
  const S xi = xp_[i];
  const S up = box_->upper()[i] - xi, down = xi - box_->lower()[i];
  S t = h;  // signed probe offset
  if (!fits(i, xi + h)) t = fits(i, xi - h) ? -h : (up >= down ? up : -down);
  if (t == S(0)) return S(0);
  xp_[i] = xi + t;
  if (!fits(i, xp_[i])) xp_[i] = t > 0 ? box_->upper()[i] : box_->lower()[i];
  t = xp_[i] - xi;  // the offset as rounded
  return (value(xp_) - fx) / t;
}

template <class S>
void FiniteDifference<S>::any_gradient(const Vec<S>& x, Vec<S>* grad) {
  if (opts_.use_inner_gradient) {
    ++inner_calls_;
    inner_.evaluate(x, grad);
    return;
  }
  // f(x) for forward differences, and on a box for the one-sided ones of central differences.
  const S fx = opts_.scheme == FdScheme::Forward || box_ != nullptr ? value(x) : S(0);
  gradient(x, fx, grad);
}

template <class S>
S FiniteDifference<S>::evaluate(const Vec<S>& x, Vec<S>* grad) {
  if (grad == nullptr) return value(x);
  if (opts_.use_inner_gradient) {
    ++inner_calls_;
    return inner_.evaluate(x, grad);
  }
  const S fx = value(x);
  gradient(x, fx, grad);
  return fx;
}

template <class S>
void FiniteDifference<S>::hessian(const Vec<S>& x, Mat<S>* hess) {
  const Index n = x.size();
  const double c = hessian_rel_step();
  const bool central = opts_.scheme == FdScheme::Central;
  // A one-sided column on a box takes the forward rule's step (u^(1/2) on an exact gradient,
  // u^(1/4) on a differenced one, as in the header), not the central one: its error is O(h).
  const double c_one = opts_.rel_step > 0         ? opts_.rel_step
                       : opts_.use_inner_gradient ? std::sqrt(eps<S>())
                                                  : std::pow(eps<S>(), 0.25);
  if (!central) any_gradient(x, &gx_);
  gx_current_ = !central;  // a boxed column needs g(x): taken once, when the first one does
  xh_ = x;
  for (Index j = 0; j < n; ++j) {
    const S h = step_for(x[j], c);
    if (box_ != nullptr && !(central && fits(j, x[j] + h) && fits(j, x[j] - h))) {
      boxed_column(x, j, step_for(x[j], c_one), hess);
      continue;
    }
    xh_[j] = x[j] + h;
    any_gradient(xh_, &gp_);
    if (central) {
      xh_[j] = x[j] - h;
      any_gradient(xh_, &gm_);
      hess->col(j) = (gp_ - gm_) / (S(2) * h);
    } else {
      hess->col(j) = (gp_ - gx_) / h;
    }
    xh_[j] = x[j];
  }
  // Differences give a slightly asymmetric matrix; the true Hessian is symmetric.
  for (Index j = 0; j < n; ++j) {
    for (Index i = j + 1; i < n; ++i) {
      const S avg = S(0.5) * ((*hess)(i, j) + (*hess)(j, i));
      (*hess)(i, j) = (*hess)(j, i) = avg;
    }
  }
}

template <class S>
bool FiniteDifference<S>::fits(Index j, S xj) const {
  return xj >= box_->lower()[j] && xj <= box_->upper()[j];
}

template <class S>
void FiniteDifference<S>::boxed_column(const Vec<S>& x, Index j, S h, Mat<S>* hess) {
  // A one-sided difference towards the side with room (gx_ holds g(x)); the forward side first,
  // as the unboxed forward scheme.
  const S up = box_->upper()[j] - x[j], down = x[j] - box_->lower()[j];
  S t = h;  // signed probe offset
  if (!fits(j, x[j] + h)) t = fits(j, x[j] - h) ? -h : (up >= down ? up : -down);
  if (t == S(0)) {  // a fixed variable: no room either side
    hess->col(j).setZero();
    return;
  }
  if (!gx_current_) any_gradient(x, &gx_);
  gx_current_ = true;
  xh_[j] = x[j] + t;
  if (!fits(j, xh_[j])) xh_[j] = t > 0 ? box_->upper()[j] : box_->lower()[j];
  t = xh_[j] - x[j];  // the offset as rounded
  any_gradient(xh_, &gp_);
  hess->col(j) = (gp_ - gx_) / t;
  xh_[j] = x[j];
}

template <class S>
void FiniteDifference<S>::hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>* hv) {
  const S vn = v.norm();
  if (vn == S(0)) {
    hv->setZero();
    return;
  }
  const S t = static_cast<S>(hessian_rel_step()) * std::max(S(1), x.norm()) / vn;
  xh_ = x + t * v;
  any_gradient(xh_, &gp_);
  if (opts_.scheme == FdScheme::Central) {
    xh_ = x - t * v;
    any_gradient(xh_, &gm_);
    *hv = (gp_ - gm_) / (S(2) * t);
  } else {
    any_gradient(x, &gx_);
    *hv = (gp_ - gx_) / t;
  }
}

template <class S>
GradientCheck check_gradient(Objective<S>& obj, const std::type_identity_t<Vec<S>>& x,
                             GradientCheckOptions opts) {
  const Index n = obj.dim();
  if (x.size() != n) {
    throw std::invalid_argument("check_gradient: x has length " + std::to_string(x.size()) +
                                ", the objective has dimension " + std::to_string(n));
  }
  if (!(opts.rel_step >= 0) || !(opts.floor > 0)) {
    throw std::invalid_argument("check_gradient: rel_step must be >= 0 and floor > 0");
  }
  GradientCheck out;
  Vec<S> g(n);
  const S f = obj.evaluate(x, &g);
  const double c = opts.rel_step > 0 ? opts.rel_step : std::cbrt(eps<S>());
  Vec<S> xp = x;
  out.finite = std::isfinite(static_cast<double>(f)) && g.allFinite();
  double worst = -1;
  for (Index i = 0; i < n; ++i) {
    const S h = step_for(x[i], c);
    xp[i] = x[i] + h;
    const S fp = obj.evaluate(xp, nullptr);
    xp[i] = x[i] - h;
    const S fm = obj.evaluate(xp, nullptr);
    xp[i] = x[i];
    const double num = (static_cast<double>(fp) - static_cast<double>(fm)) / (2.0 * h);
    const double ana = static_cast<double>(g[i]);
    const double abs_err = std::abs(ana - num);
    double rel = abs_err / std::max({std::abs(ana), std::abs(num), opts.floor});
    if (!std::isfinite(num) || !std::isfinite(ana)) {
      out.finite = false;
      rel = std::numeric_limits<double>::infinity();
    }
    out.max_abs_error = std::max(out.max_abs_error, abs_err);
    if (rel > worst) {
      worst = rel;
      out.worst_index = i;
      out.analytic = ana;
      out.numeric = num;
      out.rel_error = rel;
    }
  }
  return out;
}

template class FiniteDifference<float>;
template class FiniteDifference<double>;
template GradientCheck check_gradient<float>(Objective<float>&, const Vec<float>&,
                                             GradientCheckOptions);
template GradientCheck check_gradient<double>(Objective<double>&, const Vec<double>&,
                                              GradientCheckOptions);

}  // namespace optim
