#pragma once
// Data sets by name for the command line: "mnist" (IDX files in a directory) and the synthetic
// sets ("xor", "spirals", "blobs", "sine"; a test set is drawn with the next seed), plus sensible
// default architectures for each.
#include <cstdint>
#include <string>
#include <vector>

#include "nn/dataset.hpp"

namespace optim::nn {

struct DataRequest {
  std::string name;  // mnist | xor | spirals | blobs | sine
  std::string dir;   // directory of the MNIST IDX files
  Index n = 400;     // synthetic training-set size
  std::uint64_t seed = 42;
  int classes = 0;  // blobs: number of classes (0: 3); refused for the other sets
};

// Loads train and test sets; throws std::invalid_argument for an unknown name or missing files
// (the message says how to fetch MNIST).
template <class S>
void load_named_data(const DataRequest& req, Dataset<S>& train, Dataset<S>& test);

// The files `req` reads (MNIST's four IDX files; none for a synthetic set), so that a command can
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
