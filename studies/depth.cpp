#include "studies/depth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "nn/data_sources.hpp"
#include "nn/mlp_objective.hpp"
#include "nn/synthetic.hpp"
#include "nn/trainer.hpp"
#include "optim/params.hpp"
#include "optim/registry.hpp"

namespace optim::studies {

void DepthOptions::apply_full() {
  seeds = 5;
  epochs = 300;
  per_class = 500;
  budget = 4000;
}

void DepthOptions::validate() const {
  auto fail = [](const std::string& what) { throw std::invalid_argument("depth study: " + what); };
  if (depths.empty()) fail("depths must list at least one depth");
  for (int d : depths)
    if (d < 1) fail("depths must be >= 1 (hidden layers)");
  if (budget < depth_params(1, 1)) fail("budget must be >= " + std::to_string(depth_params(1, 1)));
  if (per_class < 4) fail("per_class must be >= 4");
  if (seeds < 1) fail("seeds must be >= 1");
  if (epochs < 1) fail("epochs must be >= 1");
  if (!(lr > 0) || !std::isfinite(lr)) fail("lr must be > 0 and finite");
  if (batch < 1) fail("batch must be >= 1");
  if (!(margin >= 0) || !std::isfinite(margin)) fail("margin must be >= 0");
}

Index depth_params(int depth, Index w, Index in, Index out) {
  return (in + 1) * w + Index(depth - 1) * (w + 1) * w + out * (w + 1);
}

Index width_for_budget(int depth, Index budget, Index in, Index out) {
  // depth_params grows with w: walk up to the first width at or above the budget, then keep the
  // nearer of it and the one below.
  Index w = 1;
  while (depth_params(depth, w, in, out) < budget) ++w;
  if (w > 1 &&
      budget - depth_params(depth, w - 1, in, out) <= depth_params(depth, w, in, out) - budget)
    return w - 1;
  return w;
}

namespace {

std::string g3(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

std::string pct(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f%%", 100 * v);
  return b;
}

// One float run per depth on the MNIST subset (DepthOptions::mnist_dir).
void run_mnist(const DepthOptions& o, DepthStudy& s) {
  nn::Dataset<float> all, test;
  nn::load_named_data<float>({"mnist", o.mnist_dir, 0, o.seed}, all, test);
  std::vector<Index> first(size_t(std::min<Index>(o.mnist_train, all.size())));
  for (size_t i = 0; i < first.size(); ++i) first[i] = Index(i);
  const nn::Dataset<float> train = all.subset(first);
  s.mnist_train_size = train.size();
  s.mnist_test_size = test.size();
  for (int depth : o.mnist_depths) {
    DepthRow row;
    row.depth = depth;
    row.width = width_for_budget(depth, o.mnist_budget, 784, 10);
    row.params = depth_params(depth, row.width, 784, 10);
    nn::NetworkSpec spec;
    spec.layers.push_back(784);
    for (int l = 0; l < depth; ++l) spec.layers.push_back(row.width);
    spec.layers.push_back(10);
    spec.hidden = nn::Activation::Relu;
    spec.init = nn::Init::He;
    nn::Network<float> net(spec);
    Vec<float> x0;
    net.init_params(x0, o.seed);
    char p[160];
    std::snprintf(p, sizeof p, "lr=0.001,batch_size=64,seed=%llu", (unsigned long long)o.seed);
    const auto method = make_method<float>("adam", ParamSet::parse(p));
    nn::TrainOptions t;
    t.epochs = o.mnist_epochs;
    const auto rep = nn::train_network<float>(net, train, nullptr, nullptr, x0, *method, t);
    row.test_accuracy.push_back(nn::evaluate_network(net, rep.params, test).accuracy);
    row.train_loss.push_back(nn::evaluate_network(net, rep.params, train).loss);
    row.mean_accuracy = row.test_accuracy[0];
    row.mean_train_loss = row.train_loss[0];
    s.mnist_rows.push_back(std::move(row));
  }
}

}  // namespace

DepthStudy run_depth_study(const DepthOptions& o) {
  o.validate();
  DepthStudy s;
  s.options = o;
  nn::Dataset<double> all = nn::make_spirals<double>(o.per_class, 0.1, o.seed), train, test;
  nn::stratified_split(all, 0.5, o.seed, train, test);
  const nn::Scaler scaler = nn::Scaler::standardize(train);  // fitted on the training half
  scaler.apply(train);
  scaler.apply(test);
  s.train_size = train.size();
  s.test_size = test.size();
  for (int depth : o.depths) {
    DepthRow row;
    row.depth = depth;
    row.width = width_for_budget(depth, o.budget);
    row.params = depth_params(depth, row.width);
    nn::NetworkSpec spec;
    spec.layers.push_back(2);
    for (int l = 0; l < depth; ++l) spec.layers.push_back(row.width);
    spec.layers.push_back(2);
    spec.hidden = nn::Activation::Relu;
    spec.init = nn::Init::He;
    nn::Network<double> net(spec);
    for (int r = 0; r < o.seeds; ++r) {
      const std::uint64_t seed = o.seed + 1000 * std::uint64_t(r + 1);
      Vec<double> x0;
      net.init_params(x0, seed);
      char p[160];
      std::snprintf(p, sizeof p, "lr=%.17g,batch_size=%lld,seed=%llu", o.lr, (long long)o.batch,
                    (unsigned long long)seed);
      const auto method = make_method<double>("adam", ParamSet::parse(p));
      nn::TrainOptions t;
      t.epochs = o.epochs;
      const auto rep = nn::train_network<double>(net, train, nullptr, nullptr, x0, *method, t);
      row.test_accuracy.push_back(nn::evaluate_network(net, rep.params, test).accuracy);
      row.train_loss.push_back(nn::evaluate_network(net, rep.params, train).loss);
    }
    double sum = 0, loss = 0;
    for (size_t i = 0; i < row.test_accuracy.size(); ++i) {
      sum += row.test_accuracy[i];
      loss += row.train_loss[i];
    }
    row.mean_accuracy = sum / double(o.seeds);
    row.mean_train_loss = loss / double(o.seeds);
    double sq = 0;
    for (double a : row.test_accuracy) sq += (a - row.mean_accuracy) * (a - row.mean_accuracy);
    row.sd_accuracy = o.seeds > 1 ? std::sqrt(sq / double(o.seeds - 1)) : 0;
    s.rows.push_back(std::move(row));
  }
  if (!o.mnist_dir.empty()) run_mnist(o, s);
  return s;
}

namespace {

Behaviour deep_claim(const std::vector<DepthRow>& rows, double margin, const std::string& name,
                     const std::string& setup) {
  Behaviour b;
  b.name = name;
  b.source =
      "seed 001 (playground: \"Deep structure helps\"); seed 003 \"Why are deeper networks "
      "better than wider?\"";
  b.claim =
      "Deep structure helps: deeper networks are better than wider ones (they approach "
      "piecewise polynomial functions).";
  b.setup = setup;
  b.criterion =
      "agrees when the best mean test accuracy over the depths >= 2 exceeds the one "
      "hidden layer's by at least " +
      g3(100 * margin) + " points";
  b.picture = "depth";
  const DepthRow* shallow = nullptr;
  const DepthRow* best = nullptr;
  for (const auto& r : rows) {
    if (r.depth == 1) shallow = &r;
    if (r.depth >= 2 && (!best || r.mean_accuracy > best->mean_accuracy)) best = &r;
    b.measured.push_back(
        {"depth" + std::to_string(r.depth) + "_mean_test_accuracy", r.mean_accuracy});
  }
  if (!shallow || !best) {
    b.agrees = false;
    b.verdict = "not measured: the depths need 1 and at least one >= 2";
    return b;
  }
  b.measured.push_back({"best_deep_depth", double(best->depth)});
  b.measured.push_back({"gain", best->mean_accuracy - shallow->mean_accuracy});
  b.agrees = best->mean_accuracy - shallow->mean_accuracy >= margin;
  b.verdict = "1 hidden layer of " + std::to_string(shallow->width) + ": " +
              pct(shallow->mean_accuracy) + " +- " + pct(shallow->sd_accuracy) +
              "; best deep: " + std::to_string(best->depth) + " layers of " +
              std::to_string(best->width) + ": " + pct(best->mean_accuracy) + " +- " +
              pct(best->sd_accuracy);
  return b;
}

std::string shapes(const std::vector<DepthRow>& rows) {
  std::string out;
  for (const auto& r : rows)
    out += (out.empty() ? "" : ", ") + std::to_string(r.depth) + "x" + std::to_string(r.width) +
           " (" + std::to_string(r.params) + ")";
  return out;
}

}  // namespace

std::vector<Behaviour> depth_claims(const DepthStudy& s) {
  const auto& o = s.options;
  std::vector<Behaviour> out;
  out.push_back(deep_claim(
      s.rows, o.margin, "deep_helps",
      "ReLU MLPs (He init) with about " + std::to_string(o.budget) +
          " parameters, hidden layers x width (parameters): " + shapes(s.rows) + "; spirals, " +
          std::to_string(s.train_size) + " training and " + std::to_string(s.test_size) +
          " test points (seed " + std::to_string(o.seed) + "), Adam eta " + g3(o.lr) + ", batch " +
          std::to_string(o.batch) + ", " + std::to_string(o.epochs) + " epochs, " +
          std::to_string(o.seeds) + " runs per depth"));
  if (!s.mnist_rows.empty()) {
    out.push_back(deep_claim(
        s.mnist_rows, o.margin, "deep_helps_mnist",
        "ReLU MLPs (He init, float) with about " + std::to_string(o.mnist_budget) +
            " parameters: " + shapes(s.mnist_rows) + "; MNIST, the first " +
            std::to_string(s.mnist_train_size) + " training and " +
            std::to_string(s.mnist_test_size) + " test images, Adam eta 1e-3, batch 64, " +
            std::to_string(o.mnist_epochs) + " epochs, one run per depth"));
  }
  return out;
}

}  // namespace optim::studies
