#pragma once
// Reader of the IDX format of the MNIST files (LeCun et al.): a 4-byte magic number — two zero
// bytes, a type code (0x08 unsigned byte, ...) and the number of dimensions — followed by one
// big-endian uint32 size per dimension and the data in row-major order. Every problem (missing
// file, wrong magic, unsupported type, truncated data, image/label count mismatch, label out of
// range) is a std::invalid_argument naming the file and what is wrong.
#include <cstdint>
#include <string>
#include <vector>

#include "nn/dataset.hpp"

namespace optim::nn {

struct IdxArray {
  std::vector<std::uint32_t> dims;
  std::vector<std::uint8_t> data;  // unsigned-byte payload, row-major
  std::size_t count() const;       // product of dims
};

// Reads an unsigned-byte IDX file (type 0x08), the only type the MNIST files use: a regular file
// only, header first (the declared sizes are checked against the file's before the data is read,
// optim/io/input_file.hpp).
IdxArray read_idx(const std::string& path);
// The same from bytes in memory (read_idx reads the file and calls this; the fuzz target
// tests/fuzz/fuzz_idx.cpp feeds it directly); `path` names the input in messages.
IdxArray parse_idx(const std::uint8_t* bytes, std::size_t size, const std::string& path);

// Writes an unsigned-byte IDX file (used by the tests and to export small sets).
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
