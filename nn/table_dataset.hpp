#pragma once
// Data sets from CSV tables (read by io/typed_table.hpp), for `optim train --data FILE.csv
// --target y` and `optim predict`:
//  - features: the columns named by `features`, or every column that is not a target; a text
//    column is one-hot encoded over its levels (sorted, so that the order does not depend on which
//    row comes first);
//  - the task: classification when the (single) target holds text, or integers spelled as such
//    ("3", not "3.0") with at most 100 distinct values; regression otherwise (real numbers, many
//    distinct integers, several targets); `task` overrides;
//  - classes: the target's texts sorted as text, or its integers sorted as numbers, named by
//    their spelling; a label is the index of its class;
//  - a missing cell in a used column is an error naming the line, row and column, or with
//    `drop_missing` its row is left out.
// A table applied through the schema of a trained model (read_table_with_schema) must hold every
// feature column; a level that training never saw is an error naming the row and column.
#include <cstdint>
#include <string>
#include <vector>

#include "nn/data_schema.hpp"
#include "nn/dataset.hpp"

namespace optim::nn {

struct TableRequest {
  std::string path;
  std::vector<std::string> targets;   // --target
  std::vector<std::string> features;  // --features (empty: every column that is not a target)
  std::string task;                   // --task: "" (detect), "classify", "regress"
  bool drop_missing = false;          // --drop-missing
};

// Reads a training table and describes it in `schema` (kind, task, features, targets, classes;
// the target scaling is fitted later, on the training split: fit_target_scaling).
template <class S>
Dataset<S> read_training_table(const TableRequest& req, DataSchema& schema);

// Reads a table through the schema of a trained model. The target columns are optional unless
// `need_targets`; `has_targets` says whether they were read. `rows`, when given, receives the
// 1-based data row of each sample kept (rows with missing cells may be dropped).
template <class S>
Dataset<S> read_table_with_schema(const std::string& path, const DataSchema& schema,
                                  bool drop_missing, bool need_targets, bool& has_targets,
                                  std::vector<std::size_t>* rows = nullptr);

// Standardises regression targets: schema.target_shift/scale from `train`, applied to each set
// given (nothing for classification).
template <class S>
void fit_target_scaling(DataSchema& schema, Dataset<S>& train, Dataset<S>* test);

// "a,b,c" -> {"a", "b", "c"}; `flag` names the option in the error for an empty item.
std::vector<std::string> parse_name_list(const std::string& text, const std::string& flag);

}  // namespace optim::nn
