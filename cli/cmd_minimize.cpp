// `optim minimize`: run one method on one problem and report why it stopped.
#include <iostream>

#include "command.hpp"
#include "common.hpp"
#include "optim/driver.hpp"
#include "optim/registry.hpp"
#include "problems/registry.hpp"

namespace optim::cli {
namespace {

struct MinimizeFlags {
  std::string problem;
  Index dim = 0;
  std::string x0;
  bool single = false;
  bool json = false;
  MethodFlags method;
  StopFlags stop;
};

template <class S>
problems::Problem<S> resolve_problem(const MinimizeFlags& f) {
  if (f.problem.empty()) throw UsageError("give --problem NAME (see `optim list problems`)");
  problems::Problem<S> p = problems::make_problem<S>(f.problem, f.dim);
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

template <class S>
int run(const MinimizeFlags& f) {
  problems::Problem<S> p = resolve_problem<S>(f);
  auto method = make_method<S>(f.method.method, f.method.to_params());
  const Result<S> r = minimize<S>(*p.objective, p.x0, *method, f.stop.resolve());
  if (f.json) {
    auto j = result_json(r);
    j["problem"] = p.name;
    if (p.f_min) j["f_min"] = *p.f_min;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "problem     " << p.name << " (n = " << p.objective->dim() << ")\n"
              << "method      " << r.method << "\n"
              << result_summary(r);
    if (p.f_min) std::cout << "known min   " << *p.f_min << "\n";
  }
  return exit_code(r.status);
}

const Registrar reg("minimize", "minimize a named problem with a method", [](CLI::App& app) {
  auto f = std::make_shared<MinimizeFlags>();
  app.add_option("--problem,-p", f->problem, "problem name (see `optim list problems`)");
  app.add_option("--dim,-n", f->dim, "dimension for n-dimensional problems (0: default)");
  app.add_option("--x0", f->x0, "start point a,b,... (default: the problem's standard start)");
  app.add_flag("--float", f->single, "run in single precision");
  app.add_flag("--json", f->json, "print one JSON object");
  add_method_flags(app, f->method, "lbfgs");
  add_stop_flags(app, f->stop);
  return [f] { return f->single ? run<float>(*f) : run<double>(*f); };
});

}  // namespace
}  // namespace optim::cli
