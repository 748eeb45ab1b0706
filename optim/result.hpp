#pragma once
// What a run returns (DESIGN.md, role 4): the best point seen, its value and gradient norm, the
// counters, elapsed time and a typed Status with a human message.
#include <string>

#include "optim/bounds/active_bounds.hpp"
#include "optim/status.hpp"
#include "optim/types.hpp"

namespace optim {

struct EvalCounts {
  Index f = 0;        // objective values (with or without gradient)
  Index g = 0;        // gradients
  Index h = 0;        // Hessians / Jacobians / Hessian-vector products
  Index samples = 0;  // per-sample terms evaluated by batch calls (separable objectives)
};

// Where the run's gradients came from: the objective itself, or central finite differences of
// its values (a value-only function handed to minimize, optim/minimize.hpp).
enum class GradientSource { Objective, CentralDifferences };
// Where a second-order method's Hessians came from: the objective itself, or central differences
// of its exact gradient, supplied by the run when the objective has no Hessian
// (Evaluator::supply_hessian_by_differences).
enum class HessianSource { Objective, GradientDifferences };

template <class S>
struct Result {
  Vec<S> x;
  S f = S(0);
  S grad_norm = S(0);
  Index iterations = 0;
  EvalCounts evals;
  double time_s = 0;
  Status status = Status::Running;
  std::string message;
  std::string method;
  GradientSource gradient_source = GradientSource::Objective;
  HessianSource hessian_source = HessianSource::Objective;
  // A run on a box (optim/bounds/bounds.hpp): grad_norm is then the projected-gradient norm
  // ||P(x - g) - x||, `active` the bounds that hold at x and start_projected whether x0 lay
  // outside the box and was projected onto it.
  bool bounded = false;
  bool start_projected = false;
  ActiveBounds active;

  bool converged() const { return is_converged(status); }
  // One-paragraph Ceres-style summary.
  std::string brief_report() const;
};

}  // namespace optim
