#pragma once
// In-memory data sets: samples are columns (features x N, column-major) so that a minibatch is a
// block of columns fed to one GEMM. Classification sets carry integer labels; regression sets
// (and multi-output binary targets) carry a target matrix.
#include <cstdint>
#include <string>
#include <vector>

#include "optim/types.hpp"

namespace optim::nn {

template <class S>
struct Dataset {
  std::string name;
  Mat<S> x;                 // features x N
  Mat<S> y;                 // targets x N (regression / binary targets); empty for labels only
  std::vector<int> labels;  // one class per sample (classification); empty for regression
  int classes = 0;          // number of classes (0: regression)

  Index size() const { return x.cols(); }
  Index features() const { return x.rows(); }
  bool classification() const { return classes > 0; }
  // Throws std::invalid_argument when shapes disagree or a label is outside [0, classes).
  void validate() const;
  // The samples at the given indices, in that order.
  Dataset subset(const std::vector<Index>& idx) const;
  template <class T>
  Dataset<T> cast() const;
};

// A seeded random permutation of 0..n-1 (std::mt19937_64 + Fisher-Yates via std::shuffle).
std::vector<Index> shuffled_indices(Index n, std::uint64_t seed);

// Samples held out for validation: round(fraction * n). Throws std::invalid_argument unless the
// fraction is in [0, 1) and, when it is > 0, both parts keep at least one sample.
Index validation_count(Index n, double fraction);

// Splits off a validation set: a seeded shuffle, then the first validation_count(N, fraction)
// samples go to `validation` and the rest to `train`.
template <class S>
void train_validation_split(const Dataset<S>& all, double fraction, std::uint64_t seed,
                            Dataset<S>& train, Dataset<S>& validation);

// Splits off a test set of round(fraction * n) samples, seeded (the same seed gives the same
// split). For classification the split is stratified: each class gives round(fraction * its
// count) samples, drawn by its own seeded shuffle, so that both parts keep the class mix. Samples
// keep their file order within each part. Throws std::invalid_argument (naming --test-fraction)
// unless the fraction is in (0, 1) and both parts keep at least one sample.
template <class S>
void stratified_split(const Dataset<S>& all, double fraction, std::uint64_t seed, Dataset<S>& train,
                      Dataset<S>& test);
// The same split of a data set given up by the caller: the test part is copied out and the
// training part is `all` itself, compacted in place (samples keep their order) and shrunk, so the
// peak memory is the data plus its test part instead of twice the data. The parts are bit for bit
// those of the copying overload. `train` and `test` must be other objects than `all`.
template <class S>
void stratified_split(Dataset<S>&& all, double fraction, std::uint64_t seed, Dataset<S>& train,
                      Dataset<S>& test);

// Per-feature affine preprocessing x' = (x - shift) * scale, fitted on a training set and applied
// unchanged to validation/test data (and saved with a model).
struct Scaler {
  std::vector<double> shift, scale;
  bool empty() const { return shift.empty(); }
  // Standardisation: shift = mean, scale = 1/std (1 for constant features).
  template <class S>
  static Scaler standardize(const Dataset<S>& d);
  // Min-max scaling to [0, 1]: shift = min, scale = 1/(max - min) (1 for constant features).
  template <class S>
  static Scaler min_max(const Dataset<S>& d);
  template <class S>
  void apply(Dataset<S>& d) const;
  template <class S>
  void apply(Mat<S>& x) const;
};

}  // namespace optim::nn
