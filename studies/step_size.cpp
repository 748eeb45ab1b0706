#include "studies/step_size.hpp"

#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

#include "optim/driver.hpp"
#include "optim/observers/trace_recorder.hpp"
#include "optim/registry.hpp"

namespace optim::studies {

std::vector<double> default_ratios() {
  std::vector<double> r;
  for (int k = 1; k <= 25; ++k) r.push_back(k / 10.0);
  return r;
}

void StepSizeOptions::validate() const {
  if (spectrum.empty()) throw std::invalid_argument("step-size study: empty spectrum");
  for (double l : spectrum) {
    if (!(l > 0) || !std::isfinite(l)) {
      throw std::invalid_argument("step-size study: curvature " + std::to_string(l) +
                                  " must be finite and > 0 (allowed: a > 0)");
    }
  }
  if (!b.empty() && b.size() != spectrum.size()) {
    throw std::invalid_argument("step-size study: b has " + std::to_string(b.size()) +
                                " entries, expected " + std::to_string(spectrum.size()));
  }
  if (ratios.empty()) throw std::invalid_argument("step-size study: empty list of ratios");
  for (double r : ratios) {
    if (!(r > 0) || !std::isfinite(r)) {
      throw std::invalid_argument("step-size study: ratio eta/eta_opt = " + std::to_string(r) +
                                  " must be finite and > 0");
    }
  }
  if (steps < 2) {
    throw std::invalid_argument("step-size study: steps = " + std::to_string(steps) +
                                " must be >= 2 (an oscillation needs two steps to show)");
  }
  if (!(tol > 0 && tol < 1)) {
    throw std::invalid_argument("step-size study: tol = " + std::to_string(tol) +
                                " must be in (0, 1)");
  }
  if (w0 && w0->size() != static_cast<Index>(spectrum.size())) {
    throw std::invalid_argument("step-size study: w0 has " + std::to_string(w0->size()) +
                                " entries, expected " + std::to_string(spectrum.size()));
  }
}

bool StepSizeRun::matches() const {
  for (const auto& d : directions) {
    if (d.predicted != d.observed.regime) return false;
  }
  return true;
}

StepSizeRun run_gd_classified(QuadraticModel& model, const Vec<double>& w0, double eta, Index steps,
                              double tol) {
  const Index n = model.dim();
  const Vec<double>& w_star = model.minimizer();
  const Mat<double>& q = model.eigenvectors();
  const Vec<double> e_start = q.transpose() * (w0 - w_star);
  // Rounding floor per direction: GD's update of w loses about eps * |w| per step; 1e3 eps covers
  // the accumulation over hundreds of steps while staying ~1e-13 of the scale of the problem.
  const double scale = w_star.norm() + (w0 - w_star).norm();
  const double floor = 1e3 * std::numeric_limits<double>::epsilon() * scale;
  for (Index i = 0; i < n; ++i) {
    if (std::abs(e_start[i]) <= floor) {
      throw std::invalid_argument(
          "step-size study: w0 must differ from the minimiser along every "
          "eigen-direction (direction " +
          std::to_string(i) + " has error " + std::to_string(e_start[i]) + ")");
    }
  }

  // The hyperparameter travels as text: 17 significant digits round-trip a double exactly, so
  // eta = 1/a stays exactly 1/a (std::to_string would round it to 6 decimals).
  std::ostringstream lr;
  lr << std::setprecision(17) << eta;
  auto gd = make_method<double>("gd", ParamSet{{"lr", lr.str()}});
  StopOptions stop;
  stop.gtol = 0;  // observe every step; only an exactly zero gradient ends a run early
  stop.max_iter = steps;
  TraceRecorder<double> rec(/*record_x=*/true);
  rec.reserve(steps + 1);  // the start and every step: no reallocation inside the run
  Observer<double>* obs[] = {&rec};
  const Result<double> res = minimize<double>(model, w0, *gd, stop, obs);

  StepSizeRun run;
  run.eta = eta;
  run.iterations = res.iterations;
  run.status = res.status;
  std::vector<std::vector<double>> errors(static_cast<size_t>(n));
  for (std::size_t r = 0; r < rec.rows().size(); ++r) {
    const Vec<double> e = q.transpose() * (rec.x_of(r) - w_star);
    for (Index i = 0; i < n; ++i) errors[i].push_back(e[i]);
    run.error_norms.push_back((rec.x_of(r) - w_star).norm());
  }
  run.final_error = run.error_norms.back();
  double worst = -1;
  for (Index i = 0; i < n; ++i) {
    DirectionOutcome d;
    d.lambda = model.eigenvalues()[i];
    d.ratio = eta * d.lambda;
    d.predicted_factor = predicted_factor(d.ratio);
    d.predicted = predicted_regime(d.ratio);
    if (errors[i].size() >= 2) {
      d.observed = classify_errors(errors[i], floor, tol);
    } else {
      // Not even the first step was finite: the driver refused it (seed 004 4.5, eta >> 2/lambda).
      d.observed.regime = Regime::Divergent;
      d.observed.factor = std::numeric_limits<double>::infinity();
    }
    if (d.observed.factor > worst) {
      worst = d.observed.factor;
      run.dominant = i;
    }
    run.directions.push_back(d);
  }
  return run;
}

StepSizeStudy run_step_size_study(const StepSizeOptions& options) {
  options.validate();
  const Index n = static_cast<Index>(options.spectrum.size());
  Vec<double> b = Vec<double>::Zero(n);
  for (Index i = 0; i < static_cast<Index>(options.b.size()); ++i) b[i] = options.b[i];
  QuadraticModel model =
      n == 1 ? QuadraticModel::scalar(options.spectrum[0], b[0], options.c)
             : QuadraticModel::with_spectrum(options.spectrum, b, options.rotate, options.seed);
  StepSizeStudy study;
  study.options = options;
  study.lambda_min = model.eigenvalues().minCoeff();
  study.lambda_max = model.eigenvalues().maxCoeff();
  study.eta_opt = 1.0 / study.lambda_max;  // seed 004 sections 4.4 and 4.6
  study.w_star = model.minimizer();
  const Vec<double> w0 =
      options.w0 ? *options.w0 : Vec<double>(study.w_star + model.eigenvectors().rowwise().sum());
  for (double r : options.ratios) {
    StepSizeRun run = run_gd_classified(model, w0, r * study.eta_opt, options.steps, options.tol);
    run.ratio = r;
    study.runs.push_back(std::move(run));
  }
  return study;
}

}  // namespace optim::studies
