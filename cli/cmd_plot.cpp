// `optim plot`: pictures of runs. contour: a 2-D problem's level sets with the trajectories of
// several methods, start and known minima marked. convergence: f - f* and |g| against iteration,
// evaluations and time (log scale) from trace files (`optim minimize --trace`) or fresh runs.
// learning: loss and accuracy per epoch, train and test, from training traces (`optim train`).
#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "box_flags.hpp"
#include "command.hpp"
#include "method_sets.hpp"
#include "optim/driver.hpp"
#include "optim/observers/run_files.hpp"
#include "optim/observers/trace_csv.hpp"
#include "optim/observers/trace_recorder.hpp"
#include "optim/registry.hpp"
#include "plot_commands.hpp"
#include "plot_runner.hpp"
#include "problems/registry.hpp"
#include "studies_table.hpp"

namespace optim::cli {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Trace files (optim minimize/train --trace) as column name -> values; the reader refuses
// malformed files naming line and column (optim/observers/trace_csv.hpp).
using Columns = TraceColumns;

Columns read_csv(const std::string& path) {
  return read_trace_csv(path);
}

// The first of `names` present in the columns, or nullptr.
const std::vector<double>* column(const Columns& c, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    auto it = c.find(n);
    if (it != c.end()) return &it->second;
  }
  return nullptr;
}

const std::vector<double>& require_column(const Columns& c, const std::string& path,
                                          std::initializer_list<const char*> names) {
  if (const auto* v = column(c, names)) return *v;
  std::string want;
  for (const char* n : names) want += (want.empty() ? "" : " or ") + std::string(n);
  throw UsageError("trace '" + path + "' has no column " + want);
}

nlohmann::json nums(const std::vector<double>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (double x : v) a.push_back(std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr));
  return a;
}

std::string stem(const std::string& path) {
  const auto slash = path.find_last_of('/');
  std::string s = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto dot = s.find_last_of('.');
  return dot == std::string::npos ? s : s.substr(0, dot);
}

// The picture must not replace a trace it is drawn from (nor be a device, a folder, ...).
void check_plot_files(const std::string& traces, const std::string& out) {
  RunFiles files;
  if (!traces.empty())
    for (const auto& t : split_names(traces, "--trace")) files.input("--trace", t);
  files.output("--out", out).check();
}

struct Run {
  std::string method;
  Result<double> result;
  std::unique_ptr<TraceRecorder<double>> trace;  // every iterate, x included
};

std::vector<Run> run_methods(problems::Problem<double>& p, const std::string& methods,
                             const std::vector<std::string>& sets, Index max_iter,
                             const Bounds<double>* box = nullptr) {
  std::vector<Run> runs;
  const auto choices = parse_method_sets(methods, sets);
  std::vector<std::unique_ptr<Method<double>>> made;
  for (const MethodChoice& choice : choices) {  // every refusal before the first run
    made.push_back(make_method<double>(choice.name, choice.params()));
    if (box && box->constrains())
      require_accepts_bounds(choice.name, made.back()->accepts_bounds());
  }
  for (size_t k = 0; k < choices.size(); ++k) {
    const std::string& name = choices[k].name;
    const Method<double>& m = *made[k];
    StopOptions stop;
    stop.max_iter = max_iter;
    auto trace = std::make_unique<TraceRecorder<double>>(/*record_x=*/true);
    trace->reserve(std::min<Index>(max_iter, 100000) + 1);
    Observer<double>* obs[] = {trace.get()};
    Result<double> r = box ? minimize<double>(*p.objective, p.x0, m, *box, stop, obs)
                           : minimize<double>(*p.objective, p.x0, m, stop, obs);
    runs.push_back({name, std::move(r), std::move(trace)});
  }
  return runs;
}

void print_runs(const std::vector<Run>& runs) {
  Table t({"method", "status", "iterations", "evaluations", "f", "x"});
  for (const auto& r : runs) {
    std::string x;
    for (Index i = 0; i < r.result.x.size(); ++i) {
      if (i > 0) x += ",";
      x += fmt(r.result.x[i], 5);
    }
    t.add({r.method, std::string(to_string(r.result.status)), std::to_string(r.result.iterations),
           std::to_string(r.result.evals.f + r.result.evals.h), fmt(r.result.f, 6), x});
  }
  t.print(std::cout);
}

// ---- contour --------------------------------------------------------------------------------

struct ContourFlags {
  std::string problem;
  std::string methods = "gd";
  std::vector<std::string> sets;
  std::string x0;
  std::string xlim, ylim;
  Index max_iter = 2000;
  Index grid = 200;
  BoxFlags box;
  std::string out;
  PlotSize size;
};

std::pair<double, double> parse_lim(const std::string& s, const std::string& flag) {
  const auto v = split_numbers(s, flag);
  if (v.size() != 2 || !(v[0] < v[1]))
    throw UsageError(flag + " needs two values lo,hi with lo < hi");
  return {v[0], v[1]};
}

int run_contour(const ContourFlags& f) {
  if (f.problem.empty()) throw UsageError("give --problem NAME (a 2-D problem, e.g. rosenbrock)");
  if (f.out.empty()) throw UsageError("give --out FILE.png");
  if (f.grid < 10 || f.grid > 1000) throw UsageError("--grid must be in 10..1000");
  RunFiles().output("--out", f.out).check();
  problems::Problem<double> p = problems::make_problem<double>(f.problem, 0);
  if (p.objective->dim() != 2) {
    throw UsageError("contour plots need a 2-D problem; '" + f.problem + "' has dimension " +
                     std::to_string(p.objective->dim()));
  }
  if (!f.x0.empty()) {
    const auto v = split_numbers(f.x0, "--x0");
    if (v.size() != 2) throw UsageError("--x0 needs 2 values for a 2-D problem");
    p.x0 << v[0], v[1];
  }
  const std::optional<Bounds<double>> box = box_of<double>(f.box, 2);
  const auto runs = run_methods(p, f.methods, f.sets, f.max_iter, box ? &*box : nullptr);

  // Default window: start, known minima and the box's finite sides, padded; trajectories widen it
  // up to 3 spans further (a divergent run must not shrink everything else to a dot).
  double lo[2], hi[2];
  for (int d = 0; d < 2; ++d) {
    lo[d] = hi[d] = p.x0[d];
    for (const auto& m : p.minimizers) {
      lo[d] = std::min(lo[d], m[d]);
      hi[d] = std::max(hi[d], m[d]);
    }
    if (box) {
      for (const double b : {box->lower()[d], box->upper()[d]}) {
        if (std::isfinite(b)) {
          lo[d] = std::min(lo[d], b);
          hi[d] = std::max(hi[d], b);
        }
      }
    }
    const double span = std::max(hi[d] - lo[d], 2.0);
    const double clip_lo = lo[d] - 3 * span, clip_hi = hi[d] + 3 * span;
    for (const auto& r : runs) {
      for (std::size_t i = 0; i < r.trace->rows().size(); ++i) {
        const double v = r.trace->x_of(i)[d];
        if (v >= clip_lo && v <= clip_hi) {
          lo[d] = std::min(lo[d], v);
          hi[d] = std::max(hi[d], v);
        }
      }
    }
    const double pad = 0.15 * std::max(hi[d] - lo[d], 2.0);
    lo[d] -= pad;
    hi[d] += pad;
  }
  if (!f.xlim.empty()) std::tie(lo[0], hi[0]) = parse_lim(f.xlim, "--xlim");
  if (!f.ylim.empty()) std::tie(lo[1], hi[1]) = parse_lim(f.ylim, "--ylim");

  nlohmann::json spec;
  spec["title"] = p.name + ": trajectories from (" + fmt(p.x0[0]) + ", " + fmt(p.x0[1]) + ")";
  add_contour_grid(spec, *p.objective, lo, hi, f.grid);
  spec["log_levels"] = p.f_min.has_value();
  spec["start"] = {p.x0[0], p.x0[1]};
  if (box) {  // the feasible box, an infinite side as null (drawn to the window's edge)
    auto side = [](const Vec<double>& v) {
      nlohmann::json j = nlohmann::json::array();
      for (Index d = 0; d < 2; ++d)
        j.push_back(std::isfinite(v[d]) ? nlohmann::json(v[d]) : nlohmann::json(nullptr));
      return j;
    };
    spec["box"] = {{"lower", side(box->lower())}, {"upper", side(box->upper())}};
    spec["title"] = spec["title"].get<std::string>() + " on a box";
  }
  spec["minima"] = nlohmann::json::array();
  for (const auto& m : p.minimizers) spec["minima"].push_back({m[0], m[1]});
  spec["trajectories"] = nlohmann::json::array();
  for (const auto& r : runs) {
    std::vector<double> tx, ty;
    for (std::size_t i = 0; i < r.trace->rows().size(); ++i) {
      tx.push_back(r.trace->x_of(i)[0]);
      ty.push_back(r.trace->x_of(i)[1]);
    }
    spec["trajectories"].push_back({{"name", r.method}, {"x", tx}, {"y", ty}});
  }
  render_plot("contour", spec, f.out, f.size);
  print_runs(runs);
  std::cout << "wrote " << f.out << "\n";
  return 0;
}

// ---- convergence ----------------------------------------------------------------------------

struct ConvergenceFlags {
  std::string traces;
  std::string labels;
  std::string problem;
  std::string methods;
  std::vector<std::string> sets;
  Index max_iter = 2000;
  std::string f_star;
  std::string out;
  PlotSize size;
};

struct Series {
  std::string name;
  std::vector<double> iteration, evaluations, time_s, f, grad;
};

int run_convergence(const ConvergenceFlags& f) {
  if (f.out.empty()) throw UsageError("give --out FILE.png");
  if (f.traces.empty() == f.problem.empty()) {
    throw UsageError("give either --trace a.csv,b.csv or --problem NAME --methods a,b");
  }
  check_plot_files(f.traces, f.out);
  std::vector<Series> series;
  std::optional<double> f_star;
  if (!f.f_star.empty()) f_star = split_numbers(f.f_star, "--f-star").at(0);
  if (!f.traces.empty()) {
    const auto paths = split_names(f.traces, "--trace");
    std::vector<std::string> labels;
    if (!f.labels.empty()) labels = split_names(f.labels, "--labels");
    if (!labels.empty() && labels.size() != paths.size()) {
      throw UsageError("--labels has " + std::to_string(labels.size()) + " names for " +
                       std::to_string(paths.size()) + " traces");
    }
    for (size_t i = 0; i < paths.size(); ++i) {
      const Columns c = read_csv(paths[i]);
      Series s;
      s.name = labels.empty() ? stem(paths[i]) : labels[i];
      s.iteration = require_column(c, paths[i], {"k", "iteration", "iter"});
      s.f = require_column(c, paths[i], {"f", "value", "loss"});
      if (const auto* g = column(c, {"grad_norm", "gnorm", "g_norm"})) s.grad = *g;
      if (const auto* e = column(c, {"f_evals", "evaluations", "nfev"})) {
        s.evaluations = *e;
        // Evaluations as `optim compare` counts them: value(+gradient) calls + Hessian calls.
        if (const auto* h = column(c, {"h_evals"}))
          for (size_t k = 0; k < s.evaluations.size(); ++k) s.evaluations[k] += (*h)[k];
      }
      if (const auto* t = column(c, {"time_s", "time"})) s.time_s = *t;
      if (s.f.empty()) throw UsageError("trace '" + paths[i] + "' has no rows");
      series.push_back(std::move(s));
    }
  } else {
    if (f.methods.empty()) throw UsageError("--problem needs --methods a,b,...");
    problems::Problem<double> p = problems::make_problem<double>(f.problem, 0);
    if (!f_star && p.f_min) f_star = *p.f_min;
    for (const auto& r : run_methods(p, f.methods, f.sets, f.max_iter)) {
      Series s;
      s.name = r.method;
      for (const TraceRow& row : r.trace->rows()) {
        s.iteration.push_back(double(row.k));
        s.evaluations.push_back(double(row.f_evals));
        s.time_s.push_back(row.time_s);
        s.f.push_back(row.f);
        s.grad.push_back(row.grad_norm);
      }
      series.push_back(std::move(s));
    }
  }
  std::string f_label = "f - f*";
  if (!f_star) {
    // No known minimum: measure against the best value any run reached (that point drops off the
    // log scale, which is why a known f* is better).
    double best = std::numeric_limits<double>::infinity();
    for (const auto& s : series)
      for (double v : s.f)
        if (std::isfinite(v)) best = std::min(best, v);
    f_star = best;
    f_label = "f - min f over the runs";
  }
  nlohmann::json spec;
  spec["title"] = "Convergence" + (f.problem.empty() ? std::string() : " on " + f.problem);
  spec["f_label"] = f_label;
  spec["series"] = nlohmann::json::array();
  for (const auto& s : series) {
    std::vector<double> gap;
    for (double v : s.f) gap.push_back(v - *f_star > 0 ? v - *f_star : kNaN);
    nlohmann::json j = {{"name", s.name}, {"iteration", nums(s.iteration)}, {"f_gap", nums(gap)}};
    if (!s.grad.empty()) j["grad_norm"] = nums(s.grad);
    if (!s.evaluations.empty()) j["evaluations"] = nums(s.evaluations);
    if (!s.time_s.empty()) j["time_s"] = nums(s.time_s);
    spec["series"].push_back(std::move(j));
  }
  render_plot("convergence", spec, f.out, f.size);
  Table t({"series", "points", "final f", "final |g|"});
  for (const auto& s : series) {
    t.add({s.name, std::to_string(s.f.size()), fmt(s.f.back(), 6),
           s.grad.empty() ? "-" : fmt(s.grad.back(), 3)});
  }
  t.print(std::cout);
  std::cout << "wrote " << f.out << "\n";
  return 0;
}

// ---- learning -------------------------------------------------------------------------------

struct LearningFlags {
  std::string traces;
  std::string labels;
  std::string out;
  PlotSize size;
};

// Training traces mark absent metrics with negative values (e.g. -1 when there is no test set).
std::vector<double> metric(const Columns& c, std::initializer_list<const char*> names) {
  std::vector<double> v;
  if (const auto* col = column(c, names)) {
    for (double x : *col) v.push_back(x >= 0 ? x : kNaN);
  }
  bool any = false;
  for (double x : v) any = any || std::isfinite(x);
  return any ? v : std::vector<double>{};
}

int run_learning(const LearningFlags& f) {
  if (f.out.empty()) throw UsageError("give --out FILE.png");
  check_plot_files(f.traces, f.out);
  const auto paths = split_names(f.traces, "--trace");
  std::vector<std::string> labels;
  if (!f.labels.empty()) labels = split_names(f.labels, "--labels");
  if (!labels.empty() && labels.size() != paths.size()) {
    throw UsageError("--labels has " + std::to_string(labels.size()) + " names for " +
                     std::to_string(paths.size()) + " traces");
  }
  nlohmann::json spec;
  spec["title"] = "Learning curves";
  spec["series"] = nlohmann::json::array();
  Table t({"trace", "epochs", "final train_loss", "final test_loss", "final train_acc",
           "final test_acc"});
  for (size_t i = 0; i < paths.size(); ++i) {
    const Columns c = read_csv(paths[i]);
    const auto& epoch = require_column(c, paths[i], {"epoch"});
    const auto train_loss = metric(c, {"train_loss"});
    if (train_loss.empty()) throw UsageError("trace '" + paths[i] + "' has no train_loss values");
    const auto test_loss = metric(c, {"test_loss", "val_loss"});
    const auto train_acc = metric(c, {"train_acc", "train_accuracy"});
    const auto test_acc = metric(c, {"test_acc", "test_accuracy", "val_accuracy"});
    const std::string name = labels.empty() ? (paths.size() > 1 ? stem(paths[i]) : "") : labels[i];
    nlohmann::json s = {{"name", name}, {"epoch", nums(epoch)}, {"train_loss", nums(train_loss)}};
    if (!test_loss.empty()) s["test_loss"] = nums(test_loss);
    if (!train_acc.empty()) s["train_acc"] = nums(train_acc);
    if (!test_acc.empty()) s["test_acc"] = nums(test_acc);
    spec["series"].push_back(std::move(s));
    auto last = [](const std::vector<double>& v) { return v.empty() ? "-" : fmt(v.back(), 4); };
    t.add({paths[i], std::to_string(epoch.size()), last(train_loss), last(test_loss),
           last(train_acc), last(test_acc)});
  }
  render_plot("learning", spec, f.out, f.size);
  t.print(std::cout);
  std::cout << "wrote " << f.out << "\n";
  return 0;
}

const Registrar reg(
    "plot", "PNG pictures: contour + trajectories, convergence curves, learning curves",
    [](CLI::App& app) -> Action {
      app.require_subcommand(1);
      auto c = std::make_shared<ContourFlags>();
      CLI::App* contour =
          app.add_subcommand("contour", "2-D level sets with the trajectories of several methods");
      contour->add_option("--problem,-p", c->problem, "2-D problem (rosenbrock, beale, ...)");
      contour->add_option("--methods", c->methods, "methods a,b,c")->capture_default_str();
      contour->add_option("--set", c->sets, "METHOD.KEY=VALUE hyperparameter (repeatable)");
      contour->add_option("--x0", c->x0, "start a,b (default: the problem's)");
      contour->add_option("--xlim", c->xlim, "x range lo,hi");
      contour->add_option("--ylim", c->ylim, "y range lo,hi");
      contour->add_option("--max-iter", c->max_iter, "iterations per method")
          ->capture_default_str();
      contour->add_option("--grid", c->grid, "grid points per axis")->capture_default_str();
      add_box_flags(*contour, c->box);
      contour->add_option("--out,-o", c->out, "output PNG");
      add_plot_size_flags(*contour, c->size);

      auto v = std::make_shared<ConvergenceFlags>();
      CLI::App* conv = app.add_subcommand(
          "convergence", "f - f* and |g| vs iteration, evaluations, time (log scale)");
      conv->add_option("--trace", v->traces, "trace files a.csv,b.csv (optim minimize --trace)");
      conv->add_option("--labels", v->labels, "names for the traces");
      conv->add_option("--problem,-p", v->problem, "or: run --methods on this problem");
      conv->add_option("--methods", v->methods, "methods a,b,c for --problem");
      conv->add_option("--set", v->sets, "METHOD.KEY=VALUE hyperparameter (repeatable)");
      conv->add_option("--max-iter", v->max_iter, "iterations per method")->capture_default_str();
      conv->add_option("--f-star", v->f_star, "minimum value f* (default: known or best seen)");
      conv->add_option("--out,-o", v->out, "output PNG");
      add_plot_size_flags(*conv, v->size);

      auto l = std::make_shared<LearningFlags>();
      CLI::App* learn = app.add_subcommand(
          "learning", "loss and accuracy per epoch, train and test (optim train traces)");
      learn->add_option("--trace", l->traces, "training traces (epoch,train_loss,test_loss,...)")
          ->required();
      learn->add_option("--labels", l->labels, "names for the traces");
      learn->add_option("--out,-o", l->out, "output PNG");
      add_plot_size_flags(*learn, l->size);

      return [=]() -> int {
        if (contour->parsed()) return run_contour(*c);
        if (conv->parsed()) return run_convergence(*v);
        if (learn->parsed()) return run_learning(*l);
        return 2;
      };
    });

}  // namespace

void plot_contour_runs(const std::string& problem, const std::string& methods,
                       const std::vector<std::string>& sets, Index max_iter,
                       const std::string& out_png) {
  ContourFlags f;
  f.problem = problem;
  f.methods = methods;
  f.sets = sets;
  f.max_iter = max_iter;
  f.out = out_png;
  run_contour(f);
}

void plot_convergence_runs(const std::string& problem, const std::string& methods,
                           const std::vector<std::string>& sets, Index max_iter,
                           const std::string& out_png) {
  ConvergenceFlags f;
  f.problem = problem;
  f.methods = methods;
  f.sets = sets;
  f.max_iter = max_iter;
  f.out = out_png;
  run_convergence(f);
}

}  // namespace optim::cli
