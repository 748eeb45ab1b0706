#include "studies/vanishing_gradients.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "nn/synthetic.hpp"
#include "nn/trainer.hpp"
#include "optim/params.hpp"
#include "optim/registry.hpp"

namespace optim::studies {

void VanishingGradientsOptions::apply_full() {
  width = 64;
  per_class = 500;
  epochs = 30;
}

void VanishingGradientsOptions::validate() const {
  auto fail = [](const std::string& what) {
    throw std::invalid_argument("vanishing-gradients study: " + what);
  };
  if (hidden_layers < 2) fail("hidden_layers must be >= 2 (a deep network)");
  if (width < 1) fail("width must be >= 1");
  if (per_class < 2) fail("per_class must be >= 2");
  if (epochs < 1) fail("epochs must be >= 1");
  if (!(lr > 0) || !std::isfinite(lr)) fail("lr must be > 0 and finite");
  if (batch < 1) fail("batch must be >= 1");
  if (!(vanishing_ratio > 0 && vanishing_ratio < 1)) fail("vanishing_ratio must be in (0, 1)");
  if (!(flat_ratio >= 1) || !std::isfinite(flat_ratio)) fail("flat_ratio must be >= 1");
}

double rms_weight_gradient(const nn::LayerGradientRow& r) {
  return r.weight_grad_norm / std::sqrt(double(r.fan_in) * double(r.units));
}

namespace {

VanishingRun train_one(const VanishingGradientsOptions& o, const nn::Dataset<double>& data,
                       nn::Activation act, nn::Init init) {
  nn::NetworkSpec spec;
  spec.layers.push_back(2);
  for (int l = 0; l < o.hidden_layers; ++l) spec.layers.push_back(o.width);
  spec.layers.push_back(2);
  spec.hidden = act;
  spec.init = init;
  spec.loss = nn::Loss::SoftmaxCrossEntropy;
  nn::Network<double> net(spec);
  Vec<double> x0;
  net.init_params(x0, o.seed);
  char common[160];
  std::snprintf(common, sizeof common, "lr=%.17g,batch_size=%lld,seed=%llu", o.lr,
                (long long)o.batch, (unsigned long long)o.seed);
  const auto method = make_method<double>("gd", ParamSet::parse(common));
  nn::LayerGradientObserver<double> trace(net, data);
  std::vector<Observer<double>*> observers = {&trace};
  nn::TrainOptions t;
  t.epochs = o.epochs;
  const auto rep =
      nn::train_network<double>(net, data, nullptr, nullptr, x0, *method, t, observers);

  VanishingRun run;
  run.activation = act;
  run.init = init;
  run.label = nn::to_string(act) + "/" + nn::to_string(init);
  run.rows = trace.rows();
  for (const auto& e : rep.epochs) run.train_loss.push_back(e.train_loss);
  run.final_accuracy = rep.epochs.empty() ? 0 : rep.epochs.back().train_accuracy;
  const size_t layers = spec.layers.size() - 1;
  run.hidden_units = Index(o.hidden_layers) * o.width;
  for (size_t first = 0; first + layers <= run.rows.size(); first += layers) {
    double lo = INFINITY, hi = 0, hidden_lo = INFINITY, hidden_hi = 0;
    Index dead = 0;
    for (size_t l = 0; l < layers; ++l) {
      const auto& r = run.rows[first + l];
      const double g = rms_weight_gradient(r);
      lo = std::min(lo, g);
      hi = std::max(hi, g);
      if (l + 1 < layers) {
        hidden_lo = std::min(hidden_lo, g);
        hidden_hi = std::max(hidden_hi, g);
      }
      if (r.dead_units > 0) dead += r.dead_units;
    }
    run.hidden_max_over_min.push_back(hidden_hi / hidden_lo);
    run.first_over_last.push_back(rms_weight_gradient(run.rows[first]) /
                                  rms_weight_gradient(run.rows[first + layers - 1]));
    run.max_over_min.push_back(hi / lo);
    run.dead_units.push_back(dead);
  }
  return run;
}

std::string g3(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

const VanishingRun* find_run(const VanishingGradientsStudy& s, nn::Activation a, nn::Init i) {
  for (const auto& r : s.runs)
    if (r.activation == a && r.init == i) return &r;
  return nullptr;
}

}  // namespace

VanishingGradientsStudy run_vanishing_gradients_study(const VanishingGradientsOptions& o) {
  o.validate();
  VanishingGradientsStudy s;
  s.options = o;
  // Standardised spirals (the trainer's CLI default, nn::Scaler::standardize): unit-scale inputs
  // so that the first layer's gradient is not scaled by the data's units.
  nn::Dataset<double> data = nn::make_spirals<double>(o.per_class, 0.1, o.seed);
  nn::Scaler::standardize(data).apply(data);
  for (nn::Activation a : {nn::Activation::Sigmoid, nn::Activation::Tanh, nn::Activation::Relu})
    for (nn::Init i : {nn::Init::Xavier, nn::Init::He}) s.runs.push_back(train_one(o, data, a, i));
  return s;
}

std::vector<Behaviour> vanishing_gradients_claims(const VanishingGradientsStudy& s) {
  const auto& o = s.options;
  const std::string setup =
      "MLPs 2-" + std::to_string(o.width) + "x" + std::to_string(o.hidden_layers) +
      "-2 (softmax) on standardised spirals (" + std::to_string(2 * o.per_class) +
      " points, seed " + std::to_string(o.seed) + "), SGD eta " + g3(o.lr) + ", batch " +
      std::to_string(o.batch) + ", " + std::to_string(o.epochs) +
      " epochs; a layer's size is its RMS weight gradient ||dE/dW_l||_F / sqrt(n_in n_out) over "
      "the whole set, at the start and after every epoch";
  std::vector<Behaviour> out;
  {
    Behaviour b;
    b.name = "sigmoid_vanishes";
    b.source =
        "seed 001 \"Sigmoid\"; seed 000 \"The Vanishing Gradient Problem\"; Glorot & Bengio "
        "2010";
    b.claim =
        "Sigmoidal unit has small gradients across most of its domain (vanishing gradient), and "
        "hence leads to slow learning, especially in deep models.";
    b.setup = setup;
    b.criterion =
        "agrees when, in every sigmoid run (Xavier and He), the first layer's RMS "
        "gradient is at most " +
        g3(o.vanishing_ratio) + " times the last layer's at every recorded epoch";
    bool all = true;
    std::string verdict;
    for (const auto& r : s.runs) {
      if (r.activation != nn::Activation::Sigmoid) continue;
      const double worst = *std::max_element(r.first_over_last.begin(), r.first_over_last.end());
      all = all && worst <= o.vanishing_ratio;
      b.measured.push_back(
          {nn::to_string(r.init) + "_first_over_last_start", r.first_over_last[0]});
      b.measured.push_back({nn::to_string(r.init) + "_first_over_last_worst", worst});
      b.measured.push_back({nn::to_string(r.init) + "_final_accuracy", r.final_accuracy});
      verdict += (verdict.empty() ? "" : "; ") + r.label + ": first/last " +
                 g3(r.first_over_last[0]) + " at the start, at most " + g3(worst);
    }
    for (nn::Init i : {nn::Init::Xavier, nn::Init::He}) {
      if (const VanishingRun* r = find_run(s, nn::Activation::Relu, i)) {
        b.measured.push_back(
            {"relu_" + nn::to_string(i) + "_first_over_last_start", r->first_over_last[0]});
      }
    }
    b.agrees = all;
    b.verdict = verdict;
    b.picture = "layers";
    out.push_back(std::move(b));
  }
  {
    Behaviour b;
    b.name = "relu_he_flat";
    b.source =
        "seed 000 \"ReLU\" (\"non-saturating\"); seed 001 \"He initialisation\"; He et al. "
        "2015";
    b.claim =
        "ReLU is a non-saturating non-linear function; with He's initialisation (variance 2/n) "
        "the gradient keeps its size from the last layer to the first.";
    b.setup = setup;
    b.criterion =
        "agrees when, for ReLU with He's initialisation, the largest layer's RMS "
        "gradient is at most " +
        g3(o.flat_ratio) + " times the smallest's at every recorded epoch";
    const VanishingRun* r = find_run(s, nn::Activation::Relu, nn::Init::He);
    const double worst = *std::max_element(r->max_over_min.begin(), r->max_over_min.end());
    const double hidden_worst =
        *std::max_element(r->hidden_max_over_min.begin(), r->hidden_max_over_min.end());
    b.measured = {{"max_over_min_start", r->max_over_min[0]},
                  {"max_over_min_worst", worst},
                  {"hidden_layers_max_over_min_worst", hidden_worst},
                  {"final_accuracy", r->final_accuracy},
                  {"dead_units_start", double(r->dead_units.front())},
                  {"dead_units_end", double(r->dead_units.back())},
                  {"hidden_units", double(r->hidden_units)}};
    for (const auto& q : s.runs) {
      if (q.activation == nn::Activation::Relu && q.init == nn::Init::He) continue;
      b.measured.push_back(
          {nn::to_string(q.activation) + "_" + nn::to_string(q.init) + "_max_over_min_start",
           q.max_over_min[0]});
    }
    b.agrees = worst <= o.flat_ratio;
    b.verdict = "relu/he: largest/smallest layer " + g3(r->max_over_min[0]) +
                " at the start, at most " + g3(worst) + " (" + g3(hidden_worst) +
                " among the layers before the output); " + std::to_string(r->dead_units.back()) +
                " of " + std::to_string(r->hidden_units) +
                " hidden units dead after the last epoch";
    b.picture = "layers";
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace optim::studies
