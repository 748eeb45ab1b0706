#include "studies/decoupled.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "optim/driver.hpp"
#include "optim/observers/trace_recorder.hpp"
#include "optim/registry.hpp"

namespace optim::studies {

namespace {
std::string num(double v) {
  std::ostringstream os;
  os << std::setprecision(17) << v;
  return os.str();
}

bool registered(const std::string& name) {
  for (const auto& m : all_methods())
    if (m.name == name) return true;
  return false;
}

// Hyperparameters tuned to the quadratic from its spectrum (mu = lambda_min, L = lambda_max):
// GD the best fixed step 2/(mu + L); heavy-ball momentum Polyak's optimum eta = 4/(sqrt L +
// sqrt mu)^2, beta = ((sqrt kappa - 1)/(sqrt kappa + 1))^2 (Polyak 1964); Nesterov eta = 1/L,
// beta = (sqrt kappa - 1)/(sqrt kappa + 1) (Nesterov 1983); RMSProp/Adam their usual rates, since
// their per-axis scaling (seed 004 6.4.2-6.4.3) is the point; Newton needs none (seed 004 4.4).
ParamSet tuned_params(const std::string& method, double mu, double l) {
  const double sk = std::sqrt(l / mu);
  if (method == "gd") return {{"lr", num(2 / (mu + l))}};
  if (method == "momentum") {
    const double r = (sk - 1) / (sk + 1);
    return {{"lr", num(4 / std::pow(std::sqrt(l) + std::sqrt(mu), 2))}, {"momentum", num(r * r)}};
  }
  if (method == "nesterov") return {{"lr", num(1 / l)}, {"momentum", num((sk - 1) / (sk + 1))}};
  if (method == "rmsprop" || method == "adam") return {{"lr", "0.01"}};
  return {};
}
}  // namespace

void DecoupledOptions::validate() const {
  if (!(a11 > 0) || !(a22 > 0) || !std::isfinite(a11) || !std::isfinite(a22)) {
    throw std::invalid_argument("decoupled study: a11 = " + std::to_string(a11) +
                                ", a22 = " + std::to_string(a22) + " must both be finite and > 0");
  }
  if (eta && !(*eta > 0)) {
    throw std::invalid_argument("decoupled study: eta = " + std::to_string(*eta) + " must be > 0");
  }
  if (steps < 2) throw std::invalid_argument("decoupled study: steps must be >= 2");
  if (!(tol > 0 && tol < 1)) throw std::invalid_argument("decoupled study: tol must be in (0, 1)");
  if (max_iter < 1) throw std::invalid_argument("decoupled study: max_iter must be >= 1");
}

Index predicted_steps(double factor, double tol) {
  if (!(factor > 0 && factor < 1)) {
    throw std::invalid_argument("predicted_steps: factor " + std::to_string(factor) +
                                " must be in (0, 1)");
  }
  return static_cast<Index>(std::ceil(std::log(tol) / std::log(factor)));
}

DecoupledStudy run_decoupled_study(const DecoupledOptions& options) {
  options.validate();
  DecoupledStudy out;
  out.options = options;
  Vec<double> b(2);
  b << options.b1, options.b2;
  QuadraticModel model = QuadraticModel::with_spectrum({options.a11, options.a22}, b);
  const Vec<double> w_star = model.minimizer();
  const Vec<double> w0 = w_star + Vec<double>::Ones(2);
  out.lambda_min = std::min(options.a11, options.a22);
  out.lambda_max = std::max(options.a11, options.a22);
  out.kappa = out.lambda_max / out.lambda_min;
  out.eta_safe_max = 2 / out.lambda_max;  // seed 004 4.5 applied to the steepest axis

  // Part 1: one eta for both axes.
  const double eta = options.eta ? *options.eta : 2 / std::sqrt(options.a11 * options.a22);
  out.options.eta = eta;
  out.single = run_gd_classified(model, w0, eta, options.steps, options.tol);

  // Part 2: inside the safe band the flat axis sets the pace.
  const double mu = out.lambda_min, l = out.lambda_max;
  for (const auto& [label, e] : std::vector<std::pair<std::string, double>>{
           {"eta_opt of the steep axis 1/lambda_max", 1 / l},
           {"best fixed eta 2/(lambda_min+lambda_max)", 2 / (mu + l)},
           {"95% of the stability limit 1.9/lambda_max", 1.9 / l}}) {
    SafeStepRun s;
    s.label = label;
    s.eta = e;
    s.flat_factor = std::abs(1 - e * mu);
    s.steep_factor = std::abs(1 - e * l);
    const double worst = std::max(s.flat_factor, s.steep_factor);
    s.predicted_iterations = worst > 0 && worst < 1 ? predicted_steps(worst, options.tol) : -1;
    const Index budget = std::min<Index>(options.max_iter, 2 * s.predicted_iterations + 10);
    const StepSizeRun run =
        run_gd_classified(model, w0, e, std::max<Index>(budget, 2), options.tol);
    Index k = 0;
    for (const auto& d : run.directions) {
      if (d.observed.steps_to_tol < 0) {
        k = -1;
        break;
      }
      k = std::max(k, d.observed.steps_to_tol);
    }
    s.observed_iterations = k;
    out.safe.push_back(s);
  }

  // Part 3: other methods on the same quadratic.
  std::vector<std::string> names = options.methods;
  if (names.empty()) {
    for (const char* n : {"gd", "momentum", "nesterov", "rmsprop", "adam", "newton"})
      if (registered(n)) names.push_back(n);
  }
  const double e0 = (w0 - w_star).norm();
  for (const auto& name : names) {
    MethodOnQuadratic m;
    m.method = name;
    m.params = tuned_params(name, mu, l);
    for (const auto& [k, v] : m.params.items()) {
      char shown[64];
      std::snprintf(shown, sizeof shown, "%.4g", m.params.get_double(k, 0));
      if (!m.params_text.empty()) m.params_text += ",";
      m.params_text += k + "=" + shown;
    }
    auto method = make_method<double>(name, m.params);
    StopOptions stop;
    stop.gtol = 0;
    stop.xtol = 0;
    stop.max_iter = options.max_iter;
    // Stop once the error is below tol |e_0| (the driver's own tests look at gradients instead).
    const double target = options.tol * e0;
    TraceRecorder<double> rec(/*record_x=*/true);
    CallbackObserver<double> until(
        [&](const IterationRecord<double>& r) { return (*r.x - w_star).norm() > target; });
    Observer<double>* obs[] = {&rec, &until};
    const Result<double> r = minimize<double>(model, w0, *method, stop, obs);
    m.status = r.status;
    m.iterations = r.iterations;
    m.evaluations = r.evals.f + r.evals.h;
    for (std::size_t i = 0; i < rec.rows().size(); ++i) {
      if ((rec.x_of(i) - w_star).norm() <= target) {
        m.iterations_to_tol = rec.rows()[i].k;
        break;
      }
    }
    m.final_error = (rec.x_of(rec.rows().size() - 1) - w_star).norm();
    out.methods.push_back(std::move(m));
  }
  return out;
}

}  // namespace optim::studies
