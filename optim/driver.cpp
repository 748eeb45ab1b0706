#include "optim/driver.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "optim/bounds/bounded_run.hpp"
#include "optim/checkpoint/checkpointer.hpp"
#include "optim/run_state.hpp"

namespace optim {
namespace {

template <class S>
bool finite_point(const Iterate<S>& it) {
  return std::isfinite(static_cast<double>(it.f)) && it.g.allFinite();
}

// The stopping norm of g together with its finiteness test, in one pass over g instead of two:
// NaN when g has a NaN or Inf entry (the max propagates NaN; an Inf entry gives an Inf norm that
// is told apart from an overflowing 2-norm of finite entries by a second look only then).
template <class S>
double checked_norm(const Vec<S>& g, NormKind kind) {
  if (kind == NormKind::Inf) {
    const double m = g.size() == 0 ? 0.0 : g.cwiseAbs().template maxCoeff<Eigen::PropagateNaN>();
    return std::isfinite(m) ? m : std::numeric_limits<double>::quiet_NaN();
  }
  const double n2 = g.norm();  // the value norm_of gives
  if (std::isfinite(n2) || g.allFinite()) return n2;
  return std::numeric_limits<double>::quiet_NaN();
}

// What the stopping tests decided: Status::Running to go on, else the status and its message.
struct Verdict {
  Status status = Status::Running;
  std::string message;
};

std::string fmt_double(double v) {
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

}  // namespace

// The run, on the box `bounds` when it is not null (see driver.hpp for both entry points).
template <class S>
static Result<S> run_driver(Objective<S>& objective, const Vec<S>& x0, const Method<S>& method,
                            const Bounds<S>* bounds, const StopOptions& stop,
                            std::span<Observer<S>* const> observers,
                            const CheckpointOptions& checkpoint, const RunContext& context) {
  RunState<S> run;  // its clock starts now

  stop.validate();
  checkpoint.validate();
  const ContextScope scope(context);  // threads start here, once per run
  const Index n = objective.dim();
  if (n <= 0) {
    throw std::invalid_argument("the objective has dimension " + std::to_string(n) +
                                ": there is nothing to minimize");
  }
  if (x0.size() != n) {
    throw std::invalid_argument("x0 has length " + std::to_string(x0.size()) +
                                " but the objective has dimension " + std::to_string(n));
  }
  if (!x0.allFinite()) throw std::invalid_argument("x0 contains NaN or Inf");
  // The box of the run: null without bounds or when no bound is finite.
  const Bounds<S>* box = run_box(bounds, method, n);
  // The gradient tests' measure on a box: ||P(x - g) - x|| (NaN when g is not finite).
  auto projected_norm = [&](const Iterate<S>& it) {
    return box->projected_gradient_norm(it.x, it.g, stop.grad_norm);
  };
  const std::string gname = box ? "projected gradient norm " : "gradient norm ";

  Evaluator<S> eval(objective);
  eval.set_bounds(box);
  if (method.needs_hessian()) eval.supply_hessian_by_differences();  // only when f has none
  if (method.needs_hessian_vector()) eval.supply_hessian_vector_by_differences();
  eval.set_iteration_budget(stop.max_iter);
  run.resize(n);
  run.cur.x = x0;
  Iterate<S>& cur = run.cur;
  Iterate<S> next;
  next.resize(n);
  const bool start_projected = box && box->project(cur.x);

  Result<S> res;
  res.method = method.name();
  // A checkpoint of a run on a box names the box among its inputs: resumed on another box, it is
  // refused.
  CheckpointOptions checkpoint_of_run = checkpoint;
  if (box && checkpoint.active()) checkpoint_of_run.inputs.push_back(box_identity(*box));
  Checkpointer<S> checkpointer(checkpoint_of_run, res.method, observers);
  std::unique_ptr<MethodState<S>> state;
  bool at_rest = true;  // false while a step is in flight: the method state may be ahead of cur
  // Ends the run after iteration run.k. message is moved into res.message below; clang-tidy 14
  // does not see the move in a lambda.
  // NOLINTNEXTLINE(performance-unnecessary-value-param)
  auto finish = [&](Status status, std::string message) {
    if (at_rest && state) checkpointer.save(run, *state, eval);
    // The last iterate unless an earlier one was strictly better (a tie keeps the newest point
    // and its gradient, which the stopping tests just saw).
    // best is only materialised when the run moves away from it (best_is_cur otherwise).
    const Iterate<S>& out = (cur.exact && !run.best_is_cur && run.best.f < cur.f) ? run.best : cur;
    res.x = out.x;
    res.f = out.f;
    res.grad_norm = box ? static_cast<S>(projected_norm(out)) : norm_of(out.g, stop.grad_norm);
    res.iterations = run.k;
    res.evals = eval.counts();
    res.time_s = run.elapsed();
    res.hessian_source = eval.hessian_by_differences() ? HessianSource::GradientDifferences
                                                       : HessianSource::Objective;
    res.status = status;
    res.message = std::move(message);
    if (box) {
      res.bounded = true;
      res.start_projected = start_projected;
      res.active = box->active(out.x);
      res.message += "; " + res.active.summary();
    }
    for (auto* o : observers) o->on_finish(res);
    return res;
  };

  // The tests that end iteration k (after the observers), on the accepted point cur with
  // gradient norm gnorm, step_norm = ||x_k - x_{k-1}|| and f_prev = f_{k-1}. A resumed run
  // repeats them at the saved iteration: a run that converged then ends at once with the same
  // status and message, a run that ran out of budget ends again unless the budget grew, and a
  // run stopped by an observer (Ctrl-C) gets the tests that its stop pre-empted.
  auto end_tests = [&](Index k, double gnorm) -> Verdict {
    if (cur.exact) {
      if (gnorm <= stop.gtol || (stop.gtol_rel > 0 && gnorm <= stop.gtol_rel * run.g0)) {
        return {Status::ConvergedGradient, gname + fmt_double(gnorm) + " <= tolerance (gtol " +
                                               fmt_double(stop.gtol) + ", gtol_rel " +
                                               fmt_double(stop.gtol_rel) + ")"};
      }
      if (stop.xtol > 0 && run.step_norm <= stop.xtol * (stop.xtol_rel_base + cur.x.norm())) {
        return {Status::ConvergedStep, "step norm " + fmt_double(run.step_norm) + " <= xtol * (" +
                                           fmt_double(stop.xtol_rel_base) + " + |x|)"};
      }
      const double tiny = std::numeric_limits<S>::min();
      if (stop.ftol > 0 &&
          std::abs(cur.f - run.f_prev) <= stop.ftol * std::max<double>(std::abs(cur.f), tiny)) {
        return {Status::ConvergedFChange,
                "|f_k - f_{k-1}| = " + fmt_double(std::abs(cur.f - run.f_prev)) +
                    " <= ftol * max(|f_k|, tiny)"};
      }
    }
    if (k >= stop.max_iter) {
      return {Status::MaxIterations,
              "reached the iteration limit " + std::to_string(stop.max_iter)};
    }
    if (stop.max_evals > 0 && eval.counts().f >= stop.max_evals) {
      return {Status::MaxEvaluations,
              "reached the evaluation limit " + std::to_string(stop.max_evals)};
    }
    if (stop.time_limit_s > 0 && run.elapsed() >= stop.time_limit_s) {
      return {Status::TimeLimit, "reached the time limit " + fmt_double(stop.time_limit_s) + " s"};
    }
    return {};
  };

  state = method.start(eval, cur);
  const bool resumed = checkpointer.resume(run, *state, eval);
  const Index k0 = run.k;
  if (!resumed && !method.evaluates_start()) {
    cur.f = eval.value_gradient(cur.x, cur.g);
    cur.exact = true;
  }
  if (cur.g.size() != n) {
    throw std::invalid_argument("the objective wrote a gradient of length " +
                                std::to_string(cur.g.size()) + ", expected " + std::to_string(n));
  }
  if (!resumed) {
    run.best_f = cur.f;
    run.best_is_cur = true;
    run.g0 = box ? projected_norm(cur) : norm_of(cur.g, stop.grad_norm);
  }
  if (!finite_point(cur)) {
    return finish(Status::NonFinite,
                  "objective is not finite at the start point (f = " + fmt_double(cur.f) +
                      (cur.g.allFinite() ? "" : ", gradient has NaN/Inf") + ")");
  }
  IterationRecord<S> rec;
  rec.k = k0;
  rec.f = cur.f;
  rec.grad_norm = box ? projected_norm(cur) : norm_of(cur.g, stop.grad_norm);
  rec.evals = eval.counts();
  rec.exact = cur.exact;
  rec.x = &cur.x;
  rec.time_s = run.elapsed();
  for (auto* o : observers) o->on_start(rec);
  checkpointer.resume_observers();

  if (resumed && k0 > 0) {
    // The iteration's tests again, on the saved gradient (checked_norm gives the bits the
    // saved run's test saw).
    Verdict v = end_tests(k0, box ? projected_norm(cur) : checked_norm(cur.g, stop.grad_norm));
    if (v.status != Status::Running) return finish(v.status, std::move(v.message));
  }
  if (resumed && k0 >= stop.max_iter) {  // k0 == 0 (saved at the start point) and max_iter 0
    return finish(Status::MaxIterations,
                  "reached the iteration limit " + std::to_string(stop.max_iter));
  }
  if (k0 == 0 && cur.exact && (run.g0 <= stop.gtol)) {
    return finish(Status::ConvergedGradient, gname + fmt_double(run.g0) + " <= gtol " +
                                                 fmt_double(stop.gtol) + " at the start point");
  }

  // The step norm is one more pass over two vectors: only when a test or an observer needs it.
  // A checkpointed run always computes it: a resumed run may add xtol and repeats the test.
  const bool want_step =
      stop.xtol > 0 || checkpointer.active() ||
      std::any_of(observers.begin(), observers.end(), [](auto* o) { return o->uses_step_norm(); });
  for (;;) {
    const Index k = run.k + 1;
    at_rest = false;
    const StepReport rep = state->step(eval, cur, next);
    if (rep.status != Status::Running) {
      at_rest = rep.repeatable;  // otherwise the state may have moved past cur: no final save
      return finish(rep.status,
                    rep.message.empty() ? std::string(to_string(rep.status)) : rep.message);
    }
    const double gnorm = box ? projected_norm(next) : checked_norm(next.g, stop.grad_norm);
    if (!std::isfinite(static_cast<double>(next.f)) || std::isnan(gnorm)) {
      return finish(Status::NonFinite,
                    "objective or gradient not finite at the candidate of iteration " +
                        std::to_string(k) + "; kept the last finite point");
    }
    run.step_norm = want_step ? (next.x - cur.x).norm() : std::numeric_limits<double>::quiet_NaN();
    run.f_prev = cur.f;
    state->accepted(cur, next);
    const bool improves = next.exact && next.f < run.best_f;
    if (run.best_is_cur && !improves) {
      run.best.x = cur.x;
      run.best.g = cur.g;
      run.best.f = cur.f;
      run.best_is_cur = false;
    }
    cur.x.swap(next.x);
    cur.g.swap(next.g);
    std::swap(cur.f, next.f);
    cur.exact = next.exact;
    if (improves) {
      run.best_f = cur.f;
      run.best_is_cur = true;
    }
    run.k = k;
    at_rest = true;

    rec.k = k;
    rec.f = cur.f;
    rec.grad_norm = gnorm;
    rec.step_norm = run.step_norm;
    rec.lr = rep.lr;
    rec.evals = eval.counts();
    rec.time_s = run.elapsed();
    rec.exact = cur.exact;
    rec.x = &cur.x;
    rec.epoch = rep.epoch >= 0 ? rep.epoch : k;
    rec.epoch_end = rep.epoch >= 0 ? rep.epoch_end : true;
    for (auto* o : observers) {
      const Status s = o->on_iteration(rec);
      if (s != Status::Running) {
        return finish(s, "stopped by an observer at iteration " + std::to_string(k) + " (" +
                             std::string(to_string(s)) + ")");
      }
    }

    if (Verdict v = end_tests(k, gnorm); v.status != Status::Running) {
      return finish(v.status, std::move(v.message));
    }
    checkpointer.save_if_due(run, *state, eval);
  }
}

template <class S>
Result<S> minimize(Objective<S>& objective, const Vec<S>& x0, const Method<S>& method,
                   const StopOptions& stop, std::span<Observer<S>* const> observers,
                   const CheckpointOptions& checkpoint, const RunContext& context) {
  return run_driver<S>(objective, x0, method, nullptr, stop, observers, checkpoint, context);
}

template <class S>
Result<S> minimize(Objective<S>& objective, const Vec<S>& x0, const Method<S>& method,
                   const Bounds<S>& bounds, const StopOptions& stop,
                   std::span<Observer<S>* const> observers, const CheckpointOptions& checkpoint,
                   const RunContext& context) {
  return run_driver<S>(objective, x0, method, &bounds, stop, observers, checkpoint, context);
}

template Result<float> minimize(Objective<float>&, const Vec<float>&, const Method<float>&,
                                const StopOptions&, std::span<Observer<float>* const>,
                                const CheckpointOptions&, const RunContext&);
template Result<double> minimize(Objective<double>&, const Vec<double>&, const Method<double>&,
                                 const StopOptions&, std::span<Observer<double>* const>,
                                 const CheckpointOptions&, const RunContext&);
template Result<float> minimize(Objective<float>&, const Vec<float>&, const Method<float>&,
                                const Bounds<float>&, const StopOptions&,
                                std::span<Observer<float>* const>, const CheckpointOptions&,
                                const RunContext&);
template Result<double> minimize(Objective<double>&, const Vec<double>&, const Method<double>&,
                                 const Bounds<double>&, const StopOptions&,
                                 std::span<Observer<double>* const>, const CheckpointOptions&,
                                 const RunContext&);

}  // namespace optim
