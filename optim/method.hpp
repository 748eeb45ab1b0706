#pragma once
// A method (DESIGN.md, role 2) holds immutable, validated hyperparameters; its mutable per-run
// state (role 3) is created by start() and advanced by step(). The generic driver owns the loop,
// the acceptance check and the stopping tests; a method only proposes the next iterate.
#include <memory>
#include <stdexcept>
#include <string>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/evaluator.hpp"
#include "optim/status.hpp"

namespace optim {

// A point with its value and gradient. `exact` is false when f and g are minibatch estimates.
template <class S>
struct Iterate {
  Vec<S> x;
  S f = S(0);
  Vec<S> g;
  bool exact = true;

  void resize(Index n) {
    x.resize(n);
    g.resize(n);
  }
};

// What one step reports besides the candidate. Status::Running means "candidate proposed";
// anything else ends the run with that status (e.g. LineSearchFailed, NumericalError) and the
// candidate is ignored.
struct StepReport {
  Status status = Status::Running;
  double lr = 0;  // learning rate or accepted step length, for observers
  std::string message;
  // For a status other than Running: the state this step leaves behind would report the same
  // status again, without evaluating anything (e.g. a convergence test that fired on the
  // accepted step and is reported now). The run is then still at rest, so the driver writes its
  // final checkpoint, and resuming that checkpoint ends at once the same way.
  bool repeatable = false;
  // Epoch bookkeeping for IterationRecord: completed epochs after this step and whether this step
  // completed one. epoch < 0 (the default) means one pass per step: the driver uses epoch = k.
  Index epoch = -1;
  bool epoch_end = true;
};

// What one pass over a data set of `samples` samples is for a method: `updates` steps drawing
// `samples_used` samples in all (fewer than `samples` when a ragged tail is dropped).
struct EpochShape {
  Index updates = 1;
  Index samples_used = 0;
};

template <class S>
class MethodState {
 public:
  virtual ~MethodState() = default;
  // Proposes the next iterate into `next` (already sized) given the current accepted one. It may
  // evaluate the objective as often as it needs through `eval`; it must leave next.f and next.g
  // consistent with next.x. Allocation belongs in start(), not here.
  virtual StepReport step(Evaluator<S>& eval, const Iterate<S>& current, Iterate<S>& next) = 0;
  // Called after the driver accepted `next` (so state that depends on acceptance can update).
  virtual void accepted(const Iterate<S>& /*previous*/, const Iterate<S>& /*current*/) {}
  // Whether the iterates this method produces carry exact (full-objective) f and g.
  virtual bool exact() const { return true; }
  // Checkpoints: lists once (StateArchive) everything step() depends on besides the current
  // iterate (moments, history, counters, RNG), such that loading it into a freshly started state
  // continues bit for bit as the saved run would have. A state that keeps this default cannot be
  // checkpointed.
  virtual void archive(StateArchive& a) { a.unsupported(); }
  // Whether archive() describes the whole state (a composite state asks its parts); the driver
  // refuses a checkpointed run of a state that is not, before the first step.
  bool checkpointable() { return archive_supported(*this); }
};

template <class S>
class Method {
 public:
  virtual ~Method() = default;
  virtual std::string name() const = 0;
  // Creates the run state. It may evaluate the start point itself (stochastic methods do, on a
  // batch); otherwise the driver evaluates f and g at x0 exactly. Throws std::invalid_argument when
  // the objective lacks a capability the method needs (e.g. least squares for Gauss-Newton).
  virtual std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const = 0;
  // True when start() fills x0.f / x0.g itself.
  virtual bool evaluates_start() const { return false; }
  // Samples per gradient estimate: 0 when every step sees the whole objective (the default);
  // stochastic methods (minibatch, online) return their batch size.
  virtual Index batch_size() const { return 0; }
  bool stochastic() const { return batch_size() > 0; }
  // One epoch on `samples` samples; the default (full batch) is one update seeing all of them.
  virtual EpochShape epoch_shape(Index samples) const { return {1, samples}; }
  // Whether the method honours a box (optim/bounds/bounds.hpp, read through eval.bounds()):
  // every point it evaluates and proposes lies in the box. The driver refuses a box with a
  // finite bound for a method that does not.
  virtual bool accepts_bounds() const { return false; }
  // Whether start() needs the objective's Hessian (or Hessian-vector products): the driver then
  // supplies one by differences of the gradient when the objective has none (Result says so).
  virtual bool needs_hessian() const { return false; }
  // Whether start() needs only Hessian-vector products (matrix-free methods): the driver supplies
  // them by differences of the gradient when the objective has no product of its own.
  virtual bool needs_hessian_vector() const { return false; }
  // Whether it reads the objective's curvature diagonal (DiagonalCurvatureProvider).
  virtual bool needs_curvature_diagonal() const { return false; }
};

}  // namespace optim
