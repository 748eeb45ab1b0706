#include "studies/comparison.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "optim/bounds/bounded_run.hpp"
#include "optim/driver.hpp"
#include "optim/registry.hpp"

namespace optim::studies {
namespace {

// The box of every problem, checked against every method before any run starts.
std::vector<std::optional<Bounds<double>>> boxes_of(
    const std::vector<MethodSpec>& specs,
    const std::vector<std::unique_ptr<Method<double>>>& methods,
    const std::vector<ProblemSpec>& problems, const CompareOptions& options) {
  std::vector<std::optional<Bounds<double>>> boxes(problems.size());
  if (!options.box) return boxes;
  for (size_t p = 0; p < problems.size(); ++p) {
    const Index n = problems[p].make().objective->dim();
    boxes[p] = options.box(n);
    if (!boxes[p]) continue;
    boxes[p]->check_size(n);
    if (!boxes[p]->constrains()) continue;
    for (size_t m = 0; m < methods.size(); ++m) {
      if (!methods[m]->accepts_bounds()) {
        throw std::invalid_argument(
            "method '" + specs[m].name +
            "' does not accept bounds (methods that do: " + methods_accepting_bounds() + ")");
      }
    }
  }
  return boxes;
}

bool some_minimizer_inside(const problems::Problem<double>& p, const Bounds<double>& box) {
  for (const auto& x : p.minimizers)
    if (box.contains(x)) return true;
  return false;
}

}  // namespace

std::vector<CompareRecord> run_comparison(const std::vector<MethodSpec>& methods,
                                          const std::vector<ProblemSpec>& problems,
                                          const CompareOptions& options) {
  if (methods.empty()) throw std::invalid_argument("compare: no methods");
  if (problems.empty()) throw std::invalid_argument("compare: no problems");
  if (!(options.success_tol > 0)) {
    throw std::invalid_argument("compare: success_tol = " + std::to_string(options.success_tol) +
                                " must be > 0");
  }
  options.stop.validate();
  std::vector<std::unique_ptr<Method<double>>> made;
  made.reserve(methods.size());
  for (const auto& m : methods) made.push_back(make_method<double>(m.name, m.params));
  const auto boxes = boxes_of(methods, made, problems, options);

  std::vector<CompareRecord> out;
  for (size_t pi = 0; pi < problems.size(); ++pi) {
    const ProblemSpec& ps = problems[pi];
    const auto& box = boxes[pi];
    for (size_t i = 0; i < methods.size(); ++i) {
      problems::Problem<double> p = ps.make();  // fresh objective: no state shared between runs
      CompareRecord rec;
      rec.method = methods[i].label.empty() ? methods[i].name : methods[i].label;
      rec.problem = ps.name;
      const bool known_minimum = p.f_min && (!box || some_minimizer_inside(p, *box));
      if (known_minimum) rec.f_min = *p.f_min;
      try {
        const Result<double> r =
            box ? minimize<double>(*p.objective, p.x0, *made[i], *box, options.stop)
                : minimize<double>(*p.objective, p.x0, *made[i], options.stop);
        rec.status = r.status;
        rec.iterations = r.iterations;
        rec.f_evals = r.evals.f;
        rec.g_evals = r.evals.g;
        rec.h_evals = r.evals.h;
        rec.evaluations = r.evals.f + r.evals.h;
        rec.f = r.f;
        rec.grad_norm = r.grad_norm;
        rec.active_bounds = r.active.count();
        rec.time_s = r.time_s;
        rec.x = r.x;
        rec.success = r.converged();
        rec.note = r.message;
        if (rec.success && known_minimum &&
            !(r.f - *p.f_min <= options.success_tol * (1 + std::abs(*p.f_min)))) {
          rec.success = false;
          rec.note = "converged to f = " + std::to_string(r.f) + ", above the known minimum " +
                     std::to_string(*p.f_min);
        }
      } catch (const std::invalid_argument& e) {
        rec.status = Status::NumericalError;
        rec.note = std::string("could not run: ") + e.what();
        rec.f = std::numeric_limits<double>::quiet_NaN();
      }
      out.push_back(std::move(rec));
    }
  }
  return out;
}

PerformanceProfile profile_of(const std::vector<CompareRecord>& records,
                              const std::vector<MethodSpec>& methods,
                              const std::vector<ProblemSpec>& problems, const std::string& cost) {
  if (cost != "evaluations" && cost != "time") {
    throw std::invalid_argument("profile cost '" + cost + "' (allowed: evaluations, time)");
  }
  if (records.size() != methods.size() * problems.size()) {
    throw std::invalid_argument("profile: expected " +
                                std::to_string(methods.size() * problems.size()) +
                                " records, got " + std::to_string(records.size()));
  }
  std::vector<std::vector<double>> costs(problems.size(), std::vector<double>(methods.size()));
  std::vector<std::string> names;
  names.reserve(methods.size());
  for (const auto& m : methods) names.push_back(m.label.empty() ? m.name : m.label);
  for (size_t p = 0; p < problems.size(); ++p) {
    for (size_t s = 0; s < methods.size(); ++s) {
      const CompareRecord& r = records[p * methods.size() + s];
      double c = std::numeric_limits<double>::infinity();
      if (r.success) {
        c = cost == "time" ? std::max(r.time_s, 1e-6) : static_cast<double>(r.evaluations);
      }
      costs[p][s] = c;
    }
  }
  return performance_profile(costs, names);
}

}  // namespace optim::studies
