#pragma once
// Classification sets from any folder of IDX files (MNIST, Fashion-MNIST, EMNIST, ...), for
// `optim train --data DIR`: the folder holds a training pair, names ending in
// train-images-idx3-ubyte and train-labels-idx1-ubyte, and usually a test pair, t10k-images-idx3-
// ubyte and t10k-labels-idx1-ubyte ("test-" for "t10k-" too); each may be gzip-compressed
// (".gz"), and a prefix is allowed ("emnist-letters-train-images-idx3-ubyte"). Images may have any
// size; the classes are 0 .. the largest label of either split.
#include <string>
#include <vector>

#include "nn/data_schema.hpp"
#include "nn/dataset.hpp"

namespace optim::nn {

struct IdxFolder {
  std::string train_images, train_labels;
  std::string test_images, test_labels;  // both empty when the folder has no test pair
  std::vector<std::string> files() const;
};

// True when `dir` is a directory holding a training pair.
bool is_idx_folder(const std::string& dir);
// Finds the pairs; throws std::invalid_argument naming the folder when the training pair is
// missing or a role matches two files.
IdxFolder find_idx_folder(const std::string& dir);

// Loads the training set, and the test set when the folder has one (else `test` is left empty);
// `schema` becomes kind "idx" with the pixel count and the class names "0", "1", ...
template <class S>
void load_idx_folder(const IdxFolder& folder, Dataset<S>& train, Dataset<S>& test,
                     DataSchema& schema);

}  // namespace optim::nn
