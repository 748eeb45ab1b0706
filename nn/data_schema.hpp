#pragma once
// What a model must know about the data it was trained on to be applied to new files: the task,
// the input columns (a text column is one-hot encoded over its levels), the target columns, the
// class names and the target standardisation. Saved with the model (nn/model_io.hpp) so that
// `optim predict --data FILE.csv` builds exactly the inputs the network was trained on. Empty for
// the named data sets (mnist and the synthetic ones), which need no mapping.
#include <string>
#include <vector>

#include "optim/types.hpp"

namespace optim::nn {

struct FeatureColumn {
  std::string name;
  std::vector<std::string> levels;  // empty: a numeric column; else one input per level
  Index width() const { return levels.empty() ? 1 : static_cast<Index>(levels.size()); }
};

struct DataSchema {
  std::string kind;  // "table" (a CSV file), "idx" (a folder of IDX files); "" for named sets
  std::string task;  // "classify" | "regress"
  std::vector<FeatureColumn> features;  // tables: input columns in network order
  Index pixels = 0;                     // idx: inputs per image
  std::vector<std::string> targets;     // tables: target column names
  std::vector<std::string> classes;     // classification: the name of each class index
  // Regression targets are trained standardised, y' = (y - shift) * scale (fitted on the
  // training split); predictions are mapped back with y = y' / scale + shift.
  std::vector<double> target_shift, target_scale;

  bool empty() const { return kind.empty(); }
  bool classification() const { return task == "classify"; }
  // The network's input width.
  Index inputs() const;

  template <class S>
  void scale_targets(Mat<S>& y) const;
  template <class S>
  void unscale_targets(Mat<S>& y) const;
};

}  // namespace optim::nn
