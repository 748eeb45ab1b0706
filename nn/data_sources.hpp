#pragma once
// Data sets for the command line: by name, "mnist" (IDX files in a directory) and the synthetic
// sets ("xor", "spirals", "blobs", "sine"; a test set is drawn with the next seed), plus sensible
// default architectures for each; and the user's own files, a CSV table (nn/table_dataset.hpp)
// or a folder of IDX files (nn/idx_folder.hpp), described by a DataSchema that the model keeps.
#include <cstdint>
#include <string>
#include <vector>

#include "nn/data_schema.hpp"
#include "nn/dataset.hpp"
#include "nn/table_dataset.hpp"

namespace optim::nn {

struct DataRequest {
  std::string name;  // mnist | xor | spirals | blobs | sine
  std::string dir;   // directory of the MNIST IDX files
  Index n = 400;     // synthetic training-set size
  std::uint64_t seed = 42;
  int classes = 0;  // blobs: number of classes (0: 3); refused for the other sets
  // The user's files (`name` is the CSV file or the IDX folder):
  TableRequest table{};      // --target, --features, --task, --drop-missing (path: `name`)
  std::string test_path{};   // --test FILE.csv
  double test_fraction = 0;  // --test-fraction (0: 0.2 when there is no other test set)
};

// What --data names: a named set, a folder of IDX files, or (anything else) a CSV table.
enum class DataKind { Named, IdxFolder, Table };
DataKind data_kind(const std::string& data);

// The user's files: a table (test set from --test or a stratified, seeded --test-fraction; the
// regression targets standardised on the training split) or an IDX folder (its test pair, or
// --test-fraction when it has none). `schema` describes them for the saved model.
template <class S>
void load_file_data(const DataRequest& req, Dataset<S>& train, Dataset<S>& test,
                    DataSchema& schema);

// The network's widths. `layers` (--layers) in full, checked against the data's `inputs` and
// `outputs` when they are known (> 0); or the data's widths around `hidden` (--hidden, e.g.
// "256,256"; `default_hidden` when empty). Throws std::invalid_argument naming the flag.
std::vector<Index> network_layers(const std::string& layers, const std::string& hidden,
                                  Index inputs, Index outputs, const std::string& default_hidden);

// Loads train and test sets; throws std::invalid_argument for an unknown name or missing files
// (the message says how to fetch MNIST).
template <class S>
void load_named_data(const DataRequest& req, Dataset<S>& train, Dataset<S>& test);

// The files `req` reads (MNIST's four IDX files, the table and its --test file, the IDX folder's
// files; none for a synthetic set), so that a command can
// register them as inputs that no output may overwrite (optim/observers/run_files.hpp).
std::vector<std::string> data_files(const DataRequest& req);

// What `req` reads, one line per input, for a checkpoint's inputs (CheckpointOptions::inputs):
// MNIST's four IDX files by path, size and content hash (optim/checkpoint/input_identity.hpp);
// a synthetic set by its generator, size and seed (the test set is drawn with seed + 1).
std::vector<std::string> data_identity(const DataRequest& req);

// Default layer widths for a data set ("mnist" -> 784,128,10 ...); `classes` as in DataRequest.
std::vector<Index> default_layers(const std::string& name, int classes = 0);

// Parses "784,128,10" into widths; throws std::invalid_argument on a malformed list.
std::vector<Index> parse_layers(const std::string& text);

}  // namespace optim::nn
