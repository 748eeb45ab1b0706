#pragma once
// minimize() for what a user has in hand, all forwarding to the one driver (optim/driver.hpp):
//  - f is a plain callable: S f(const Vec<S>& x, Vec<S>* g) (value and optional gradient, as
//    Objective::evaluate) or S f(const Vec<S>& x) (value only: the gradient, and a Hessian for
//    Newton, come from central finite differences, and the Result says so in gradient_source);
//  - or an Objective, with x0 given as any Eigen column-vector expression;
//  - the method is a Method (Lbfgs<S>({.m = 6}), make_method's result, ...) or a bare update
//    rule (Adam<S>({.lr = 1e-3}), ...), which runs as FirstOrder with a constant learning rate on
//    the full batch (build a FirstOrder yourself for a schedule or minibatches);
//  - the run context (threads and gemm backend, optim/run_context.hpp) comes last, as on the
//    driver, and defaults to the caller's current one.
// The scalar S is x0's (Eigen::VectorXd::Zero(2), 2 * v, a Vec<float>, ...) and the dimension is
// x0's length. minimize<S>(objective, x0, method, ...) with an Objective and a Method keeps
// resolving to the driver's own overload: the overloads here exclude exactly that case. Each form
// has a twin taking a box (optim/bounds/bounds.hpp) after the method.
#include <concepts>
#include <memory>
#include <span>

#include "optim/driver.hpp"
#include "optim/finite_difference.hpp"
#include "optim/first_order/first_order.hpp"
#include "optim/function_objective.hpp"

namespace optim {

// What minimize() accepts as a method over scalar S.
template <class M, class S>
concept MethodOrRule = std::derived_from<M, Method<S>> || std::derived_from<M, UpdateRule<S>>;

// An Eigen expression that evaluates to a column vector (a start point).
template <class X>
concept VectorExpression = std::derived_from<X, Eigen::MatrixBase<X>> && X::ColsAtCompileTime == 1;

// A plain function over S, in either shape.
template <class F, class S>
concept UserFunction = GradientFunction<F, S> || ValueFunction<F, S>;

// An Objective call that the driver's own overload does not take (x0 an expression rather than a
// Vec<S>, or a bare update rule as the method), so that the two never compete.
template <class O, class X, class M>
concept ObjectiveBesidesDriver = std::derived_from<O, Objective<typename X::Scalar>> &&
    !(std::same_as<X, Vec<typename X::Scalar>> && std::derived_from<M, Method<typename X::Scalar>>);

namespace detail {

// Runs the driver with a Method, or with a rule wrapped as a full-batch, constant-rate FirstOrder;
// on the box `bounds` when it is not null.
template <class S, class M>
Result<S> run_method(Objective<S>& objective, const Vec<S>& x0, const M& method,
                     const Bounds<S>* bounds, const StopOptions& stop,
                     std::span<Observer<S>* const> observers, const CheckpointOptions& checkpoint,
                     const RunContext& context) {
  auto run = [&](const Method<S>& m) {
    return bounds
               ? optim::minimize<S>(objective, x0, m, *bounds, stop, observers, checkpoint, context)
               : optim::minimize<S>(objective, x0, m, stop, observers, checkpoint, context);
  };
  if constexpr (std::derived_from<M, Method<S>>) {
    return run(static_cast<const Method<S>&>(method));
  } else {
    // Non-owning pointer (aliasing an empty shared_ptr): the caller's rule outlives this call.
    const FirstOrder<S> first_order(
        std::shared_ptr<const UpdateRule<S>>(std::shared_ptr<const UpdateRule<S>>(), &method));
    return run(first_order);
  }
}

// A user function in either shape, on the box `bounds` when it is not null.
template <class S, class F, class M>
Result<S> run_function(F& f, const Vec<S>& start, const M& method, const Bounds<S>* bounds,
                       const StopOptions& stop, std::span<Observer<S>* const> observers,
                       const CheckpointOptions& checkpoint, const RunContext& context) {
  if constexpr (GradientFunction<F, S>) {
    FunctionObjective<S, F&> objective(f, start.size());
    return run_method<S>(objective, start, method, bounds, stop, observers, checkpoint, context);
  } else {
    // Central differences, one-sided at a bound so that no probe leaves the box.
    ValueOnlyObjective<S, F&> values(f, start.size());
    FiniteDifference<S> objective(values, FdOptions{.scheme = FdScheme::Central});
    if (bounds != nullptr && bounds->constrains()) objective.set_box(bounds);
    Result<S> r =
        run_method<S>(objective, start, method, bounds, stop, observers, checkpoint, context);
    r.gradient_source = GradientSource::CentralDifferences;
    r.evals.f = objective.inner_evaluations();
    return r;
  }
}

}  // namespace detail

// f: a GradientFunction or a ValueFunction (optim/function_objective.hpp). For a value-only f,
// result.evals.f counts the calls of f (the finite differences' probes included); observers'
// on_finish sees the Result before gradient_source and that count are filled in. (x0's type comes
// first among the template parameters so that the constraints on the others can name its scalar.)
template <VectorExpression X, MethodOrRule<typename X::Scalar> M,
          UserFunction<typename X::Scalar> F>
Result<typename X::Scalar> minimize(F&& f, const Eigen::MatrixBase<X>& x0, const M& method,
                                    const StopOptions& stop = {},
                                    std::span<Observer<typename X::Scalar>* const> observers = {},
                                    const CheckpointOptions& checkpoint = {},
                                    const RunContext& context = current_context()) {
  using S = typename X::Scalar;
  const Vec<S> start = x0;
  return detail::run_function<S>(f, start, method, nullptr, stop, observers, checkpoint, context);
}

// The same on the box `bounds` (optim/bounds/bounds.hpp; see the driver's bounded overload). A
// value-only f gets central differences that turn one-sided at a bound, so that no probe leaves
// the box (FiniteDifference::set_box).
template <VectorExpression X, MethodOrRule<typename X::Scalar> M,
          UserFunction<typename X::Scalar> F>
Result<typename X::Scalar> minimize(F&& f, const Eigen::MatrixBase<X>& x0, const M& method,
                                    const Bounds<typename X::Scalar>& bounds,
                                    const StopOptions& stop = {},
                                    std::span<Observer<typename X::Scalar>* const> observers = {},
                                    const CheckpointOptions& checkpoint = {},
                                    const RunContext& context = current_context()) {
  using S = typename X::Scalar;
  const Vec<S> start = x0;
  return detail::run_function<S>(f, start, method, &bounds, stop, observers, checkpoint, context);
}

// An Objective with x0 as an Eigen expression and/or a bare update rule as the method.
template <VectorExpression X, MethodOrRule<typename X::Scalar> M, ObjectiveBesidesDriver<X, M> O>
Result<typename X::Scalar> minimize(O& objective, const Eigen::MatrixBase<X>& x0, const M& method,
                                    const StopOptions& stop = {},
                                    std::span<Observer<typename X::Scalar>* const> observers = {},
                                    const CheckpointOptions& checkpoint = {},
                                    const RunContext& context = current_context()) {
  using S = typename X::Scalar;
  const Vec<S> start = x0;
  return detail::run_method<S>(objective, start, method, nullptr, stop, observers, checkpoint,
                               context);
}

// The same on the box `bounds` (optim/bounds/bounds.hpp).
template <VectorExpression X, MethodOrRule<typename X::Scalar> M, ObjectiveBesidesDriver<X, M> O>
Result<typename X::Scalar> minimize(O& objective, const Eigen::MatrixBase<X>& x0, const M& method,
                                    const Bounds<typename X::Scalar>& bounds,
                                    const StopOptions& stop = {},
                                    std::span<Observer<typename X::Scalar>* const> observers = {},
                                    const CheckpointOptions& checkpoint = {},
                                    const RunContext& context = current_context()) {
  using S = typename X::Scalar;
  const Vec<S> start = x0;
  return detail::run_method<S>(objective, start, method, &bounds, stop, observers, checkpoint,
                               context);
}

}  // namespace optim
