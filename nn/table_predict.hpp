#pragma once
// Predictions of a saved model on the user's data (`optim predict --data FILE.csv | DIR`): the
// file is read through the model's schema (nn/table_dataset.hpp, nn/idx_folder.hpp), scaled
// with its Scaler, and run through the network. Classification gives the class probabilities
// (softmax of the outputs, or the logistic function of a single BCE output) and the most
// probable class; regression gives the values in the target's units. When the file holds the
// target columns, the metrics are computed too.
#include <string>
#include <vector>

#include "nn/model_io.hpp"
#include "nn/regression_metrics.hpp"

namespace optim::nn {

struct FilePredictions {
  std::vector<std::size_t> rows;  // 1-based data row of each sample (tables; rows may be dropped)
  Mat<double> outputs;            // probabilities (classes x N) or values (targets x N)
  std::vector<int> predicted;     // classification: the most probable class of each sample
  bool has_targets = false;
  std::vector<int> labels;  // classification with targets: the true classes
  double accuracy = -1;     // classification with targets
  RegressionErrors errors;  // regression with targets
  double loss = -1;         // the training loss on the samples (with targets)
};

// `data` is a CSV table for a model trained on one, or an IDX folder (its test pair, else its
// training pair) for a model trained on one. Throws std::invalid_argument naming --data when the
// data do not match the model.
FilePredictions predict_file(const Model& model, const std::string& data, bool drop_missing);

// Writes one line per sample: "row", then "predicted" and "p_<class>" per class, or one column per
// target; atomically (optim/observers/atomic_file.hpp).
void write_predictions_csv(const std::string& path, const Model& model, const FilePredictions& p);

}  // namespace optim::nn
