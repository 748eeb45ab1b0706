#include "nn/table_predict.hpp"

#include <cmath>
#include <stdexcept>

#include "io/csv_field.hpp"
#include "nn/bagging.hpp"
#include "nn/data_sources.hpp"
#include "nn/idx_folder.hpp"
#include "nn/mlp_objective.hpp"
#include "nn/table_dataset.hpp"
#include "optim/observers/atomic_file.hpp"

namespace optim::nn {
namespace {

// The samples of an IDX folder for a model trained on one: the test pair, else the training pair.
Dataset<double> idx_samples(const Model& m, const std::string& data) {
  if (data_kind(data) != DataKind::IdxFolder) {
    throw std::invalid_argument("--data " + data +
                                ": the model was trained on a folder of IDX "
                                "files; give such a folder");
  }
  Dataset<double> train, test;
  DataSchema found;
  load_idx_folder<double>(find_idx_folder(data), train, test, found);
  Dataset<double> d = test.size() > 0 ? std::move(test) : std::move(train);
  if (d.features() != m.schema.pixels) {
    throw std::invalid_argument("--data " + data + ": images of " + std::to_string(d.features()) +
                                " pixels; the model was trained on " +
                                std::to_string(m.schema.pixels));
  }
  if (found.classes.size() > m.schema.classes.size()) {
    throw std::invalid_argument("--data " + data + ": labels up to " +
                                std::to_string(found.classes.size() - 1) + "; the model knows " +
                                std::to_string(m.schema.classes.size()) + " classes");
  }
  d.classes = static_cast<int>(m.schema.classes.size());
  return d;
}

// Class probabilities from the network's outputs (nn::class_probabilities: softmax, or the
// sigmoid pair for a single output trained with binary cross-entropy). A single output trained
// with another loss has the softmax of one value: 1.
Mat<double> probabilities(const Mat<double>& z, Loss loss) {
  if (z.rows() == 1 && loss != Loss::BinaryCrossEntropy) return Mat<double>::Ones(1, z.cols());
  return class_probabilities(z);
}

}  // namespace

FilePredictions predict_file(const Model& m, const std::string& data, bool drop_missing) {
  const DataSchema& s = m.schema;
  if (s.empty()) {
    throw std::invalid_argument("--data " + data + ": the model was trained on the data set '" +
                                m.data + "', not on a file; give that name");
  }
  FilePredictions p;
  Dataset<double> d;
  if (s.kind == "idx") {
    d = idx_samples(m, data);
    p.has_targets = true;
    for (Index j = 0; j < d.size(); ++j) p.rows.push_back(static_cast<std::size_t>(j) + 1);
  } else {
    if (data_kind(data) != DataKind::Table)
      throw std::invalid_argument("--data " + data + ": the model was trained on a CSV table");
    d = read_table_with_schema<double>(data, s, drop_missing, false, p.has_targets, &p.rows);
  }
  m.scaler.apply(d);  // the preprocessing fitted at training time
  Network<double> net(m.spec);
  if (d.features() != net.inputs()) {
    throw std::invalid_argument("--data " + data + ": " + std::to_string(d.features()) +
                                " inputs, the model takes " + std::to_string(net.inputs()));
  }
  if (m.members.size() > 1) {  // an ensemble (bagging.hpp): the vote or the mean
    const EnsembleOutputs e = ensemble_predict<double>(net, m.members, d.x, s.classification());
    if (s.classification()) {
      p.outputs = e.outputs;
      p.predicted = e.predicted;
    } else {
      p.outputs = e.outputs;
      s.unscale_targets(p.outputs);
    }
    if (p.has_targets) {
      if (s.classification()) {
        p.labels = d.labels;
      } else {
        p.errors = regression_errors_of(p.outputs, d.y);
        s.scale_targets(d.y);  // the network's loss is on the standardised targets
      }
      const auto ev = evaluate_ensemble<double>(net, m.members, d);
      p.loss = ev.loss;
      if (s.classification()) p.accuracy = ev.accuracy;
    }
  } else if (s.classification()) {
    p.outputs = probabilities(net.forward(m.params, d.x), m.spec.loss);
    p.predicted.resize(static_cast<std::size_t>(d.size()));
    for (Index j = 0; j < d.size(); ++j) {
      Index best = 0;
      p.outputs.col(j).maxCoeff(&best);
      p.predicted[static_cast<std::size_t>(j)] = static_cast<int>(best);
    }
    if (p.has_targets) {
      p.labels = d.labels;
      const auto e = evaluate_network<double>(net, m.params, d);
      p.accuracy = e.accuracy;
      p.loss = e.loss;
    }
  } else {
    p.outputs = predict_outputs<double>(net, m.params, d.x, s);
    if (p.has_targets) {
      s.scale_targets(d.y);  // the network's loss is on the standardised targets
      p.errors = regression_errors<double>(net, m.params, d, s);
      p.loss = evaluate_network<double>(net, m.params, d).loss;
    }
  }
  return p;
}

void write_predictions_csv(const std::string& path, const Model& m, const FilePredictions& p) {
  const DataSchema& s = m.schema;
  write_file_atomically(path, [&](std::ostream& out) {
    out.precision(9);
    out << "row";
    if (s.classification()) {
      out << ",predicted";
      for (const auto& c : s.classes) out << ',' << io::csv_field("p_" + c);
    } else {
      for (const auto& t : s.targets) out << ',' << io::csv_field(t);
    }
    out << '\n';
    for (Index j = 0; j < p.outputs.cols(); ++j) {
      out << p.rows[static_cast<std::size_t>(j)];
      if (s.classification())
        out << ',' << io::csv_field(s.classes[std::size_t(p.predicted[std::size_t(j)])]);
      for (Index i = 0; i < p.outputs.rows(); ++i) out << ',' << p.outputs(i, j);
      out << '\n';
    }
  });
}

}  // namespace optim::nn
