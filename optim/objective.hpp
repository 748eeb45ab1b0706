#pragma once
// The objective interfaces (DESIGN.md, role 1). One small interface for what is minimised, and
// separate small capability interfaces (Hessian, least squares, separable) that a method discovers
// with dynamic_cast. Nothing here knows about neural networks or data files.
#include <span>
#include <string>

#include "optim/types.hpp"

namespace optim {

// f: R^n -> R. evaluate() returns f(x); when grad is non-null it also writes the gradient into
// *grad, which the caller has already sized to dim() (implementations must not reallocate it).
// A non-finite return value means "cannot evaluate here" (outside the domain, overflow, ...):
// methods and the driver treat it as a rejected point, never as a number.
template <class S>
class Objective {
 public:
  virtual ~Objective() = default;
  virtual Index dim() const = 0;
  virtual S evaluate(const Vec<S>& x, Vec<S>* grad) = 0;

  S value(const Vec<S>& x) { return evaluate(x, nullptr); }
};

// Second-order capabilities. A Hessian-vector product alone (the R-operator of a network,
// Pearlmutter 1994, or a difference of gradients) is what matrix-free methods such as Newton-CG
// need; the full Hessian is one more capability on top, whose product defaults to forming H
// (override it where H v is cheaper than H).
template <class S>
class HessianVectorProvider {
 public:
  virtual ~HessianVectorProvider() = default;
  // Writes H(x) v into *hv (pre-sized to dim()).
  virtual void hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>* hv) = 0;
};

template <class S>
class HessianProvider : public HessianVectorProvider<S> {
 public:
  // Writes the n x n Hessian into *hess (pre-sized by the caller).
  virtual void hessian(const Vec<S>& x, Mat<S>* hess) = 0;
  void hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>* hv) override {
    Mat<S> h(x.size(), x.size());
    hessian(x, &h);
    hv->noalias() = h * v;
  }
};

// Least squares: f(x) = 1/2 sum_i r_i(x)^2, gradient J^T r. Implementers provide residuals (and
// the m x n Jacobian when jac is non-null); evaluate() is derived from them.
template <class S>
class LeastSquaresObjective : public Objective<S> {
 public:
  virtual Index num_residuals() const = 0;
  // Writes r(x) into *res (pre-sized to m) and, when jac is non-null, J(x) into *jac (m x n).
  virtual void residuals(const Vec<S>& x, Vec<S>* res, Mat<S>* jac) = 0;

  S evaluate(const Vec<S>& x, Vec<S>* grad) override {
    const Index m = num_residuals();
    if (r_.size() != m) r_.resize(m);
    if (grad == nullptr) {
      residuals(x, &r_, nullptr);
      return S(0.5) * r_.squaredNorm();
    }
    if (j_.rows() != m || j_.cols() != x.size()) j_.resize(m, x.size());
    residuals(x, &r_, &j_);
    grad->noalias() = j_.transpose() * r_;
    return S(0.5) * r_.squaredNorm();
  }

 private:
  Vec<S> r_;  // scratch, sized once
  Mat<S> j_;
};

// Separable objective f(x) = (1/N) sum_i f_i(x) over N samples (a training set). Stochastic
// methods evaluate the mean over a batch of sample indices. The full evaluate() is the mean over
// all samples. Keeping "evaluate a batch" apart from "apply the update" lets a data-parallel
// reduction sit between them (optim/distributed/).
template <class S>
class SeparableObjective : public Objective<S> {
 public:
  virtual Index size() const = 0;
  // Mean of f_i over the given sample indices; gradient of that mean into *grad when non-null.
  virtual S evaluate_batch(const Vec<S>& x, std::span<const Index> batch, Vec<S>* grad) = 0;
  // The same mean of the exact f_i, without the training-time perturbations evaluate_batch may
  // apply (a network's dropout, input noise): the blocks of a full-batch evaluation split over
  // processes (optim/distributed/distributed_objective.hpp). Objectives without perturbations
  // keep this default.
  virtual S evaluate_exact(const Vec<S>& x, std::span<const Index> batch, Vec<S>* grad) {
    return evaluate_batch(x, batch, grad);
  }
};

}  // namespace optim
