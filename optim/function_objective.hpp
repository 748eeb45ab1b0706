#pragma once
// A user's plain function as an Objective (DESIGN.md, role 1 "adapters add missing pieces"), so
// that minimize() takes a lambda without a class:
//  - GradientFunction<S>: S f(const Vec<S>& x, Vec<S>* g), the shape of Objective::evaluate (a
//    null g asks for the value only; otherwise g is pre-sized to n and must not be reallocated);
//  - ValueFunction<S>: S f(const Vec<S>& x), value only; minimize() supplies the gradient by
//    central finite differences (optim/finite_difference.hpp).
// A callable that accepts both shapes counts as a GradientFunction (its gradient is used).
#include <concepts>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "optim/objective.hpp"

namespace optim {

template <class F, class S>
concept GradientFunction = !std::derived_from<std::remove_cvref_t<F>, Objective<S>> &&
                           std::is_invocable_r_v<S, F&, const Vec<S>&, Vec<S>*>;

template <class F, class S>
concept ValueFunction = !std::derived_from<std::remove_cvref_t<F>, Objective<S>> &&
                        !GradientFunction<F, S> && std::is_invocable_r_v<S, F&, const Vec<S>&>;

// Objective over a GradientFunction of dimension n. F may be a reference type (minimize() wraps
// the caller's callable without copying it).
template <class S, class F>
class FunctionObjective final : public Objective<S> {
 public:
  FunctionObjective(F fn, Index n) : fn_(std::forward<F>(fn)), n_(n) {}
  Index dim() const override { return n_; }
  S evaluate(const Vec<S>& x, Vec<S>* grad) override { return static_cast<S>(fn_(x, grad)); }

 private:
  F fn_;
  Index n_;
};

// Objective over a ValueFunction: values only. Wrap it in FiniteDifference for a gradient; asking
// it for one directly is a programming error (std::logic_error).
template <class S, class F>
class ValueOnlyObjective final : public Objective<S> {
 public:
  ValueOnlyObjective(F fn, Index n) : fn_(std::forward<F>(fn)), n_(n) {}
  Index dim() const override { return n_; }
  S evaluate(const Vec<S>& x, Vec<S>* grad) override {
    if (grad != nullptr)
      throw std::logic_error("a value-only function has no gradient: wrap it in FiniteDifference");
    return static_cast<S>(fn_(x));
  }

 private:
  F fn_;
  Index n_;
};

}  // namespace optim
