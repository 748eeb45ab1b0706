// `optim predict`: loads a model saved by `optim train --save` and evaluates it on the test split
// of a data set (loss, accuracy, confusion matrix), optionally writing one prediction per sample;
// or, for a model trained on the user's files, predicts every row of a CSV table (the target
// column optional: metrics when present) or the test pair of an IDX folder.
//   optim predict --model m.bin --data mnist|FILE.csv|DIR [--output predictions.csv]
//                 [--threads N] [--gemm blas|eigen] [--json]
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "common.hpp"
#include "nn/bagging.hpp"
#include "nn/data_sources.hpp"
#include "nn/mlp_objective.hpp"
#include "nn/model_io.hpp"
#include "nn/table_predict.hpp"
#include "nn/trainer.hpp"
#include "optim/observers/atomic_file.hpp"
#include "optim/observers/run_files.hpp"
#include "optim/run_context.hpp"
#include "range_checks.hpp"
#include "resource_limits.hpp"

namespace optim::cli {
namespace {

struct PredictArgs {
  std::string model, data, data_dir, output;
  long n = 400;
  std::uint64_t seed = 42;
  int classes = 0;  // --classes of blobs, as in train
  int threads = 1;
  std::string gemm;
  bool json = false;
  bool drop_missing = false;  // --data FILE.csv: leave out rows with a missing value
};

// --data FILE.csv or a folder of IDX files, read through the model's data schema.
int run_predict_file(const PredictArgs& a, const RunContext& context) {
  nn::DataRequest req{a.data, "", a.n, a.seed, a.classes};
  RunFiles files;
  files.input("--model", a.model);
  for (const std::string& f : nn::data_files(req)) files.input("--data", f);
  files.output("--output", a.output).check();
  const nn::Model m = nn::load_model(a.model);
  const ContextScope scope(context);  // the network's products below run in it
  const nn::FilePredictions p = nn::predict_file(m, a.data, a.drop_missing);
  if (!a.output.empty()) nn::write_predictions_csv(a.output, m, p);
  const bool classify = m.schema.classification();
  if (a.json) {
    nlohmann::json j = {{"model", a.model},
                        {"data", a.data},
                        {"samples", p.outputs.cols()},
                        {"task", classify ? "classify" : "regress"},
                        {"threads", context.threads},
                        {"gemm", to_string(context.gemm)}};
    if (classify) j["classes"] = m.schema.classes;
    if (p.has_targets) {
      j["loss"] = p.loss;
      if (classify) {
        j["accuracy"] = p.accuracy;
        j["confusion"] = nn::confusion_matrix(p.labels, p.predicted, int(m.schema.classes.size()));
      } else {
        j["rmse"] = p.errors.rmse;
        j["mae"] = p.errors.mae;
        j["r2"] = p.errors.r2;
      }
    }
    std::cout << j.dump() << "\n";
  } else {
    std::printf("model %s (trained on %s) on %s: %lld samples", a.model.c_str(), m.data.c_str(),
                a.data.c_str(), (long long)p.outputs.cols());
    if (p.has_targets && classify) std::printf(", accuracy %.2f%%", 100 * p.accuracy);
    if (p.has_targets && !classify)
      std::printf(", RMSE %.6g, MAE %.6g, R^2 %.4f", p.errors.rmse, p.errors.mae, p.errors.r2);
    if (!p.has_targets) std::printf(" (no target column: predictions only)");
    std::printf("\n");
  }
  return 0;
}

int run_predict(const PredictArgs& a) {
  const RunContext context = run_context(a.threads, a.gemm);
  if (nn::data_kind(a.data) != nn::DataKind::Named) return run_predict_file(a, context);
  if (a.data != "mnist") {  // the synthetic training and test sets of --n samples (as in train)
    const std::vector<Index> shape = nn::default_layers(a.data, a.classes);
    require_fits_in_memory("--n " + std::to_string(a.n),
                           4.0 * double(a.n) * double(shape.front() + shape.back() + 1) * 8.0,
                           "the synthetic training and test sets");
  }
  const char* env = std::getenv("OPTIM_DATA_DIR");
  nn::DataRequest req{a.data,
                      !a.data_dir.empty() ? a.data_dir
                      : env != nullptr    ? std::string(env) + "/mnist"
                                          : std::string(OPTIM_SOURCE_DIR) + "/data/mnist",
                      a.n, a.seed, a.classes};
  RunFiles files;
  files.input("--model", a.model);
  for (const std::string& f : nn::data_files(req)) files.input("--data-dir", f);
  files.output("--output", a.output).check();
  const nn::Model m = nn::load_model(a.model);
  if (m.schema.kind == "table") {
    throw UsageError("--data " + a.data + ": the model was trained on the table '" + m.data +
                     "'; give a CSV file with its columns");
  }
  nn::Dataset<double> train, test;
  nn::load_named_data<double>(req, train, test);
  m.scaler.apply(test);  // the preprocessing fitted at training time
  nn::Network<double> net(m.spec);
  if (test.features() != net.inputs()) {
    throw UsageError("model expects " + std::to_string(net.inputs()) + " inputs; data set '" +
                     a.data + "' has " + std::to_string(test.features()) + " features");
  }
  const ContextScope scope(context);  // the network's products below run in it
  // An ensemble (optim train --bagging) votes or averages; the output columns are then its mean
  // class probabilities (or mean outputs) instead of one network's logits.
  const bool ensemble = m.members.size() > 1;
  const auto s = ensemble ? nn::evaluate_ensemble<double>(net, m.members, test)
                          : nn::evaluate_network<double>(net, m.params, test);
  if (!a.output.empty()) {
    const Mat<double> logits =
        ensemble
            ? nn::ensemble_predict<double>(net, m.members, test.x, test.classification()).outputs
            : Mat<double>(net.forward(m.params, test.x));
    write_file_atomically(a.output, [&](std::ostream& out) {
      out.precision(8);
      out << "sample" << (test.classification() ? ",label,predicted" : "");
      for (Index i = 0; i < logits.rows(); ++i) out << ",output" << i;
      out << "\n";
      for (Index j = 0; j < test.size(); ++j) {
        out << j;
        if (test.classification())
          out << ',' << test.labels[size_t(j)] << ',' << s.predicted[size_t(j)];
        for (Index i = 0; i < logits.rows(); ++i) out << ',' << logits(i, j);
        out << "\n";
      }
    });
  }
  std::vector<std::vector<long>> cm;
  if (test.classification()) cm = nn::confusion_matrix(test.labels, s.predicted, test.classes);
  if (a.json) {
    nlohmann::json j = {{"model", a.model},           {"data", a.data},
                        {"samples", test.size()},     {"loss", s.loss},
                        {"threads", context.threads}, {"gemm", to_string(context.gemm)}};
    if (s.accuracy >= 0) j["accuracy"] = s.accuracy;
    if (ensemble) j["members"] = m.members.size();
    if (!cm.empty()) j["confusion"] = cm;
    std::cout << j.dump() << "\n";
  } else {
    std::printf("model %s (trained on %s) on %s test set: %lld samples, loss %.6f", a.model.c_str(),
                m.data.c_str(), a.data.c_str(), (long long)test.size(), s.loss);
    if (s.accuracy >= 0) std::printf(", accuracy %.2f%%", 100 * s.accuracy);
    std::printf("\n");
  }
  return 0;
}

const Registrar reg(
    "predict", "evaluate a model saved by `optim train --save` on a data set",
    [](CLI::App& app) -> Action {
      auto a = std::make_shared<PredictArgs>();
      app.add_option("--model", a->model, "model file")->required();
      app.add_option("--data", a->data,
                     "mnist | xor | spirals | blobs | sine | FILE.csv | a folder of IDX files")
          ->required();
      app.add_flag("--drop-missing", a->drop_missing,
                   "--data FILE.csv: leave out rows with a missing value instead of refusing them");
      app.add_option("--data-dir", a->data_dir, "directory of the MNIST files");
      app.add_option("--n", a->n, "synthetic set size")->check(at_least(1));
      app.add_option("--classes", a->classes, "classes of --data blobs (as given to train)");
      app.add_option("--seed", a->seed, "seed of the synthetic set (as in train)");
      app.add_option("--output", a->output, "CSV of per-sample predictions");
      add_threads_flag(app, a->threads);
      add_gemm_flag(app, a->gemm);
      app.add_flag("--json", a->json, "one JSON object on stdout");
      return [a]() -> int { return run_predict(*a); };
    });

}  // namespace
}  // namespace optim::cli
