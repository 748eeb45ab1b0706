#pragma once
// The counted gateway through which a method reaches its objective. It counts every evaluation
// (so budgets and reports are exact without methods doing bookkeeping) and exposes the optional
// capabilities found on the objective.
#include <memory>
#include <span>

#include "optim/bounds/bounds.hpp"
#include "optim/finite_difference.hpp"
#include "optim/objective.hpp"
#include "optim/result.hpp"

namespace optim {

template <class S>
class Evaluator {
 public:
  explicit Evaluator(Objective<S>& obj)
      : obj_(obj),
        hess_(dynamic_cast<HessianProvider<S>*>(&obj)),
        hvp_(dynamic_cast<HessianVectorProvider<S>*>(&obj)),
        lsq_(dynamic_cast<LeastSquaresObjective<S>*>(&obj)),
        sep_(dynamic_cast<SeparableObjective<S>*>(&obj)) {}

  Index dim() const { return obj_.dim(); }
  Objective<S>& objective() { return obj_; }

  // Value only: the cheap probe line searches use.
  S value(const Vec<S>& x) {
    if (guard_) bounds_->require_inside(x);
    ++counts_.f;
    return obj_.evaluate(x, nullptr);
  }
  // Value and gradient; g must already have size dim().
  S value_gradient(const Vec<S>& x, Vec<S>& g) {
    if (guard_) bounds_->require_inside(x);
    ++counts_.f;
    ++counts_.g;
    return obj_.evaluate(x, &g);
  }

  HessianProvider<S>* hessian_provider() const { return hess_; }
  void hessian(const Vec<S>& x, Mat<S>& h) {
    if (guard_) bounds_->require_inside(x);
    ++counts_.h;
    const Index before = fd_ ? fd_->inner_evaluations() : 0;
    hess_->hessian(x, &h);
    count_difference_gradients(before);
  }
  // H v from the objective's own product (a HessianVectorProvider, which every HessianProvider
  // is), or from the differences supplied below.
  HessianVectorProvider<S>* hessian_vector_provider() const { return hvp_; }
  void hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>& hv) {
    if (guard_) bounds_->require_inside(x);
    ++counts_.h;
    const Index before = fd_ ? fd_->inner_evaluations() : 0;
    hvp_->hessian_vector(x, v, &hv);
    count_difference_gradients(before);
  }
  // For a method that needs second derivatives (Method::needs_hessian) when the objective has
  // none of its own: the Hessian (and H v) from central differences of the objective's exact
  // gradient (FiniteDifference with use_inner_gradient; Nocedal & Wright section 8.1). Each
  // gradient those differences take counts as one f and one g evaluation, besides the h count.
  // On a box the differences stay inside it (FiniteDifference::set_box). Does nothing when the
  // objective has a Hessian.
  void supply_hessian_by_differences() {
    if (hess_ != nullptr) return;
    make_differences();
    hess_ = fd_.get();
    if (hvp_ == nullptr) hvp_ = fd_.get();  // an exact product of the objective's own stays
  }
  // For a matrix-free method (Method::needs_hessian_vector): H v by differences of the gradient
  // only when the objective has no product of its own (an objective with the R-operator keeps
  // it, even without a full Hessian).
  void supply_hessian_vector_by_differences() {
    if (hvp_ != nullptr) return;
    make_differences();
    hvp_ = fd_.get();
  }
  bool hessian_by_differences() const { return fd_ != nullptr; }

  LeastSquaresObjective<S>* least_squares() const { return lsq_; }
  void residuals(const Vec<S>& x, Vec<S>& r, Mat<S>* jac) {
    if (guard_) bounds_->require_inside(x);
    ++counts_.f;
    if (jac != nullptr) ++counts_.h;
    lsq_->residuals(x, &r, jac);
  }

  SeparableObjective<S>* separable() const { return sep_; }
  S batch_value_gradient(const Vec<S>& x, std::span<const Index> batch, Vec<S>* g) {
    if (guard_) bounds_->require_inside(x);
    ++counts_.f;
    if (g != nullptr) ++counts_.g;
    counts_.samples += static_cast<Index>(batch.size());
    return sep_->evaluate_batch(x, batch, g);
  }

  // The run's iteration budget (the driver's StopOptions::max_iter; 0: unknown), so that a
  // method sizes its history by what the run can use: L-BFGS stores at most one pair per
  // iteration and keeps min(m, budget) pairs, not m.
  Index iteration_budget() const { return iteration_budget_; }
  void set_iteration_budget(Index budget) { iteration_budget_ = budget; }

  // The run's box (optim/bounds/bounds.hpp), null when the run has none: a method that accepts
  // bounds reads it here. With the box's guard on, every evaluation above first checks that x
  // lies in the box (Bounds::require_inside).
  const Bounds<S>* bounds() const { return bounds_; }
  void set_bounds(const Bounds<S>* b) {
    bounds_ = b;
    guard_ = b != nullptr && b->guards_evaluations();
    if (fd_) fd_->set_box(b);
  }

  const EvalCounts& counts() const { return counts_; }
  // A resumed run continues the counts of the run it was checkpointed from.
  void restore_counts(const EvalCounts& c) { counts_ = c; }

 private:
  void make_differences() {
    if (fd_) return;
    FdOptions opts;
    opts.use_inner_gradient = true;
    fd_ = std::make_unique<FiniteDifference<S>>(obj_, opts);
    fd_->set_box(bounds_);  // on a box, the differences probe only points inside it
  }

  Objective<S>& obj_;
  HessianProvider<S>* hess_;
  HessianVectorProvider<S>* hvp_;
  LeastSquaresObjective<S>* lsq_;
  SeparableObjective<S>* sep_;
  EvalCounts counts_;
  void count_difference_gradients(Index before) {
    if (!fd_) return;
    counts_.f += fd_->inner_evaluations() - before;
    counts_.g += fd_->inner_evaluations() - before;
  }

  Index iteration_budget_ = 0;
  std::unique_ptr<FiniteDifference<S>> fd_;  // the Hessian by differences, when supplied
  const Bounds<S>* bounds_ = nullptr;
  bool guard_ = false;
};

}  // namespace optim
