// `optim minimize`: run one method on one problem and report why it stopped.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>

#include "box_flags.hpp"
#include "checkpoint_flags.hpp"
#include "command.hpp"
#include "common.hpp"
#include "named_bounds.hpp"
#include "optim/bounds/bounded_run.hpp"
#include "optim/bounds/bounds.hpp"
#include "optim/bounds/free_variables.hpp"
#include "optim/checkpoint/input_identity.hpp"
#include "optim/checkpoint/interrupt.hpp"
#include "optim/driver.hpp"
#include "optim/finite_difference.hpp"
#include "optim/observers/divergence_guard.hpp"
#include "optim/observers/iteration_printer.hpp"
#include "optim/observers/progress_bar.hpp"
#include "optim/observers/run_files.hpp"
#include "optim/observers/trace_recorder.hpp"
#include "optim/registry.hpp"
#include "optim/second_order/critical_point.hpp"
#include "problems/expr/expression_objective.hpp"
#include "problems/registry.hpp"
#include "range_checks.hpp"
#include "resource_limits.hpp"
#include "studies_table.hpp"
#include "variable_names.hpp"

namespace optim::cli {
namespace {

struct MinimizeFlags {
  std::string problem;
  std::string expr;         // a typed formula instead of a named problem
  std::string vars;         // its variable order (default: order of first appearance)
  bool vars_given = false;  // --vars "" is an empty list (an error), not "no --vars"
  Index dim = 0;
  std::string x0;
  BoxFlags box;        // --lower / --upper: one value each, or one per coordinate
  std::string bounds;  // --bounds x=0:1,y=-1: by variable name (--expr only)
  bool single = false;
  bool json = false;
  std::string trace;      // .csv or .json
  Index print_every = 0;  // 0: no per-iteration lines
  bool progress = false;
  double diverge_factor = 1e6;
  int threads = 1;  // of the update rules' loops (large n only)
  MethodFlags method;
  StopFlags stop;
  CheckpointFlags checkpoint;
};

// What a checkpoint must agree on to be resumed: everything that shapes the iterates (the stop
// options may differ, so that a finished run can be continued with a larger budget). The
// method's part is its field table's signature: every setting at full precision, so that two
// spellings of one value ("1e-3", "0.001") are one run.
std::string run_signature(const MinimizeFlags& f) {
  return "minimize problem=" + f.problem + " expr=" + f.expr + " vars=" + f.vars +
         " dim=" + std::to_string(f.dim) + " x0=" + f.x0 + " lower=" + f.box.lower +
         " upper=" + f.box.upper + (f.bounds.empty() ? "" : " bounds=" + f.bounds) +
         " dtype=" + (f.single ? "float" : "double") + " method=" + f.method.method + " " +
         find_method(f.method.method).signature(f.method.to_params());
}

// A formula as a problem: exact gradient and Hessian from its computation graph; no standard
// start, so --x0 is required.
template <class S>
problems::Problem<S> expression_problem(const MinimizeFlags& f) {
  if (!f.problem.empty()) throw UsageError("give either --problem or --expr, not both");
  const std::vector<std::string> vars =
      f.vars_given ? variable_names(f.vars) : std::vector<std::string>{};
  problems::Problem<S> p;
  p.name = f.expr;
  p.family = "expression";
  try {
    p.objective = std::make_unique<expr::ExpressionObjective<S>>(f.expr, vars);
  } catch (const expr::ParseError& e) {
    throw UsageError(e.render(14));  // caret stays under the character after "optim: error: "
  }
  const auto& names = static_cast<const expr::ExpressionObjective<S>&>(*p.objective).variables();
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ",") + n;
  if (f.x0.empty())
    throw UsageError("--expr needs --x0 with one value per variable (" + list + ")");
  p.x0 = Vec<S>::Zero(p.objective->dim());
  return p;
}

template <class S>
problems::Problem<S> resolve_problem(const MinimizeFlags& f) {
  if (f.problem.empty() && f.expr.empty()) {
    throw UsageError("give --problem NAME (see `optim list problems`) or --expr FORMULA");
  }
  if (f.expr.empty() && f.vars_given) throw UsageError("--vars names the variables of --expr");
  problems::Problem<S> p =
      f.expr.empty() ? problems::make_problem<S>(f.problem, f.dim) : expression_problem<S>(f);
  if (!f.x0.empty()) {
    const auto values = parse_list(f.x0, "--x0");
    if (static_cast<Index>(values.size()) != p.objective->dim()) {
      throw UsageError("--x0 has " + std::to_string(values.size()) + " values but problem '" +
                       p.name + "' has dimension " + std::to_string(p.objective->dim()));
    }
    for (Index i = 0; i < p.x0.size(); ++i) p.x0[i] = static_cast<S>(values[size_t(i)]);
  }
  return p;
}

// --lower / --upper: a list of n values, or one value for every coordinate; inf and -inf leave a
// side open. Checked before the run: the box itself (l <= u, no NaN), and that the method honours
// bounds (the methods that do are named).
// --bounds x=0:1,y=-1: is the same box by the names of --expr's variables
// (cli/named_bounds.hpp); a named problem has no names, and the two spellings do not mix.
template <class S>
std::optional<Bounds<S>> resolve_bounds(const MinimizeFlags& f, const problems::Problem<S>& p,
                                        const Method<S>& method, const std::string& method_name) {
  const Index n = p.objective->dim();
  if (!f.bounds.empty()) {
    if (f.expr.empty()) {
      throw UsageError(
          "--bounds names the variables of --expr; for a named problem give "
          "--lower/--upper");
    }
    if (f.box.given()) {
      throw UsageError("give either --bounds or --lower/--upper, not both");
    }
    const auto& vars = static_cast<const expr::ExpressionObjective<S>&>(*p.objective).variables();
    const NamedBounds nb = parse_named_bounds(f.bounds, vars, "variable");
    Vec<S> lo(n), hi(n);
    for (Index i = 0; i < n; ++i) {
      lo[i] = static_cast<S>(nb.lower[size_t(i)]);
      hi[i] = static_cast<S>(nb.upper[size_t(i)]);
    }
    std::optional<Bounds<S>> box;
    try {
      box.emplace(lo, hi);
    } catch (const std::invalid_argument& e) {  // a float bound the conversion made infinite
      throw UsageError(std::string("--bounds: ") + e.what());
    }
    if (box->constrains()) require_accepts_bounds(method_name, method.accepts_bounds(), "--bounds");
    return box;
  }
  std::optional<Bounds<S>> box = box_of<S>(f.box, n);
  if (box && box->constrains()) require_accepts_bounds(method_name, method.accepts_bounds());
  return box;
}

// The second-order test at the returned point, one short line whatever n (dense eigenvalues for
// small n, Lanczos extremes above ClassifyOptions::dense_max_dim; critical_point.hpp). An
// objective without a Hessian of its own gets it from differences of its exact gradient. A point
// where the Hessian is not finite is reported as unclassified: the run itself succeeded.
template <class S>
std::string describe_point(Objective<S>& objective, const Vec<S>& x, bool own_hessian) {
  try {
    if (own_hessian) return classify_point<S>(objective, x).describe();
    FdOptions fo;
    fo.use_inner_gradient = true;
    FiniteDifference<S> fd(objective, fo);
    return classify_point<S>(fd, x).describe();
  } catch (const std::invalid_argument&) {
    return "unclassified (the Hessian is not finite here)";
  }
}

// On a box's boundary the active bounds are first-order conditions: the second-order test is
// over the free variables only (optim/bounds/free_variables.hpp).
template <class S>
std::string classify(Objective<S>& objective, const Result<S>& r) {
  if (!r.converged()) return "";
  if (!r.bounded || r.active.count() == 0) {
    return describe_point(objective, r.x, dynamic_cast<HessianProvider<S>*>(&objective) != nullptr);
  }
  FreeVariables<S> free(objective, r.x, r.active);
  if (free.dim() == 0) return "a vertex of the box (every variable on a bound)";
  return describe_point<S>(free, free.free_part(), free.has_inner_hessian()) + " on the " +
         std::to_string(free.dim()) + " free variables";
}

// Memory the run needs, checked before the method allocates it: the problem's vectors (--dim),
// the dense methods' n x n matrices and, for L-BFGS, its ring of 2 (min(m, max_iter) + 1) vectors
// of n on top of the run's vectors (named by --m when the user gave it, by --dim otherwise).
template <class S>
void check_sizes(const MinimizeFlags& f, const UserSettings& settings, Index n) {
  const std::string dim =
      f.dim > 0 ? "--dim " + std::to_string(f.dim) : "the problem's dimension " + std::to_string(n);
  check_problem_size(dim, double(n), f.method.method, sizeof(S));
  const MethodInfo& info = find_method(f.method.method);
  for (const auto& hp : info.params) {
    if (hp.name != "m" || info.name != "lbfgs") continue;
    // The ring holds min(m, max_iter) pairs (lbfgs.cpp): a run never stores more pairs than it
    // has iterations.
    const long m = std::min<long>(settings.params().get_int("m", std::stol(hp.default_value)),
                                  static_cast<long>(f.stop.stop.max_iter));
    const std::string who = settings.has("m")
                                ? settings.as_typed("m")
                                : dim + " with --method lbfgs (m = " + std::to_string(m) + ")";
    require_fits_in_memory(who, (12.0 + 2.0 * (double(m) + 1)) * double(n) * sizeof(S),
                           "the L-BFGS memory of 2 (m + 1) vectors of n = " + std::to_string(n) +
                               " and the run's vectors");
  }
}

template <class S>
int run(const MinimizeFlags& f) {
  const UserSettings settings = f.method.settings();
  problems::Problem<S> p = resolve_problem<S>(f);
  auto method = make_user_method<S>(f.method.method, settings);
  check_sizes<S>(f, settings, p.objective->dim());
  const std::optional<Bounds<S>> box = resolve_bounds<S>(f, p, *method, f.method.method);
  const StopOptions stop = f.stop.resolve();
  if (!f.trace.empty()) TraceRecorder<S>::check_path(f.trace);
  RunFiles().output("--trace", f.trace).output("--checkpoint", f.checkpoint.path).check();
  CheckpointOptions ckpt = checkpoint_options(f.checkpoint, run_signature(f));
  if (ckpt.active()) {
    for (const auto& file : p.data_files) ckpt.inputs.push_back(file_identity(file));
  }
  const Index resumed_from = announce_resume(f.checkpoint, "iteration");

  std::vector<Observer<S>*> observers;
  TraceRecorder<S> trace(/*record_x=*/true);
  IterationPrinter<S> printer(std::cout, std::max<Index>(f.print_every, 1));
  ProgressBar<S> bar(stop.max_iter, std::cerr);
  DivergenceGuard<S> guard({f.diverge_factor > 0 ? f.diverge_factor : 1.0});
  if (!f.trace.empty()) {
    trace.stream_to(f.trace);  // rows go to the file as they come; the checkpoint keeps its end
    observers.push_back(&trace);
  }
  if (f.print_every > 0) observers.push_back(&printer);
  if (f.progress) observers.push_back(&bar);
  if (f.diverge_factor > 0) observers.push_back(&guard);
  InterruptScope stop_signals;  // SIGINT, SIGTERM, SIGHUP: stop after the current step, save
  InterruptObserver<S> interrupt;
  observers.push_back(&interrupt);

  const RunContext context = run_context(f.threads);
  const Result<S> r =
      box ? minimize<S>(*p.objective, p.x0, *method, *box, stop, observers, ckpt, context)
          : minimize<S>(*p.objective, p.x0, *method, stop, observers, ckpt, context);
  const bool interrupted = InterruptScope::interrupted();
  const std::string point = classify(*p.objective, r);
  if (f.json) {
    auto j = result_json(r);
    j["problem"] = p.name;
    j["threads"] = context.threads;
    if (p.f_min) j["f_min"] = *p.f_min;
    if (!point.empty()) j["critical_point"] = point;
    if (interrupted) {
      j["interrupted"] = true;
      j["signal"] = InterruptScope::signal_name();
    }
    if (ckpt.active()) {
      j["checkpoint"] = ckpt.path;
      j["resumed_from"] = resumed_from;
    }
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "problem     " << p.name << " (n = " << p.objective->dim() << ")\n"
              << "method      " << r.method << "\n"
              << result_summary(r);
    if (p.f_min) std::cout << "known min   " << *p.f_min << "\n";
    if (!point.empty()) std::cout << "point       " << point << "\n";
    if (!f.trace.empty()) std::cout << "trace       " << f.trace << "\n";
    if (interrupted) std::cout << "interrupted by " << InterruptScope::signal_name() << "\n";
    if (ckpt.active()) {
      std::cout << "checkpoint  " << ckpt.path;
      if (resumed_from > 0) std::cout << " (resumed from iteration " << resumed_from << ")";
      std::cout << "\n";
    }
  }
  return exit_code(r.status);
}

const Registrar reg("minimize", "minimize a named problem with a method", [](CLI::App& app) {
  auto f = std::make_shared<MinimizeFlags>();
  app.add_option("--problem,-p", f->problem, "problem name (see `optim list problems`)");
  app.add_option("--expr", f->expr, "minimize a formula instead, e.g. \"(1-x)^2 + 100*(y-x^2)^2\"");
  auto* vars = app.add_option("--vars", f->vars,
                              "variable order of --expr, e.g. x,y (default: first appearance)");
  app.add_option("--dim,-n", f->dim, "dimension for n-dimensional problems (0: default)")
      ->check(at_least(0));
  app.add_option("--x0", f->x0, "start point a,b,... (default: the problem's standard start)");
  add_box_flags(app, f->box);
  app.add_option("--bounds", f->bounds,
                 "bounds by --expr variable name, x=0:1,y=-1: (a missing side is unbounded; "
                 "the same box as --lower/--upper)");
  app.add_flag("--float", f->single, "run in single precision");
  app.add_flag("--json", f->json, "print one JSON object");
  app.add_option("--trace", f->trace, "write every iteration (with x) to FILE.csv or FILE.json");
  app.add_option("--print-every", f->print_every, "print one line every N iterations (0 off)");
  app.add_flag("--progress", f->progress, "progress bar on stderr (only on a terminal)");
  app.add_option("--diverge-factor", f->diverge_factor,
                 "stop as diverged when f > f0 + factor max(1,|f0|) (0 off)")
      ->capture_default_str();
  add_threads_flag(app, f->threads);
  add_method_flags(app, f->method, {.default_method = "lbfgs"});
  add_stop_flags(app, f->stop);
  add_checkpoint_flags(app, f->checkpoint, "iterations");
  return [f, vars] {
    f->vars_given = vars->count() > 0;
    return f->single ? run<float>(*f) : run<double>(*f);
  };
});

}  // namespace
}  // namespace optim::cli
