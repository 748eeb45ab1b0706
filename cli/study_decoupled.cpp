// `optim study decoupled`: one eta on E = 1/2 (a11 w1^2 + a22 w2^2) + b'w (seed 004 section 4.8),
// the safe band eta < 2/lambda_max and the slow flat axis, then other methods on the same
// quadratic.
#include <iostream>
#include <nlohmann/json.hpp>

#include "studies/decoupled.hpp"
#include "studies_table.hpp"
#include "study_commands.hpp"

namespace optim::cli {
namespace {

struct DecoupledFlags {
  studies::DecoupledOptions opt;
  double eta = 0;
  std::string methods;
  bool json = false;
};

std::string iters(Index k) {
  return k < 0 ? "never" : std::to_string(k);
}

int run(DecoupledFlags f) {
  if (f.eta != 0) f.opt.eta = f.eta;
  if (!f.methods.empty()) f.opt.methods = split_names(f.methods, "--methods");
  const studies::DecoupledStudy s = studies::run_decoupled_study(f.opt);
  const double eta = *s.options.eta;
  if (f.json) {
    nlohmann::json j;
    j["study"] = "decoupled";
    j["a11"] = s.options.a11;
    j["a22"] = s.options.a22;
    j["eta"] = eta;
    j["kappa"] = s.kappa;
    j["eta_safe_max"] = s.eta_safe_max;
    j["axes"] = nlohmann::json::array();
    for (const auto& d : s.single.directions) {
      j["axes"].push_back({{"lambda", d.lambda},
                           {"eta_opt", 1 / d.lambda},
                           {"ratio", d.ratio},
                           {"predicted_factor", d.predicted_factor},
                           {"observed_factor", d.observed.factor},
                           {"regime", to_string(d.observed.regime)},
                           {"predicted_regime", to_string(d.predicted)}});
    }
    j["safe"] = nlohmann::json::array();
    for (const auto& r : s.safe) {
      j["safe"].push_back({{"label", r.label},
                           {"eta", r.eta},
                           {"flat_factor", r.flat_factor},
                           {"steep_factor", r.steep_factor},
                           {"predicted_iterations", r.predicted_iterations},
                           {"observed_iterations", r.observed_iterations}});
    }
    j["methods"] = nlohmann::json::array();
    for (const auto& m : s.methods) {
      j["methods"].push_back({{"method", m.method},
                              {"params", m.params_text},
                              {"status", to_string(m.status)},
                              {"iterations_to_tol", m.iterations_to_tol},
                              {"evaluations", m.evaluations},
                              {"final_error", m.final_error}});
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "E(w) = 1/2 (" << fmt(s.options.a11) << " w1^2 + " << fmt(s.options.a22)
            << " w2^2) + b'w   (seed 004 4.8: eta_opt,i = 1/a_ii per axis)\n\n"
            << "1) one eta = " << fmt(eta, 5) << " for both axes, " << s.options.steps
            << " GD steps:\n";
  Table a(
      {"axis lambda", "eta_opt", "eta/eta_opt", "predicted_factor", "observed_factor", "regime"});
  for (const auto& d : s.single.directions) {
    a.add({fmt(d.lambda), fmt(1 / d.lambda, 4), fmt(d.ratio, 4), fmt(d.predicted_factor, 4),
           fmt(d.observed.factor, 4), std::string(to_string(d.observed.regime))});
  }
  a.print(std::cout);
  std::cout << "\n2) safe band: eta < 2/lambda_max = " << fmt(s.eta_safe_max, 5)
            << "; condition number kappa = " << fmt(s.kappa, 5) << "; steps to reduce the error by "
            << fmt(s.options.tol, 2) << ":\n";
  Table b({"eta", "choice", "flat_factor", "steep_factor", "predicted_steps", "observed_steps"});
  for (const auto& r : s.safe) {
    b.add({fmt(r.eta, 5), r.label, fmt(r.flat_factor, 4), fmt(r.steep_factor, 4),
           iters(r.predicted_iterations), iters(r.observed_iterations)});
  }
  b.print(std::cout);
  std::cout << "\n3) methods on the same quadratic (stop when |w - w*| <= " << fmt(s.options.tol, 2)
            << " |w0 - w*|, budget " << s.options.max_iter << " iterations):\n";
  Table c({"method", "hyperparameters", "iterations_to_tol", "evaluations", "final_error"});
  for (const auto& m : s.methods) {
    c.add({m.method, m.params_text.empty() ? "-" : m.params_text, iters(m.iterations_to_tol),
           std::to_string(m.evaluations), fmt(m.final_error, 3)});
  }
  c.print(std::cout);
  return 0;
}

}  // namespace

Action setup_study_decoupled(CLI::App& app) {
  auto f = std::make_shared<DecoupledFlags>();
  app.add_option("--a11", f->opt.a11, "curvature along axis 1 (> 0)")->capture_default_str();
  app.add_option("--a22", f->opt.a22, "curvature along axis 2 (> 0)")->capture_default_str();
  app.add_option("--b1", f->opt.b1, "linear term along axis 1")->capture_default_str();
  app.add_option("--b2", f->opt.b2, "linear term along axis 2")->capture_default_str();
  app.add_option("--eta", f->eta, "the single eta of part 1 (default 2/sqrt(a11 a22))");
  app.add_option("--steps", f->opt.steps, "GD steps in part 1")->capture_default_str();
  app.add_option("--tol", f->opt.tol, "error reduction counted as solved")->capture_default_str();
  app.add_option("--max-iter", f->opt.max_iter, "budget per method")->capture_default_str();
  app.add_option("--methods", f->methods,
                 "methods of part 3 (default: gd,momentum,nesterov,rmsprop,adam,newton)");
  app.add_flag("--json", f->json, "print the study as JSON");
  return [f] { return run(*f); };
}

}  // namespace optim::cli
