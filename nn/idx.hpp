#pragma once
// MNIST-style data sets from IDX files: the format itself (header, sizes, bytes) is read by
// io/idx.hpp; here the arrays become a classification set. Every problem (image/label count
// mismatch, label out of range, and the format's own errors) is a std::invalid_argument naming
// the file and what is wrong.
#include <cstdint>
#include <string>
#include <vector>

#include "io/idx.hpp"
#include "nn/dataset.hpp"

namespace optim::nn {

using io::IdxArray;
using io::parse_idx;
using io::read_idx;

// Writes an unsigned-byte IDX file atomically (used by the tests and to export small sets).
void write_idx(const std::string& path, const std::vector<std::uint32_t>& dims,
               const std::vector<std::uint8_t>& data);

// Images (N x rows x cols, or N x features) and labels (N) as a classification set: features are
// the pixels scaled to [0, 1] (byte / 255), labels must be < classes.
template <class S>
Dataset<S> load_idx_classification(const std::string& images, const std::string& labels,
                                   int classes = 10);
// The same from arrays already read; the names are for messages.
template <class S>
Dataset<S> idx_classification(const IdxArray& img, const IdxArray& lab, int classes,
                              const std::string& images, const std::string& labels);

// MNIST from a directory holding train-images-idx3-ubyte, train-labels-idx1-ubyte,
// t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (scripts/fetch_mnist.sh writes them).
template <class S>
void load_mnist(const std::string& dir, Dataset<S>& train, Dataset<S>& test);

}  // namespace optim::nn
