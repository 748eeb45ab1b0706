#include "studies/perceptron_backprop.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>

#include "nn/perceptron.hpp"
#include "optim/first_order/gradient_descent.hpp"
#include "optim/minimize.hpp"

namespace optim::studies {
namespace {

// Uniform on [lo, hi) from the top 53 bits of the generator (the same numbers on every platform,
// unlike std::uniform_real_distribution).
double uniform(std::mt19937_64& rng, double lo, double hi) {
  return lo + (hi - lo) * double(rng() >> 11) * 0x1.0p-53;
}

double sigmoid(double z) {
  return 1 / (1 + std::exp(-z));
}

// One sigmoid unit y = sigma(w1 x1 + w2 x2 + b) trained by gradient descent from w = 0 on
//   E(w) = 1/(2N) sum_i (y_i - t_i)^2 + lambda/2 (w1^2 + w2^2),   t_i in {0, 1},
// whose gradient is the delta rule, dE/dw = 1/N sum_i (y_i - t_i) y_i (1 - y_i) (x_i, 1)
// + lambda (w1, w2, 0): backpropagation through one unit.
UnitRun train_unit(const Mat<double>& x, const std::vector<int>& targets, double decay,
                   const PerceptronBackpropOptions& o) {
  const Index n = x.cols();
  auto loss = [&](const Vec<double>& w, Vec<double>* g) {
    double e = 0;
    if (g) g->setZero();
    for (Index i = 0; i < n; ++i) {
      const double y = sigmoid(w[0] * x(0, i) + w[1] * x(1, i) + w[2]);
      const double t = targets[size_t(i)] > 0 ? 1 : 0;
      e += 0.5 * (y - t) * (y - t);
      if (g) {
        const double d = (y - t) * y * (1 - y);
        (*g)[0] += d * x(0, i);
        (*g)[1] += d * x(1, i);
        (*g)[2] += d;
      }
    }
    e /= double(n);
    if (g) *g /= double(n);
    e += 0.5 * decay * (w[0] * w[0] + w[1] * w[1]);
    if (g) {
      (*g)[0] += decay * w[0];
      (*g)[1] += decay * w[1];
    }
    return e;
  };
  StopOptions stop;
  stop.max_iter = o.iterations;
  stop.gtol = 0;  // the whole budget: the slow drift along a separating direction is the point
  const Result<double> r =
      minimize(loss, Vec<double>::Zero(3), GradientDescent<double>({.lr = o.lr}), stop);
  UnitRun run;
  run.decay = decay;
  run.w = r.x;
  run.loss = r.f;
  Index right = 0;
  for (Index i = 0; i < n; ++i) {
    const bool positive = r.x[0] * x(0, i) + r.x[1] * x(1, i) + r.x[2] >= 0;
    right += positive == (targets[size_t(i)] > 0);
  }
  run.train_accuracy = double(right) / double(n);
  const Index outlier = o.per_class;  // the outlier follows the +1 cluster
  run.outlier_correct = r.x[0] * x(0, outlier) + r.x[1] * x(1, outlier) + r.x[2] >= 0;
  return run;
}

double accuracy(const nn::Perceptron& p, const Mat<double>& x, const std::vector<int>& t) {
  Index right = 0;
  for (Index i = 0; i < x.cols(); ++i) right += p.predict(x.col(i)) == t[size_t(i)];
  return double(right) / double(x.cols());
}

}  // namespace

void PerceptronBackpropOptions::validate() const {
  auto fail = [](const std::string& what) {
    throw std::invalid_argument("perceptron study: " + what);
  };
  if (per_class < 2) fail("per_class must be >= 2");
  if (!(lr > 0) || !std::isfinite(lr)) fail("lr must be > 0 and finite");
  if (iterations < 1) fail("iterations must be >= 1");
  if (!(weight_decay > 0) || !std::isfinite(weight_decay)) fail("weight_decay must be > 0");
  if (perceptron_epochs < 1) fail("perceptron_epochs must be >= 1");
  if (window < 1 || window > perceptron_epochs) fail("window must be in [1, perceptron_epochs]");
  if (!std::isfinite(outlier_x1) || !std::isfinite(outlier_x2)) fail("the outlier must be finite");
}

PerceptronBackpropStudy run_perceptron_backprop_study(const PerceptronBackpropOptions& o) {
  o.validate();
  PerceptronBackpropStudy s;
  s.options = o;
  const Index n = 2 * o.per_class + 1;
  s.x.resize(2, n);
  std::mt19937_64 rng(o.seed);
  for (Index i = 0; i < o.per_class; ++i) {  // class +1, then the outlier, then class -1
    s.x(0, i) = uniform(rng, 0.2, 2);
    s.x(1, i) = uniform(rng, -1, 1);
    s.targets.push_back(1);
  }
  s.x(0, o.per_class) = o.outlier_x1;
  s.x(1, o.per_class) = o.outlier_x2;
  s.targets.push_back(1);
  for (Index i = o.per_class + 1; i < n; ++i) {
    s.x(0, i) = uniform(rng, -2, -0.2);
    s.x(1, i) = uniform(rng, -1, 1);
    s.targets.push_back(-1);
  }

  // 1. Separable (if the perceptron converges, that proves it: Novikoff).
  nn::Perceptron p(2);
  const nn::PerceptronResult pr = p.train(s.x, s.targets, o.perceptron_epochs);
  s.perceptron_converged = pr.converged;
  s.perceptron_epochs = pr.epochs;
  s.perceptron_accuracy = accuracy(p, s.x, s.targets);
  s.perceptron_outlier_correct = p.predict(s.x.col(o.per_class)) == 1;
  s.perceptron_w = Vec<double>(3);
  s.perceptron_w << p.weights()[1], p.weights()[2], -p.weights()[0];  // bias input x_0 = -1
  s.plain = train_unit(s.x, s.targets, 0, o);
  s.decayed = train_unit(s.x, s.targets, o.weight_decay, o);

  // 2. Not separable: a class -1 point at (1, 0), inside the +1 cluster.
  Mat<double> x2(2, n + 1);
  x2.leftCols(n) = s.x;
  x2(0, n) = 1;
  x2(1, n) = 0;
  std::vector<int> t2 = s.targets;
  t2.push_back(-1);
  nn::Perceptron q(2);
  for (int e = 0; e < o.perceptron_epochs; ++e) {
    q.train(x2, t2, 1);  // one epoch at a time, continuing from the current weights
    s.perceptron_epoch_accuracy.push_back(accuracy(q, x2, t2));
  }
  const auto last = s.perceptron_epoch_accuracy.end();
  const auto first = last - o.window;
  s.perceptron_window_min = *std::min_element(first, last);
  s.perceptron_window_max = *std::max_element(first, last);
  double sum = 0;
  for (auto it = first; it != last; ++it) sum += *it;
  s.perceptron_window_mean = sum / double(o.window);
  s.nonseparable_plain = train_unit(x2, t2, 0, o);
  s.nonseparable_decayed = train_unit(x2, t2, o.weight_decay, o);
  return s;
}

}  // namespace optim::studies

namespace optim::studies {
namespace {

std::string g(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

std::string pct(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f%%", 100 * v);
  return b;
}

}  // namespace

std::vector<Behaviour> perceptron_backprop_claims(const PerceptronBackpropStudy& s) {
  const auto& o = s.options;
  const std::string data =
      std::to_string(o.per_class) +
      " points per class (+1 at x1 in [0.2, 2], -1 at x1 in [-2, -0.2], "
      "x2 in [-1, 1], seed " +
      std::to_string(o.seed) + ") and a +1 outlier at (" + g(o.outlier_x1) + ", " +
      g(o.outlier_x2) + "); sigmoid unit: gradient descent on the squared error from w = 0, eta " +
      g(o.lr) + ", " + std::to_string(o.iterations) + " iterations";
  std::vector<Behaviour> out;
  {
    Behaviour b;
    b.name = "perceptron_separates";
    b.source = "seed 004 section 4.1 (Brady, Raghavan & Slawny 1989)";
    b.claim =
        "Perceptrons can always find linear separators but backpropagation may sacrifice "
        "outlying points.";
    b.setup = data + "; with weight decay lambda = " + g(o.weight_decay) + " and without";
    b.criterion =
        "agrees when the perceptron separates the training set and the sigmoid unit with "
        "weight decay misclassifies at least one training point";
    b.measured = {{"perceptron_converged", double(s.perceptron_converged)},
                  {"perceptron_epochs", double(s.perceptron_epochs)},
                  {"perceptron_accuracy", s.perceptron_accuracy},
                  {"perceptron_outlier_correct", double(s.perceptron_outlier_correct)},
                  {"backprop_accuracy", s.plain.train_accuracy},
                  {"backprop_outlier_correct", double(s.plain.outlier_correct)},
                  {"backprop_decay_accuracy", s.decayed.train_accuracy},
                  {"backprop_decay_outlier_correct", double(s.decayed.outlier_correct)}};
    b.agrees = s.perceptron_converged && s.perceptron_accuracy == 1 && s.decayed.train_accuracy < 1;
    b.verdict = "perceptron " + pct(s.perceptron_accuracy) + " in " +
                std::to_string(s.perceptron_epochs) + " epochs; sigmoid unit " +
                pct(s.plain.train_accuracy) + (s.plain.outlier_correct ? "" : " (outlier lost)") +
                ", with decay " + pct(s.decayed.train_accuracy) +
                (s.decayed.outlier_correct ? "" : " (outlier lost)");
    b.picture = "perceptron";
    out.push_back(std::move(b));
  }
  {
    Behaviour b;
    b.name = "backprop_low_variance";
    b.source = "seed 004 section 4.1";
    b.claim =
        "A backpropagation-trained neural network classifier has lower variance than an "
        "optimal classifier for the training data; the perceptron swings wildly.";
    b.setup = data +
              "; plus a -1 point at (1, 0) inside the +1 cluster (not separable); the "
              "perceptron's training accuracy after each of " +
              std::to_string(o.perceptron_epochs) + " epochs";
    b.criterion = "agrees when the perceptron's training accuracy over its last " +
                  std::to_string(o.window) +
                  " epochs spans at least 0.05 and the sigmoid unit ends at or above the "
                  "perceptron's mean over them";
    const double span = s.perceptron_window_max - s.perceptron_window_min;
    b.measured = {{"perceptron_window_min", s.perceptron_window_min},
                  {"perceptron_window_max", s.perceptron_window_max},
                  {"perceptron_window_mean", s.perceptron_window_mean},
                  {"backprop_accuracy", s.nonseparable_plain.train_accuracy},
                  {"backprop_decay_accuracy", s.nonseparable_decayed.train_accuracy}};
    b.agrees = span >= 0.05 && s.nonseparable_plain.train_accuracy >= s.perceptron_window_mean;
    b.verdict = "perceptron between " + pct(s.perceptron_window_min) + " and " +
                pct(s.perceptron_window_max) + " (mean " + pct(s.perceptron_window_mean) +
                ") over its last " + std::to_string(o.window) + " epochs; sigmoid unit " +
                pct(s.nonseparable_plain.train_accuracy);
    b.picture = "perceptron";
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace optim::studies
