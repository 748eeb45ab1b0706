#include "studies/minibatch_noise.hpp"

#include <cmath>
#include <iomanip>
#include <random>
#include <sstream>
#include <stdexcept>

#include "optim/driver.hpp"
#include "optim/registry.hpp"
#include "studies/linear_regression.hpp"

namespace optim::studies {

namespace {
std::string num(double v) {
  std::ostringstream os;
  os << std::setprecision(17) << v;
  return os.str();
}

double rms(const std::vector<double>& d, size_t from, size_t to) {
  double s = 0;
  for (size_t k = from; k < to; ++k) s += d[k] * d[k];
  return std::sqrt(s / static_cast<double>(to - from));
}
}  // namespace

void MinibatchOptions::validate() const {
  if (samples < 2 || dim < 1) {
    throw std::invalid_argument("minibatch study: samples = " + std::to_string(samples) +
                                " must be >= 2 and dim = " + std::to_string(dim) + " >= 1");
  }
  if (batch_sizes.size() < 2) {
    throw std::invalid_argument("minibatch study: give at least two batch sizes for the slope");
  }
  for (Index b : batch_sizes) {
    if (b < 1) {
      throw std::invalid_argument("minibatch study: batch size " + std::to_string(b) +
                                  " must be >= 1");
    }
  }
  if (draws < 10) throw std::invalid_argument("minibatch study: draws must be >= 10");
  if (!(lr > 0)) throw std::invalid_argument("minibatch study: lr must be > 0");
  if (steps < 8) throw std::invalid_argument("minibatch study: steps must be >= 8");
  if (!(t0 > 0)) throw std::invalid_argument("minibatch study: t0 must be > 0");
  if (!(noise >= 0)) throw std::invalid_argument("minibatch study: noise must be >= 0");
}

double log_log_slope(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2) {
    throw std::invalid_argument("log_log_slope: needs two equally long series of >= 2 points");
  }
  double mx = 0, my = 0;
  const double n = static_cast<double>(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    if (!(x[i] > 0) || !(y[i] > 0))
      throw std::invalid_argument("log_log_slope: values must be > 0");
    mx += std::log(x[i]) / n;
    my += std::log(y[i]) / n;
  }
  double sxy = 0, sxx = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double dx = std::log(x[i]) - mx;
    sxy += dx * (std::log(y[i]) - my);
    sxx += dx * dx;
  }
  if (sxx == 0) throw std::invalid_argument("log_log_slope: x values are all equal");
  return sxy / sxx;
}

MinibatchStudy run_minibatch_study(const MinibatchOptions& options) {
  options.validate();
  MinibatchStudy out;
  out.options = options;
  LinearRegression data(options.samples, options.dim, options.noise, options.seed);
  const Index n = options.dim;

  // (1) Variance of the minibatch gradient at w = 0 (away from w*, so the per-sample gradients
  // differ by signal as well as noise).
  const Vec<double> w = Vec<double>::Zero(n);
  Vec<double> g(n), gi(n), gb(n);
  data.evaluate(w, &g);
  for (Index i = 0; i < data.size(); ++i) {
    data.sample_gradient(w, i, gi);
    out.sigma1_sq += (gi - g).squaredNorm();
  }
  out.sigma1_sq /= static_cast<double>(data.size());
  std::mt19937_64 rng(options.seed + 1);
  std::uniform_int_distribution<Index> pick(0, data.size() - 1);
  std::vector<double> bs, vs;
  for (Index b : options.batch_sizes) {
    std::vector<Index> batch(static_cast<size_t>(b));
    double acc = 0;
    for (Index r = 0; r < options.draws; ++r) {
      for (auto& i : batch) i = pick(rng);  // independent draws: Var(g_B) = Var(g_i)/b exactly
      data.evaluate_batch(w, batch, &gb);
      acc += (gb - g).squaredNorm();
    }
    VarianceRow row;
    row.batch = b;
    row.measured = acc / static_cast<double>(options.draws);
    row.predicted = out.sigma1_sq / static_cast<double>(b);  // seed 004 6.3
    out.variance.push_back(row);
    bs.push_back(static_cast<double>(b));
    vs.push_back(row.measured);
  }
  out.slope = log_log_slope(bs, vs);

  // (2) Online SGD from w = 0 with three schedules.
  const Vec<double>& w_star = data.minimizer();
  const std::string lr = num(options.lr);
  const std::string common = "lr=" + lr + ",batch_size=1,seed=" + std::to_string(options.seed);
  const std::vector<std::pair<std::string, std::string>> runs = {
      {"constant step", "schedule=constant"},
      {"linear annealing to eta/100 (seed 002)",
       "schedule=linear,tau=" + std::to_string(options.steps) +
           ",lr_final=" + num(options.lr / 100)},
      {"inverse time eta/(1+k/t0) (Robbins-Monro)",
       "schedule=inverse_time,t0=" + num(options.t0) + ",power=1"}};
  for (const auto& [label, schedule] : runs) {
    SgdRun run;
    run.label = label;
    run.schedule = schedule;
    run.distance.reserve(static_cast<size_t>(options.steps) + 1);
    auto method = make_method<double>("gd", ParamSet::parse(common + "," + schedule));
    StopOptions stop;
    stop.gtol = 0;
    stop.max_iter = options.steps;
    CallbackObserver<double> track([&](const IterationRecord<double>& r) {
      run.distance.push_back((*r.x - w_star).norm());
      return true;
    });
    run.distance.push_back((w - w_star).norm());
    Observer<double>* obs[] = {&track};
    minimize<double>(data, w, *method, stop, obs);
    const size_t k = run.distance.size() - 1;
    run.mid_window = rms(run.distance, k / 2, 3 * k / 4);
    run.end_window = rms(run.distance, 3 * k / 4, k + 1);
    out.sgd.push_back(std::move(run));
  }
  return out;
}

}  // namespace optim::studies
