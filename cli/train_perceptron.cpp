// `optim train --method perceptron` (see train_perceptron.hpp for the rule and the exit codes).
#include "train_perceptron.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <numeric>

#include "command.hpp"
#include "nn/data_sources.hpp"
#include "nn/perceptron.hpp"

namespace optim::cli {
namespace {

constexpr int kDefaultMaxEpochs = 1000;

// Flags of `optim train` that shape an MLP or its optimizer and mean nothing to the perceptron:
// given with it, they are refused rather than silently ignored.
const char* const kMlpOnlyFlags[] = {
    "--activation", "--activation-param",
    "--loss",       "--init",
    "--bias-init",  "--param",
    "--batch-size", "--dtype",
    "--gemm",       "--weight-decay",
    "--keep-input", "--keep-hidden",
    "--validation", "--patience",
    "--min-delta",  "--trace",
    "--save",       "--eval-train",
    "--checkpoint", "--checkpoint-every",
    "--resume",     "--l2",
};

void refuse_mlp_flags(CLI::App& app) {
  for (const char* flag : kMlpOnlyFlags) {
    const CLI::Option* opt = app.get_option_no_throw(flag);
    if (opt != nullptr && opt->count() > 0) {
      throw UsageError(std::string(flag) +
                       " does not apply to --method perceptron (the perceptron rule has no "
                       "network, optimizer or outputs beyond its report)");
    }
  }
}

// The unit count: one sign unit for two classes, one per class otherwise; --layers, when given,
// must be exactly IN,OUT with IN the data's features and OUT that count (or K for K = 2).
Index output_units(const PerceptronRequest& r, Index features, int classes) {
  const Index units = classes == 2 ? 1 : classes;
  if (r.layers.empty()) return units;
  const std::vector<Index> widths = nn::parse_layers(r.layers);
  if (widths.size() > 2) {
    throw UsageError("--layers " + r.layers +
                     " has hidden layers; the perceptron is a single layer: give IN,OUT (e.g. " +
                     std::to_string(features) + "," + std::to_string(units) + ") or no --layers");
  }
  if (widths[0] != features) {
    throw UsageError("--layers " + r.layers + ": the input width must be the data's " +
                     std::to_string(features) + " features");
  }
  if (widths[1] != units && widths[1] != classes) {
    throw UsageError("--layers " + r.layers + ": the output width must be " +
                     std::to_string(units) + " for " + std::to_string(classes) + " classes");
  }
  return widths[1];
}

struct Outcome {
  bool converged = true, cycled = false;
  int epochs = 0;  // the largest count over the units
  long updates = 0;
  int cycled_unit = -1;
};

// Score w'x with the bias input x_0 = -1 (nn/perceptron.hpp).
double score(const nn::Perceptron& p, const Eigen::Ref<const Vec<double>>& x) {
  const Vec<double>& w = p.weights();
  return -w[0] + w.tail(x.size()).dot(x);
}

int predict(const std::vector<nn::Perceptron>& units, const Eigen::Ref<const Vec<double>>& x) {
  if (units.size() == 1) return score(units[0], x) >= 0 ? 1 : 0;  // sign unit: +1 is class 1
  int best = 0;
  for (size_t c = 1; c < units.size(); ++c)
    if (score(units[c], x) > score(units[size_t(best)], x)) best = int(c);
  return best;
}

double accuracy(const std::vector<nn::Perceptron>& units, const nn::Dataset<double>& d) {
  if (d.size() == 0) return -1;
  Index right = 0;
  for (Index j = 0; j < d.size(); ++j) right += predict(units, d.x.col(j)) == d.labels[size_t(j)];
  return double(right) / double(d.size());
}

void apply_scale(const std::string& scale, const std::string& data, nn::Dataset<double>& train,
                 nn::Dataset<double>& test) {
  const std::string s =
      scale == "auto" ? (data == "mnist" || data == "xor" ? "none" : "standard") : scale;
  nn::Scaler scaler;
  if (s == "standard") {
    scaler = nn::Scaler::standardize(train);
  } else if (s == "minmax") {
    scaler = nn::Scaler::min_max(train);
  } else if (s != "none") {
    throw UsageError("--scale '" + scale + "' is not one of auto, standard, minmax, none");
  }
  scaler.apply(train);
  scaler.apply(test);
}

}  // namespace

int run_train_perceptron(CLI::App& app, const PerceptronRequest& r) {
  refuse_mlp_flags(app);
  const bool lr_given = app.count("--lr") > 0;
  if (lr_given && !(std::isfinite(r.lr) && r.lr > 0)) {
    throw UsageError("--lr must be a finite number > 0 (the perceptron's eta)");
  }
  const double eta = lr_given ? r.lr : 1.0;  // seed 000 Prop. 2.2 uses eta = 1
  const int max_epochs = app.count("--epochs") > 0 ? r.epochs : kDefaultMaxEpochs;

  nn::DataRequest req{r.data, r.data_dir, r.n, r.seed, r.classes};
  nn::Dataset<double> train, test;
  nn::load_named_data<double>(req, train, test);
  if (!train.classification()) {
    throw UsageError("--method perceptron classifies, and data set '" + r.data +
                     "' has real-valued targets (a regression set)");
  }
  apply_scale(r.scale, r.data, train, test);
  const Index units_n = output_units(r, train.features(), train.classes);

  // Unit c learns "class c" (+1) against the rest (-1); a single unit learns class 1 against 0.
  std::vector<nn::Perceptron> units;
  Outcome out;
  std::vector<int> targets(static_cast<size_t>(train.size()));
  for (Index c = 0; c < units_n; ++c) {
    const int positive = units_n == 1 ? 1 : int(c);
    for (size_t j = 0; j < targets.size(); ++j) targets[j] = train.labels[j] == positive ? 1 : -1;
    units.emplace_back(train.features(), eta);
    const nn::PerceptronResult res = units.back().train(train.x, targets, max_epochs);
    out.epochs = std::max(out.epochs, res.epochs);
    out.updates += std::accumulate(res.mistakes.begin(), res.mistakes.end(), 0L);
    if (!res.converged) out.converged = false;
    if (res.cycled && !out.cycled) {
      out.cycled = true;
      out.cycled_unit = int(c);
    }
  }
  const double train_acc = accuracy(units, train);
  const double test_acc = accuracy(units, test);
  const std::string status = out.converged ? "converged"
                             : out.cycled  ? "not_linearly_separable"
                                           : "max_epochs";
  // Which split failed, in the data's terms.
  const std::string split =
      units_n == 1 ? "the two classes"
                   : "class " + std::to_string(out.cycled_unit) + " and the other classes";

  if (r.json) {
    nlohmann::json j;
    j["data"] = r.data;
    j["method"] = "perceptron";
    j["layers"] = {train.features(), units_n};
    j["classes"] = train.classes;
    j["lr"] = eta;
    j["status"] = status;
    j["converged"] = out.converged;
    j["linearly_separable"] = out.converged ? nlohmann::json(true)
                              : out.cycled  ? nlohmann::json(false)
                                            : nlohmann::json(nullptr);  // undecided
    j["epochs"] = out.epochs;
    j["max_epochs"] = max_epochs;
    j["updates"] = out.updates;
    j["train_accuracy"] = train_acc;
    if (test_acc >= 0) j["test_accuracy"] = test_acc;
    std::cout << j.dump() << "\n";
  } else {
    std::printf(
        "data %s: %lld train samples, %lld features, %d classes; perceptron %lld -> %lld%s, "
        "eta %g\n",
        r.data.c_str(), (long long)train.size(), (long long)train.features(), train.classes,
        (long long)train.features(), (long long)units_n,
        units_n > 1 ? " (one unit per class against the rest)" : "", eta);
    if (out.converged) {
      std::printf("converged after %d epochs (%ld updates): training accuracy %.2f%%", out.epochs,
                  out.updates, 100 * train_acc);
    } else if (out.cycled) {
      std::printf(
          "not linearly separable: %s cannot be split by a hyperplane (the weights "
          "repeat an earlier epoch's with mistakes left, so the rule would cycle "
          "forever); stopped after %d epochs (%ld updates), training accuracy %.2f%%",
          split.c_str(), out.epochs, out.updates, 100 * train_acc);
    } else {
      std::printf(
          "not converged after %d epochs (%ld updates; raise --epochs): training "
          "accuracy %.2f%%",
          out.epochs, out.updates, 100 * train_acc);
    }
    if (test_acc >= 0) std::printf(", test %.2f%%", 100 * test_acc);
    std::printf("\n");
  }
  return out.converged ? 0 : out.cycled ? kExitNotSeparable : 1;
}

}  // namespace optim::cli
