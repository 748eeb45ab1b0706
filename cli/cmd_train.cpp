// `optim train`: trains an MLP on MNIST or a synthetic set with any optimizer of the library.
//   optim train --data mnist --layers 784,128,10 --activation relu --method adam --lr 1e-3
//       --epochs 5 --batch-size 64 [--dtype float|double] [--threads N] [--seed S] [--json]
// Exit codes: 0 trained (all epochs, or early stopping: status early_stopped), 2 bad input,
// 3 numerical failure, 4 interrupted.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <utility>

#include "checkpoint_flags.hpp"
#include "command.hpp"
#include "common.hpp"
#include "launch.hpp"
#include "nn/augment.hpp"
#include "nn/bagging.hpp"
#include "nn/class_metrics.hpp"
#include "nn/data_sources.hpp"
#include "nn/layer_gradients.hpp"
#include "nn/model_io.hpp"
#include "nn/regression_metrics.hpp"
#include "nn/trainer.hpp"
#include "optim/distributed/communicator.hpp"
#include "optim/first_order/first_order.hpp"
#include "optim/observers/run_files.hpp"
#include "optim/registry.hpp"
#include "optim/run_context.hpp"
#include "range_checks.hpp"
#include "resource_limits.hpp"
#include "train_perceptron.hpp"
#include "user_settings.hpp"

namespace optim::cli {
namespace {

struct TrainArgs {
  // Own data: --target, --features, --task, --test, --test-fraction, --drop-missing, --hidden.
  std::string target, features, task, test, hidden;
  double test_fraction = 0;
  bool drop_missing = false;
  std::string data, data_dir, layers, activation = "relu", loss, init;
  std::string dtype = "float", scale = "auto", trace, save, gemm, augment;
  std::string trace_layers;  // per-layer gradient norms and dead units (nn/layer_gradients.hpp)
  // --method and the method's settings, the generated --KEY flags of minimize (method_flags.hpp)
  // as typed: they reach the method unconverted. --weight-decay is the method's own decoupled
  // decay (any first-order rule: AdamW, SGDW), as on `minimize`; --l2 is the network's coupled
  // penalty lambda ||W||^2. --batch-size is the trainer's (default 64), --seed seeds everything.
  MethodFlags method;
  double activation_param = std::numeric_limits<double>::quiet_NaN(), bias_init = 0;
  double l2 = 0, l1 = 0, input_noise = 0, keep_input = 1, keep_hidden = 1, validation = 0,
         min_delta = 0;
  int epochs = 5, threads = 1, patience = 0, bagging = 1;
  long batch = 64, n = 400;  // batch: resolved from --batch-size or --param batch_size
  int classes = 0;           // --classes of blobs (0: its default)
  std::uint64_t seed = 42;
  bool json = false, no_progress = false, eval_train = false, l1_prox = false;
  Index sample_block = 64;     // nn::TrainOptions::sample_block
  CheckpointFlags checkpoint;  // --checkpoint-every counts epochs
  UserSettings settings;       // the --KEY flags and --param, each key once
};

// The table request of --data FILE.csv (or an IDX folder) from the own-data flags.
void set_file_request(const TrainArgs& a, nn::DataRequest& req) {
  if (!a.target.empty()) req.table.targets = nn::parse_name_list(a.target, "--target");
  if (!a.features.empty()) req.table.features = nn::parse_name_list(a.features, "--features");
  req.table.task = a.task;
  req.table.drop_missing = a.drop_missing;
  req.test_path = a.test;
  req.test_fraction = a.test_fraction;
}

// The method's settings from their two spellings; batch_size is the trainer's own option.
void resolve_settings(TrainArgs& a) {
  a.settings = a.method.settings();
  // Options the network and the trainer check under their own names.
  a.settings.name_option("keep_input", "--keep-input", shortest(a.keep_input));
  a.settings.name_option("keep_hidden", "--keep-hidden", shortest(a.keep_hidden));
  a.settings.name_option("l2", "--l2", shortest(a.l2));
  a.settings.name_option("l1", "--l1", shortest(a.l1));
  a.settings.name_option("min_delta", "--min-delta", shortest(a.min_delta));
  a.batch =
      a.settings.restate_errors([&] { return a.settings.params().get_int("batch_size", 64); });
}

// --validation: a fraction in [0, 1); --patience watches the validation loss, so it needs one.
void check_validation_flags(const TrainArgs& a) {
  if (!(a.validation >= 0 && a.validation < 1)) {
    throw UsageError("--validation " + shortest(a.validation) + ": must be in [0, 1)");
  }
  if (!(a.l1 >= 0 && std::isfinite(a.l1))) {
    throw UsageError("--l1 " + shortest(a.l1) + ": must be >= 0 and finite");
  }
  if (a.bagging < 1 || a.bagging > 1000) {
    throw UsageError("--bagging " + std::to_string(a.bagging) + ": must be in [1, 1000] members");
  }
  if (a.bagging > 1 && !a.checkpoint.path.empty()) {
    throw UsageError("--bagging " + std::to_string(a.bagging) +
                     " trains several networks in one run; it does not combine with --checkpoint");
  }
  if (!(a.input_noise >= 0 && std::isfinite(a.input_noise))) {
    throw UsageError("--input-noise " + shortest(a.input_noise) + ": must be >= 0 and finite");
  }
  if (!a.augment.empty()) {
    try {
      (void)nn::parse_augment(a.augment);
    } catch (const std::invalid_argument& e) {
      throw UsageError("--augment '" + a.augment + "': " + e.what());
    }
  }
  if (a.patience > 0 && a.validation == 0) {
    throw UsageError("--patience " + std::to_string(a.patience) +
                     " needs --validation FRACTION: early stopping watches the validation loss");
  }
}

// What the network and its data would allocate, checked before either is built. Parameters: the
// vector, its gradient, the best-so-far copy and up to three vectors of optimizer state (Adam's
// moments); activations: values, pre-activations and deltas of every layer for one chunk of
// max(batch, 1024) samples, at most the whole set (nn::MlpObjective's chunk).
template <class S>
void check_sizes(const TrainArgs& a, const std::vector<Index>& layers, Index file_samples) {
  if (file_samples < 0 && a.data != "mnist") {
    const std::vector<Index> shape = nn::default_layers(a.data);
    // A synthetic training set and a test set of --n samples each, kept with their split copies.
    const double per_sample = double(shape.front() + shape.back() + 1) * sizeof(S);
    require_fits_in_memory("--n " + std::to_string(a.n), 4.0 * double(a.n) * per_sample,
                           "the synthetic training and test sets");
  }
  double params = 0, width_sum = 0;
  for (std::size_t i = 0; i + 1 < layers.size(); ++i)
    params += double(layers[i] + 1) * double(layers[i + 1]);
  for (Index w : layers) width_sum += double(w);
  const double samples = file_samples >= 0   ? double(file_samples)
                         : a.data == "mnist" ? 60000.0
                                             : double(a.n);
  const double chunk = std::min(std::max(double(a.batch), 1024.0), samples);
  require_fits_in_memory("--layers " + (a.layers.empty() ? std::string("(default)") : a.layers),
                         6.0 * params * sizeof(S) + 3.0 * chunk * width_sum * sizeof(S),
                         "the network's parameters, optimizer state and activations");
}

// Every flag that shapes the trained parameters; a checkpoint of another configuration is
// refused rather than resumed (threads are left out: results are identical for any count). The
// method's part is its field table's signature: every setting at full precision.
std::string train_signature(const TrainArgs& a, const std::string& method_signature) {
  std::ostringstream s;
  s.precision(17);
  s << "train data=" << a.data << " n=" << a.n << " layers=" << a.layers
    << " activation=" << a.activation << " activation_param=" << a.activation_param
    << " loss=" << a.loss << " init=" << a.init << " bias_init=" << a.bias_init
    << " method=" << a.method.method << " " << method_signature << " batch=" << a.batch
    << " dtype=" << a.dtype << " seed=" << a.seed << " l2=" << a.l2 << " keep=" << a.keep_input
    << "," << a.keep_hidden << " validation=" << a.validation << " scale=" << a.scale
    << " patience=" << a.patience << " min_delta=" << a.min_delta << " eval_train=" << a.eval_train;
  s << " classes=" << a.classes;
  // The per-layer trace's rows are checkpointed with the run: a checkpoint taken without it has
  // none to resume (and the signatures of runs without it stay as they were).
  if (!a.trace_layers.empty()) s << " trace_layers=1";
  // Only when given: the checkpoints of runs without them keep their signature.
  if (a.l1 != 0) s << " l1=" << a.l1 << (a.l1_prox ? " l1_prox" : "");
  if (a.input_noise != 0) s << " input_noise=" << a.input_noise;
  if (!a.augment.empty()) s << " augment=" << a.augment;
  if (a.bagging != 1) s << " bagging=" << a.bagging;
  if (a.sample_block != 64) s << " sample_block=" << a.sample_block;
  if (nn::data_kind(a.data) != nn::DataKind::Named || !a.hidden.empty()) {
    s << " target=" << a.target << " features=" << a.features << " task=" << a.task
      << " test=" << a.test << " test_fraction=" << a.test_fraction
      << " drop_missing=" << a.drop_missing << " hidden=" << a.hidden;
  }
  return s.str();
}

nlohmann::json epoch_json(const nn::EpochRecord& e) {
  nlohmann::json j = {{"epoch", e.epoch},
                      {"train_loss", e.train_loss},
                      {"time_s", e.time_s},
                      {"samples_per_s", e.samples_per_s},
                      {"cpu_s", e.cpu_s}};
  if (e.train_accuracy >= 0) j["train_accuracy"] = e.train_accuracy;
  if (e.val_loss >= 0) j["val_loss"] = e.val_loss;
  if (e.val_accuracy >= 0) j["val_accuracy"] = e.val_accuracy;
  if (e.test_loss >= 0) j["test_loss"] = e.test_loss;
  if (e.test_accuracy >= 0) j["test_accuracy"] = e.test_accuracy;
  return j;
}

// The method object, built once with the trainer's batch settings. At this string edge the
// registry says whether the method samples batches (the first-order family takes batch_size and
// seed); a full-batch method is refused a batch size other than 0. The batch is at most the set.
template <class S>
std::unique_ptr<Method<S>> make_train_method(const TrainArgs& a, Index samples, ParamSet& p) {
  const std::vector<HyperParam>& keys = find_method(a.method.method).params;
  auto takes = [&](const std::string& key) {
    return std::any_of(keys.begin(), keys.end(),
                       [&](const HyperParam& h) { return h.name == key; });
  };
  p = a.settings.params({"batch_size"});
  if (takes("batch_size")) {
    p.set("batch_size", std::to_string(a.batch == 0 ? 0 : std::min<Index>(a.batch, samples)));
    if (takes("seed") && !p.has("seed")) p.set("seed", std::to_string(a.seed));
  } else if (a.batch != 0) {
    throw UsageError("--method " + a.method.method +
                     " works on full batches only; use --batch-size 0");
  }
  return make_user_method<S>(a.method.method, a.settings, &p, {"batch_size"});
}

template <class S>
int run_train(const TrainArgs& a) {
  RunContext context = run_context(a.threads, a.gemm);  // --gemm checked before the data
  // Under `mpirun -np K` every rank trains the same network on its blocks of every batch
  // (optim/distributed/); only rank 0 writes the files (the ranks' parameters are identical).
  context.comm = launch_communicator();
  const bool writer = writes_outputs(context.comm.get());
  const int ranks = comm_size(context.comm.get());
  // Every output path is checked before the data are loaded and hours are spent training.
  nn::DataRequest req{a.data, a.data_dir.empty() ? default_mnist_dir() : a.data_dir, a.n, a.seed,
                      a.classes};
  const bool own_files = nn::data_kind(a.data) != nn::DataKind::Named;
  if (own_files) {
    set_file_request(a, req);
  } else if (!a.target.empty() || !a.features.empty() || !a.task.empty() || !a.test.empty() ||
             a.test_fraction != 0 || a.drop_missing) {
    throw UsageError(
        "--target, --features, --task, --test, --test-fraction and --drop-missing "
        "apply to --data FILE.csv or a folder of IDX files, not to '" +
        a.data + "'");
  }
  RunFiles files;
  for (const std::string& f : nn::data_files(req))
    files.input(own_files ? "--data" : "--data-dir", f);
  files.output("--trace", a.trace)
      .output("--trace-layers", a.trace_layers)
      .output("--save", a.save)
      .output("--checkpoint", a.checkpoint.path)
      .check();
  check_validation_flags(a);
  nn::NetworkSpec spec;
  nn::Dataset<S> all, test;
  nn::DataSchema schema;  // how the model reads the user's files (empty for named sets)
  if (own_files) {
    nn::load_file_data<S>(req, all, test, schema);
    spec.layers = nn::network_layers(a.layers, a.hidden, all.features(),
                                     all.classification() ? all.classes : all.y.rows(),
                                     schema.kind == "idx" ? "128" : "100");
  } else if (!a.hidden.empty()) {
    const std::vector<Index> shape = nn::default_layers(a.data, a.classes);
    spec.layers = nn::network_layers(a.layers, a.hidden, shape.front(), shape.back(), "");
  } else {
    spec.layers =
        a.layers.empty() ? nn::default_layers(a.data, a.classes) : nn::parse_layers(a.layers);
  }
  check_sizes<S>(a, spec.layers, own_files ? all.size() : -1);
  if (!own_files) nn::load_named_data<S>(req, all, test);
  if (a.validation > 0) {
    try {
      (void)nn::validation_count(all.size(), a.validation);
    } catch (const std::invalid_argument& e) {
      throw UsageError("--validation " + shortest(a.validation) + ": " + e.what());
    }
  }
  if (!a.augment.empty()) {
    if (a.data != "mnist" && schema.kind != "idx") {
      throw UsageError(
          "--augment shifts and turns images: it needs --data mnist or a folder of "
          "IDX images, and '" +
          a.data + "' is not image data");
    }
    try {
      (void)nn::image_side(all.features());
    } catch (const std::invalid_argument& e) {
      throw UsageError("--augment: " + std::string(e.what()));
    }
  }
  spec.hidden = nn::parse_activation(a.activation);
  spec.loss = !a.loss.empty()        ? nn::parse_loss(a.loss)
              : all.classification() ? (spec.layers.back() == 1 ? nn::Loss::BinaryCrossEntropy
                                                                : nn::Loss::SoftmaxCrossEntropy)
                                     : nn::Loss::Mse;
  const bool relu_like = spec.hidden == nn::Activation::Relu ||
                         spec.hidden == nn::Activation::LeakyRelu ||
                         spec.hidden == nn::Activation::PRelu;
  spec.init = !a.init.empty() ? nn::parse_init(a.init)
              : relu_like     ? nn::Init::He
                              : nn::Init::Glorot;
  spec.activation_param = a.activation_param;
  spec.bias_init = a.bias_init;
  nn::Network<S> net(spec);
  a.settings.restate_errors([&] { net.set_dropout(a.keep_input, a.keep_hidden, a.seed + 7); });

  // Preprocessing fitted on the training data: MNIST pixels are already in [0, 1].
  const std::string scale =
      a.scale == "auto"
          ? (a.data == "mnist" || a.data == "xor" || schema.kind == "idx" ? "none" : "standard")
          : a.scale;
  nn::Scaler scaler;
  if (scale == "standard") {
    scaler = nn::Scaler::standardize(all);
  } else if (scale == "minmax") {
    scaler = nn::Scaler::min_max(all);
  } else if (scale != "none") {
    throw UsageError("--scale '" + scale + "' is not one of auto, standard, minmax, none");
  }
  scaler.apply(all);
  scaler.apply(test);
  nn::Dataset<S> train, val;
  if (a.validation > 0) {
    nn::train_validation_split(all, a.validation, a.seed + 3, train, val);
  } else {
    train = std::move(all);
  }

  ParamSet method_params;
  const std::unique_ptr<Method<S>> method = make_train_method<S>(a, train.size(), method_params);
  nn::TrainOptions opt;
  opt.epochs = a.epochs;
  opt.l2 = a.l2;
  opt.l1 = a.l1;
  opt.l1_prox = a.l1_prox;
  opt.input_noise = a.input_noise;
  if (!a.augment.empty()) opt.augment = nn::parse_augment(a.augment);
  if ((a.input_noise > 0 || opt.augment.active()) && !method->stochastic()) {
    throw UsageError(std::string(a.input_noise > 0 ? "--input-noise" : "--augment") +
                     " perturbs training batches: it needs a first-order method with "
                     "--batch-size >= 1 (" +
                     a.method.method + " here trains on the full batch)");
  }
  if (a.l1_prox && a.l1 == 0)
    throw UsageError("--l1-prox needs --l1 MU > 0 (the penalty to apply)");
  if (a.l1_prox && dynamic_cast<const FirstOrder<S>*>(method.get()) == nullptr) {
    throw UsageError("--l1-prox follows each step of a first-order rule; --method " +
                     a.method.method + " is not one (use --l1 alone: its subgradient)");
  }
  opt.patience = a.patience;
  opt.min_delta = a.min_delta;
  opt.progress = !a.no_progress && !a.json && writer;
  opt.eval_train = a.eval_train;
  opt.sample_block = a.sample_block;
  opt.checkpoint = checkpoint_options(
      a.checkpoint, train_signature(a, find_method(a.method.method).signature(method_params)));
  if (opt.checkpoint.active()) opt.checkpoint.inputs = nn::data_identity(req);
  // A signal reaches the ranks at different updates: a launch of several ranks is stopped by its
  // launcher instead (mpirun forwards SIGINT/SIGTERM, which then end every rank).
  opt.interruptible = ranks == 1;
  opt.context = context;
  announce_resume(a.checkpoint, "update");

  Vec<S> x0;
  net.init_params(x0, a.seed);
  // --bagging K (seed 001; nn/bagging.hpp): member k (0-based) trains on its own bootstrap sample
  // of the training split, from weights seeded with seed + k and dropout / noise seeded with
  // seed + 7 + k; the method (and its shuffling seed) is the same object for all.
  auto bootstrap = [&](int k) {
    return train.subset(nn::bootstrap_indices(train.size(), a.seed + 0x9e3779b9ULL * (k + 1)));
  };
  nn::Dataset<S> boot;
  if (a.bagging > 1) boot = bootstrap(0);
  const nn::Dataset<S>& fit = a.bagging > 1 ? boot : train;
  // --trace-layers follows the first member (as --trace and the epoch lines do).
  std::optional<nn::LayerGradientObserver<S>> layer_trace;
  std::vector<Observer<S>*> observers;
  if (!a.trace_layers.empty()) observers.push_back(&layer_trace.emplace(net, fit));
  auto rep = a.settings.restate_errors([&] {
    return nn::train_network<S>(net, fit, a.validation > 0 ? &val : nullptr, &test, std::move(x0),
                                *method, opt, observers);
  });
  if (layer_trace && writer) nn::write_layer_trace_csv(a.trace_layers, layer_trace->rows());
  std::vector<Vec<S>> members;
  nlohmann::json member_figures = nlohmann::json::array();
  auto figures = [&](int k, const nn::TrainReport<S>& r) {
    const nn::EpochRecord e = r.epochs.empty() ? nn::EpochRecord{} : r.epochs.back();
    nlohmann::json m = {{"member", k + 1},
                        {"epochs", r.epochs.size()},
                        {"train_loss", e.train_loss},
                        {"status", std::string(to_string(r.status))}};
    if (e.test_accuracy >= 0) m["test_accuracy"] = e.test_accuracy;
    if (e.test_loss >= 0) m["test_loss"] = e.test_loss;
    return m;
  };
  if (a.bagging > 1) {
    members.push_back(rep.params);
    member_figures.push_back(figures(0, rep));
    for (int k = 1; k < a.bagging; ++k) {
      boot = bootstrap(k);
      Vec<S> xk;
      net.init_params(xk, a.seed + std::uint64_t(k));
      net.reseed_dropout(a.seed + 7 + std::uint64_t(k));
      const auto rk = a.settings.restate_errors([&] {
        return nn::train_network<S>(net, boot, a.validation > 0 ? &val : nullptr, &test,
                                    std::move(xk), *method, opt);
      });
      members.push_back(rk.params);
      member_figures.push_back(figures(k, rk));
      rep.train_time_s += rk.train_time_s;  // the run's training time is every member's
      rep.total_time_s += rk.total_time_s;
      if (rk.status != Status::MaxIterations && !is_success(rk.status)) {
        rep.status = rk.status;  // a failed member fails the ensemble
        rep.message = "member " + std::to_string(k + 1) + ": " + rk.message;
      }
    }
  }
  if (!a.trace.empty() && writer) {
    if (a.trace.size() > 5 && a.trace.substr(a.trace.size() - 5) == ".json")
      nn::write_trace_json(a.trace, rep.epochs);
    else
      nn::write_trace_csv(a.trace, rep.epochs);
  }
  if (!a.save.empty() && a.bagging > 1 && writer)
    nn::save_ensemble<S>(a.save, spec, members, scaler, a.data, schema);
  else if (!a.save.empty() && writer)
    nn::save_model<S>(a.save, spec, rep.params, scaler, a.data, schema);
  const bool regression = !test.classification() && test.size() > 0 && test.y.size() > 0;
  nn::RegressionErrors test_errors =
      regression ? nn::regression_errors<S>(net, rep.params, test, schema) : nn::RegressionErrors{};
  nn::EvalSummary<S> ensemble;  // --bagging: the ensemble's test figures replace member 1's
  if (a.bagging > 1 && test.size() > 0) {
    ensemble = nn::evaluate_ensemble<S>(net, members, test);
    if (test.classification()) {
      rep.confusion = nn::confusion_matrix(test.labels, ensemble.predicted, test.classes);
    } else if (regression) {
      Mat<double> mean =
          nn::ensemble_predict<S>(net, members, test.x, false).outputs;  // network units
      schema.unscale_targets(mean);
      Mat<S> truth = test.y;
      schema.unscale_targets(truth);
      test_errors = nn::regression_errors_of(mean, truth.template cast<double>());
    }
  }

  // All epochs run (the budget is the request here) or early stopping: both are a trained model.
  const bool failed = rep.status != Status::MaxIterations && !is_success(rep.status);
  nn::EpochRecord last = rep.epochs.empty() ? nn::EpochRecord{} : rep.epochs.back();
  if (a.bagging > 1 && test.size() > 0) {
    last.test_loss = ensemble.loss;
    last.test_accuracy = ensemble.accuracy;
  }
  if (a.json) {
    nlohmann::json j;
    j["data"] = a.data;
    j["layers"] = spec.layers;
    j["activation"] = nn::to_string(spec.hidden);
    j["loss"] = nn::to_string(spec.loss);
    j["task"] = test.classification() || all.classification() ? "classify" : "regress";
    if (!schema.classes.empty()) j["classes"] = schema.classes;
    if (regression) {
      j["test_rmse"] = test_errors.rmse;
      j["test_mae"] = test_errors.mae;
      j["test_r2"] = test_errors.r2;
    }
    j["method"] = a.method.method;
    j["dtype"] = a.dtype;
    j["batch_size"] = a.batch;
    j["epochs"] = rep.epochs.size();
    j["train_loss"] = last.train_loss;
    if (last.train_accuracy >= 0) j["train_accuracy"] = last.train_accuracy;
    if (last.test_accuracy >= 0) j["test_accuracy"] = last.test_accuracy;
    if (last.test_loss >= 0) j["test_loss"] = last.test_loss;
    if (last.val_loss >= 0) j["val_loss"] = last.val_loss;
    j["samples_per_s"] = rep.samples_per_s;
    j["time_s"] = rep.total_time_s;
    j["train_time_s"] = rep.train_time_s;
    double cpu = 0;
    for (const auto& e : rep.epochs) cpu += e.cpu_s;
    j["train_cpu_s"] = cpu;
    j["threads"] = opt.context.threads;
    j["ranks"] = ranks;
    if (ranks > 1) j["communication_s"] = rep.communication_s;
    j["gemm"] = to_string(opt.context.gemm);
    j["weight_sparsity"] = rep.weight_sparsity;
    j["early_stopped"] = rep.early_stopped;
    j["status"] = std::string(to_string(rep.status));
    if (!a.trace_layers.empty()) j["trace_layers"] = a.trace_layers;
    if (!rep.interrupted_by.empty()) j["signal"] = rep.interrupted_by;
    if (a.bagging > 1) {
      j["bagging"] = a.bagging;
      j["members"] = member_figures;
    }
    j["per_epoch"] = nlohmann::json::array();
    for (const auto& e : rep.epochs) j["per_epoch"].push_back(epoch_json(e));
    if (!rep.confusion.empty()) j["confusion"] = rep.confusion;
    if (!schema.classes.empty() && schema.classes.size() == rep.confusion.size()) {
      j["per_class"] = nlohmann::json::array();
      const auto m = nn::per_class_metrics(rep.confusion);
      for (std::size_t c = 0; c < m.size(); ++c) {
        j["per_class"].push_back({{"class", schema.classes[c]},
                                  {"precision", m[c].precision},
                                  {"recall", m[c].recall},
                                  {"f1", m[c].f1},
                                  {"support", m[c].support}});
      }
    }
    std::cout << j.dump() << "\n";
  } else {
    std::string widths;
    for (Index w : spec.layers) widths += (widths.empty() ? "" : ",") + std::to_string(w);
    std::printf("data %s: %lld train, %lld test samples; network %s; %lld parameters (%s)\n",
                a.data.c_str(), (long long)train.size(), (long long)test.size(), widths.c_str(),
                (long long)net.num_params(), a.dtype.c_str());
    for (const auto& e : rep.epochs) {
      std::printf("epoch %3d  loss %.5f", e.epoch, e.train_loss);
      if (e.train_accuracy >= 0) std::printf("  train %.2f%%", 100 * e.train_accuracy);
      if (e.val_loss >= 0) std::printf("  val loss %.5f", e.val_loss);
      if (e.test_accuracy >= 0)
        std::printf("  test %.2f%%", 100 * e.test_accuracy);
      else if (e.test_loss >= 0)
        std::printf("  test loss %.5f", e.test_loss);
      std::printf("  %.2f s (cpu %.2f s)  %.0f samples/s\n", e.time_s, e.cpu_s, e.samples_per_s);
    }
    if (!schema.classes.empty()) {
      std::printf("classes:");
      for (const auto& c : schema.classes) std::printf(" %s", c.c_str());
      std::printf("\n");
    }
    if (regression) {
      std::printf("test RMSE %.6g, MAE %.6g (in the target's units), R^2 %.4f\n", test_errors.rmse,
                  test_errors.mae, test_errors.r2);
    }
    if (a.bagging > 1) {  // the epochs above are member 1's
      for (const auto& m : member_figures) {
        std::printf("member %d:", m["member"].get<int>());
        if (m.contains("test_accuracy"))
          std::printf(" test %.2f%%", 100 * m["test_accuracy"].get<double>());
        else if (m.contains("test_loss"))
          std::printf(" test loss %.5f", m["test_loss"].get<double>());
        std::printf("\n");
      }
      if (last.test_accuracy >= 0)
        std::printf("ensemble of %d (majority vote): test %.2f%%\n", a.bagging,
                    100 * last.test_accuracy);
      else if (test.size() > 0)
        std::printf("ensemble of %d (mean): test loss %.5f\n", a.bagging, last.test_loss);
    }
    if (a.l1 > 0) {
      std::printf("weights exactly zero: %.2f%% (--l1 %s)\n", 100 * rep.weight_sparsity,
                  shortest(a.l1).c_str());
    }
    std::printf("%s after %zu epochs%s; training %.2f s (%.0f samples/s), total %.2f s\n",
                failed ? rep.message.c_str() : "done", rep.epochs.size(),
                rep.early_stopped ? " (early stopping)" : "", rep.train_time_s, rep.samples_per_s,
                rep.total_time_s);
    if (!rep.confusion.empty() && rep.confusion.size() <= 10) {
      std::printf("confusion matrix (rows true, columns predicted):\n");
      // With class names (the user's data): a header of names and each row led by its name.
      const bool named = schema.classes.size() == rep.confusion.size();
      int w = 6;
      for (const auto& c : schema.classes) w = std::max(w, std::min(int(c.size()), 16));
      if (named) {
        std::printf("%*s", w, "");
        for (const auto& c : schema.classes) std::printf(" %*.*s", w, 16, c.c_str());
        std::printf("\n");
      }
      for (std::size_t r = 0; r < rep.confusion.size(); ++r) {
        if (named) std::printf("%*.*s", w, 16, schema.classes[r].c_str());
        for (long c : rep.confusion[r]) std::printf(" %*ld", named ? w : 6, c);
        std::printf("\n");
      }
    }
    if (!schema.classes.empty() && schema.classes.size() == rep.confusion.size()) {
      std::printf("%16s %9s %9s %9s %9s\n", "class", "precision", "recall", "f1", "support");
      const auto m = nn::per_class_metrics(rep.confusion);
      for (std::size_t c = 0; c < m.size(); ++c) {
        std::printf("%16.16s %9.4f %9.4f %9.4f %9ld\n", schema.classes[c].c_str(), m[c].precision,
                    m[c].recall, m[c].f1, m[c].support);
      }
    }
    if (!a.trace_layers.empty()) {
      std::printf("per-layer gradient norms and dead units per epoch: %s\n",
                  a.trace_layers.c_str());
    }
    if (!a.trace.empty()) {
      std::printf("trace %s; learning curves: optim plot learning --trace %s --out learning.png\n",
                  a.trace.c_str(), a.trace.c_str());
    }
  }
  return failed ? exit_code(rep.status) : 0;
}

const Registrar reg(
    "train", "train an MLP on MNIST or a synthetic set with any optimizer",
    [](CLI::App& app) -> Action {
      auto a = std::make_shared<TrainArgs>();
      app.add_option("--data", a->data,
                     "mnist | xor | spirals | blobs | sine | FILE.csv | a folder of IDX files")
          ->required();
      app.add_option("--target", a->target, "--data FILE.csv: the target column(s), y or y1,y2");
      app.add_option("--features", a->features,
                     "--data FILE.csv: the feature columns a,b,c (default: all but the targets)");
      app.add_option("--task", a->task, "classify | regress (default: from the target column)")
          ->check(CLI::IsMember({"classify", "regress"}));
      app.add_option("--test", a->test, "test table (CSV with the training file's columns)");
      app.add_option("--test-fraction", a->test_fraction,
                     "share of the user's data held out for testing, stratified (default 0.2)");
      app.add_flag("--drop-missing", a->drop_missing,
                   "leave out rows with a missing value (NA or empty) instead of refusing them");
      app.add_option("--hidden", a->hidden,
                     "hidden widths, e.g. 256,256 (input and output widths from the data)");
      app.add_option("--data-dir", a->data_dir,
                     "directory of the MNIST IDX files (default data/mnist)");
      app.add_option("--n", a->n, "synthetic training-set size")->check(at_least(1));
      app.add_option("--classes", a->classes, "classes of --data blobs (default 3)");
      app.add_option("--layers", a->layers, "layer widths, e.g. 784,128,10 (default per data set)");
      app.add_option("--activation", a->activation, "hidden activation (relu, tanh, gelu, ...)");
      app.add_option("--activation-param", a->activation_param,
                     "leaky slope / swish beta / initial PReLU alpha");
      app.add_option("--loss", a->loss, "mse | bce | softmax_ce | l1 (default from the data)");
      app.add_option("--init", a->init, "xavier | glorot | he (default he for ReLU units)");
      app.add_option("--bias-init", a->bias_init, "initial hidden biases (seed 001: 0.1 for ReLU)");
      add_method_flags(
          app, a->method,
          {.method_names = "--method,--optimizer",
           .default_method = "adam",
           .own_keys = {"seed"},  // --seed below seeds the shuffling too (unless --param seed=)
           .aliases = {{"batch_size", "--batch"}},
           .help = {{"batch_size",
                     "samples per update: 0 full batch, 1 online, else minibatch (default 64)"}}});
      app.add_option("--epochs", a->epochs, "epochs")->check(at_least(1));
      app.add_option("--dtype", a->dtype, "float | double")
          ->check(CLI::IsMember({"float", "double"}));
      add_threads_flag(app, a->threads);
      add_gemm_flag(app, a->gemm);
      app.add_option("--seed", a->seed, "seed of init, shuffling, dropout and synthetic data");
      app.add_option("--l2", a->l2, "lambda of the coupled L2 penalty lambda ||W||^2 in the loss");
      app.add_option(
          "--l1", a->l1,
          "mu of the L1 penalty mu sum |W_ij| in the loss (subgradient; sparsity reported)");
      app.add_option("--bagging", a->bagging,
                     "train K networks on bootstrap samples; they vote (classification) or are "
                     "averaged (regression), saved as one model");
      app.add_option("--input-noise", a->input_noise,
                     "standard deviation of Gaussian noise added to each training batch's inputs "
                     "(off at evaluation)");
      app.add_option("--augment", a->augment,
                     "image augmentation per training batch: shift=K,rotate=DEG (random shifts up "
                     "to K pixels, turns up to DEG degrees)");
      app.add_flag("--l1-prox", a->l1_prox,
                   "apply --l1 as the soft-threshold W <- sign(W) max(|W| - lr mu, 0) after each "
                   "first-order step (exact zeros) instead of its subgradient");
      app.add_option("--keep-input", a->keep_input, "dropout keep probability of the inputs");
      app.add_option("--keep-hidden", a->keep_hidden, "dropout keep probability of hidden units");
      app.add_option("--validation", a->validation, "fraction held out for validation");
      app.add_option("--patience", a->patience,
                     "early stopping patience in epochs (0 off; needs --validation)")
          ->check(at_least(0));
      app.add_option("--min-delta", a->min_delta, "validation improvement that counts");
      app.add_option("--scale", a->scale, "auto | standard | minmax | none");
      app.add_option("--trace", a->trace, "per-epoch trace (.csv or .json)");
      app.add_option("--trace-layers", a->trace_layers,
                     "per-layer gradient norms and dead units at the start and after each epoch "
                     "(CSV)");
      app.add_option("--save", a->save, "save the trained model here");
      app.add_flag("--eval-train", a->eval_train, "full pass for training metrics each epoch");
      app.add_option("--sample-block", a->sample_block,
                     "samples per block of a minibatch's sum (the unit shared among mpirun's "
                     "ranks; fixes the bits)")
          ->check(CLI::PositiveNumber);
      app.add_flag("--no-progress", a->no_progress, "no progress bar");
      app.add_flag("--json", a->json, "one JSON object on stdout");
      add_checkpoint_flags(app, a->checkpoint, "epochs");
      return [a, &app]() -> int {
        if (a->method.method == "perceptron" && !a->trace_layers.empty()) {
          throw UsageError(
              "--trace-layers does not apply to --method perceptron (one layer of threshold "
              "units, no gradient to trace)");
        }
        if (a->method.method == "perceptron") {  // the seed's rule, its own loop
          // (train_perceptron.cpp). Its one setting is --lr; other method flags are refused.
          for (const auto& [key, value] : a->method.named) {
            if (key == "lr") continue;
            std::string flag = key;
            std::replace(flag.begin(), flag.end(), '_', '-');
            throw UsageError("--" + flag +
                             " does not apply to --method perceptron (its one setting is --lr)");
          }
          // The network techniques have no meaning for the seed's single unit and its rule.
          for (const auto& [flag, given] : {std::pair<const char*, bool>{"--l1", a->l1 != 0},
                                            {"--l1-prox", a->l1_prox},
                                            {"--input-noise", a->input_noise != 0},
                                            {"--augment", !a->augment.empty()},
                                            {"--bagging", a->bagging != 1}}) {
            if (given)
              throw UsageError(std::string(flag) + " does not apply to --method perceptron");
          }
          // --lr as typed; a text that is no number reaches the perceptron's own check as NaN.
          const auto given = a->method.named.find("lr");
          const std::string lr_text = given == a->method.named.end() ? "" : given->second;
          char* end = nullptr;
          const double lr = lr_text.empty() ? -1.0 : std::strtod(lr_text.c_str(), &end);
          const bool lr_ok = lr_text.empty() || (end != nullptr && *end == '\0');
          return run_train_perceptron(
              app, {a->data, a->data_dir.empty() ? default_mnist_dir() : a->data_dir, a->layers,
                    a->scale, a->n, a->seed, a->classes,
                    lr_ok ? lr : std::numeric_limits<double>::quiet_NaN(), a->epochs, a->json});
        }
        resolve_settings(*a);
        return a->dtype == "double" ? run_train<double>(*a) : run_train<float>(*a);
      };
    });

}  // namespace
}  // namespace optim::cli
