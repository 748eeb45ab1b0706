#pragma once
// Why a run ended. Expected failures are statuses, never exceptions (DESIGN.md, role 4).
#include <string_view>

namespace optim {

enum class Status {
  Running,            // not finished (observers return this to let a run continue)
  ConvergedGradient,  // gradient-norm test met
  ConvergedStep,      // step-norm test met
  ConvergedFChange,   // relative f-change test met
  MaxIterations,      // iteration budget spent
  MaxEvaluations,     // evaluation budget spent
  TimeLimit,          // wall-time budget spent
  LineSearchFailed,   // no acceptable step along the search direction
  NonFinite,          // objective or gradient not finite (at the start or at a candidate)
  Diverged,           // f exploded (divergence guard)
  StoppedByObserver,  // an observer/callback asked to stop (a callback, Ctrl-C)
  NumericalError,     // a factorisation or linear solve failed beyond repair
  EarlyStopped,       // early stopping: the watched (validation) loss stopped improving; a success
  ConvergedResidual,  // a root finder's residual-norm test met: r(x) = 0 to its tolerance
};

constexpr std::string_view to_string(Status s) {
  switch (s) {
    case Status::Running:
      return "running";
    case Status::ConvergedGradient:
      return "converged_gradient";
    case Status::ConvergedStep:
      return "converged_step";
    case Status::ConvergedFChange:
      return "converged_f_change";
    case Status::MaxIterations:
      return "max_iterations";
    case Status::MaxEvaluations:
      return "max_evaluations";
    case Status::TimeLimit:
      return "time_limit";
    case Status::LineSearchFailed:
      return "line_search_failed";
    case Status::NonFinite:
      return "non_finite";
    case Status::Diverged:
      return "diverged";
    case Status::StoppedByObserver:
      return "stopped";
    case Status::EarlyStopped:
      return "early_stopped";
    case Status::ConvergedResidual:
      return "converged_residual";
    case Status::NumericalError:
      return "numerical_error";
  }
  return "unknown";
}

constexpr bool is_converged(Status s) {
  return s == Status::ConvergedGradient || s == Status::ConvergedStep ||
         s == Status::ConvergedFChange || s == Status::ConvergedResidual;
}

// A run that ended where it should: converged, or stopped early because the watched loss (a
// validation loss) no longer improved. Early stopping is the intended end of a training run, not a
// spent budget, so it shares the converged runs' exit code. (EarlyStopped is the last status so
// that the numbers of the others, saved as integers in checkpoints, stay as they were;
// ConvergedResidual came later and follows it for the same reason.)
constexpr bool is_success(Status s) {
  return is_converged(s) || s == Status::EarlyStopped;
}

// Process exit codes for the CLI: 0 converged or early-stopped, 1 budget exhausted (iterations,
// evaluations, time), 2 reserved for usage errors, 3 numerical failure (line search, non-finite,
// diverged, numerical), 4 stopped by an observer/user.
constexpr int exit_code(Status s) {
  if (is_success(s)) return 0;
  switch (s) {
    case Status::MaxIterations:
    case Status::MaxEvaluations:
    case Status::TimeLimit:
      return 1;
    case Status::StoppedByObserver:
      return 4;
    default:
      return 3;
  }
}

}  // namespace optim
