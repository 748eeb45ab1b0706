#pragma once
// The objective restricted to the free variables of a point on a box: z -> f(x with x_F = z),
// the other coordinates held at their bounds. At the end of a bound-constrained run the
// second-order test (critical-point classification) belongs to this function: the active bounds
// are first-order conditions (their gradient components point out of the box), and only the
// curvature over the free subspace decides whether the point is a local minimum (the reduced
// Hessian Z' H Z of Nocedal & Wright, section 12.5 and 16.7, with Z the free coordinates).
// The Hessian is the inner one's free block when the inner objective has one.
#include <stdexcept>
#include <vector>

#include "optim/bounds/active_bounds.hpp"
#include "optim/objective.hpp"

namespace optim {

template <class S>
class FreeVariables final : public Objective<S>, public HessianProvider<S> {
 public:
  // `inner` must outlive the adapter; x is the point whose active bounds are held fixed.
  FreeVariables(Objective<S>& inner, const Vec<S>& x, const ActiveBounds& active)
      : inner_(inner), hess_inner_(dynamic_cast<HessianProvider<S>*>(&inner)), full_(x) {
    std::vector<bool> held(static_cast<std::size_t>(x.size()), false);
    for (const auto* list : {&active.at_lower, &active.at_upper, &active.fixed}) {
      for (Index i : *list) held[static_cast<std::size_t>(i)] = true;
    }
    for (Index i = 0; i < x.size(); ++i) {
      if (!held[static_cast<std::size_t>(i)]) free_.push_back(i);
    }
    grad_.resize(x.size());
  }

  Index dim() const override { return static_cast<Index>(free_.size()); }
  bool has_inner_hessian() const { return hess_inner_ != nullptr; }
  // The point's free coordinates (the start of a restricted evaluation).
  Vec<S> free_part() const {
    Vec<S> z(dim());
    for (Index j = 0; j < dim(); ++j) z[j] = full_[free_[std::size_t(j)]];
    return z;
  }

  S evaluate(const Vec<S>& z, Vec<S>* grad) override {
    expand(z);
    const S f = inner_.evaluate(full_, grad ? &grad_ : nullptr);
    if (grad) {
      grad->resize(dim());
      for (Index j = 0; j < dim(); ++j) (*grad)[j] = grad_[free_[std::size_t(j)]];
    }
    return f;
  }

  void hessian(const Vec<S>& z, Mat<S>* hess) override {
    if (!hess_inner_) throw std::invalid_argument("the objective has no Hessian of its own");
    expand(z);
    const Index n = full_.size();
    if (h_.rows() != n) h_.resize(n, n);
    hess_inner_->hessian(full_, &h_);
    for (Index a = 0; a < dim(); ++a) {
      for (Index b = 0; b < dim(); ++b) {
        (*hess)(a, b) = h_(free_[std::size_t(a)], free_[std::size_t(b)]);
      }
    }
  }

 private:
  void expand(const Vec<S>& z) {
    for (Index j = 0; j < dim(); ++j) full_[free_[std::size_t(j)]] = z[j];
  }

  Objective<S>& inner_;
  HessianProvider<S>* hess_inner_;
  Vec<S> full_, grad_;
  Mat<S> h_;
  std::vector<Index> free_;
};

}  // namespace optim
