#include "nn/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "optim/params.hpp"

namespace optim::nn {

template <class S>
void Dataset<S>::validate() const {
  if (y.size() > 0 && y.cols() != x.cols()) {
    throw std::invalid_argument("data set '" + name + "': " + std::to_string(x.cols()) +
                                " samples but " + std::to_string(y.cols()) + " targets");
  }
  if (classification()) {
    if (static_cast<Index>(labels.size()) != x.cols()) {
      throw std::invalid_argument("data set '" + name + "': " + std::to_string(x.cols()) +
                                  " samples but " + std::to_string(labels.size()) + " labels");
    }
    for (size_t i = 0; i < labels.size(); ++i) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw std::invalid_argument("data set '" + name + "': label " + std::to_string(labels[i]) +
                                    " of sample " + std::to_string(i) + " is outside [0, " +
                                    std::to_string(classes) + ")");
      }
    }
  } else if (y.size() == 0) {
    throw std::invalid_argument("data set '" + name + "' has neither labels nor targets");
  }
}

template <class S>
Dataset<S> Dataset<S>::subset(const std::vector<Index>& idx) const {
  Dataset<S> out;
  out.name = name;
  out.classes = classes;
  out.x.resize(x.rows(), static_cast<Index>(idx.size()));
  if (y.size() > 0) out.y.resize(y.rows(), static_cast<Index>(idx.size()));
  for (size_t j = 0; j < idx.size(); ++j) {
    const Index src = idx[j];
    out.x.col(static_cast<Index>(j)) = x.col(src);
    if (y.size() > 0) out.y.col(static_cast<Index>(j)) = y.col(src);
    if (!labels.empty()) out.labels.push_back(labels[static_cast<size_t>(src)]);
  }
  return out;
}

template <class S>
template <class T>
Dataset<T> Dataset<S>::cast() const {
  Dataset<T> out;
  out.name = name;
  out.x = x.template cast<T>();
  out.y = y.template cast<T>();
  out.labels = labels;
  out.classes = classes;
  return out;
}

std::vector<Index> shuffled_indices(Index n, std::uint64_t seed) {
  std::vector<Index> idx(static_cast<size_t>(n));
  std::iota(idx.begin(), idx.end(), Index{0});
  std::mt19937_64 rng(seed);
  std::shuffle(idx.begin(), idx.end(), rng);
  return idx;
}

Index validation_count(Index n, double fraction) {
  if (!(fraction >= 0 && fraction < 1))
    throw_out_of_range("validation fraction", fraction, "in [0, 1)");
  const Index nv = static_cast<Index>(std::llround(fraction * double(n)));
  if (fraction > 0 && (nv < 1 || nv > n - 1)) {
    std::ostringstream f;
    f << fraction;
    throw std::invalid_argument("a validation fraction of " + f.str() + " of " + std::to_string(n) +
                                " samples leaves " + std::to_string(nv) + " for validation and " +
                                std::to_string(n - nv) +
                                " for training; each needs at least one sample");
  }
  return nv;
}

template <class S>
void train_validation_split(const Dataset<S>& all, double fraction, std::uint64_t seed,
                            Dataset<S>& train, Dataset<S>& validation) {
  const auto nv = static_cast<size_t>(validation_count(all.size(), fraction));
  const auto idx = shuffled_indices(all.size(), seed);
  validation = all.subset(std::vector<Index>(idx.begin(), idx.begin() + nv));
  train = all.subset(std::vector<Index>(idx.begin() + nv, idx.end()));
}

namespace {
// The sample indices of each part of a stratified split, in file order (see stratified_split).
template <class S>
void stratified_indices(const Dataset<S>& all, double fraction, std::uint64_t seed,
                        std::vector<Index>& tr, std::vector<Index>& te) {
  if (!(fraction > 0 && fraction < 1)) throw_out_of_range("--test-fraction", fraction, "in (0, 1)");
  // Groups of sample indices: one per class, or one for regression.
  const std::size_t groups = all.classification() ? static_cast<std::size_t>(all.classes) : 1;
  std::vector<std::vector<Index>> members(groups);
  for (Index j = 0; j < all.size(); ++j)
    members[all.classification() ? static_cast<std::size_t>(all.labels[std::size_t(j)]) : 0]
        .push_back(j);
  std::mt19937_64 rng(seed);
  std::vector<char> in_test(static_cast<std::size_t>(all.size()), 0);
  for (auto& m : members) {
    std::shuffle(m.begin(), m.end(), rng);
    const auto nt = static_cast<std::size_t>(std::llround(fraction * double(m.size())));
    for (std::size_t i = 0; i < nt; ++i) in_test[static_cast<std::size_t>(m[i])] = 1;
  }
  for (Index j = 0; j < all.size(); ++j) (in_test[std::size_t(j)] ? te : tr).push_back(j);
  if (tr.empty() || te.empty()) {
    std::ostringstream f;
    f << fraction;
    throw std::invalid_argument("--test-fraction " + f.str() + " of " + std::to_string(all.size()) +
                                " samples leaves " + std::to_string(te.size()) +
                                " for testing and " + std::to_string(tr.size()) +
                                " for training; each needs at least one sample");
  }
}

// Keeps the samples at the ascending indices `keep`, in place: sample keep[k] moves to column k
// (k <= keep[k], so no sample is overwritten before it has moved), then the storage shrinks.
template <class S>
void keep_in_place(Dataset<S>& d, const std::vector<Index>& keep) {
  const auto n = static_cast<Index>(keep.size());
  for (Index k = 0; k < n; ++k) {
    const Index src = keep[static_cast<std::size_t>(k)];
    if (src == k) continue;
    d.x.col(k) = d.x.col(src);
    if (d.y.size() > 0) d.y.col(k) = d.y.col(src);
    if (!d.labels.empty()) d.labels[std::size_t(k)] = d.labels[std::size_t(src)];
  }
  // Column-major with the row count unchanged: Eigen shrinks the block with realloc, no copy.
  d.x.conservativeResize(d.x.rows(), n);
  if (d.y.size() > 0) d.y.conservativeResize(d.y.rows(), n);
  if (!d.labels.empty()) {
    d.labels.resize(static_cast<std::size_t>(n));
    d.labels.shrink_to_fit();
  }
}
}  // namespace

template <class S>
void stratified_split(const Dataset<S>& all, double fraction, std::uint64_t seed, Dataset<S>& train,
                      Dataset<S>& test) {
  std::vector<Index> tr, te;
  stratified_indices(all, fraction, seed, tr, te);
  test = all.subset(te);
  train = all.subset(tr);
}

template <class S>
void stratified_split(Dataset<S>&& all, double fraction, std::uint64_t seed, Dataset<S>& train,
                      Dataset<S>& test) {
  std::vector<Index> tr, te;
  stratified_indices(all, fraction, seed, tr, te);
  test = all.subset(te);  // the only copy: the test part
  keep_in_place(all, tr);
  train = std::move(all);
}

template <class S>
Scaler Scaler::standardize(const Dataset<S>& d) {
  Scaler s;
  const Index f = d.features(), n = d.size();
  if (n == 0) throw std::invalid_argument("cannot standardise an empty data set");
  for (Index i = 0; i < f; ++i) {
    const auto row = d.x.row(i).template cast<double>();
    const double mean = row.mean();
    const double var = (row.array() - mean).square().sum() / double(n);
    s.shift.push_back(mean);
    s.scale.push_back(var > 0 ? 1.0 / std::sqrt(var) : 1.0);
  }
  return s;
}

template <class S>
Scaler Scaler::min_max(const Dataset<S>& d) {
  Scaler s;
  if (d.size() == 0) throw std::invalid_argument("cannot scale an empty data set");
  for (Index i = 0; i < d.features(); ++i) {
    const double lo = double(d.x.row(i).minCoeff()), hi = double(d.x.row(i).maxCoeff());
    s.shift.push_back(lo);
    s.scale.push_back(hi > lo ? 1.0 / (hi - lo) : 1.0);
  }
  return s;
}

template <class S>
void Scaler::apply(Mat<S>& x) const {
  if (empty()) return;
  if (static_cast<Index>(shift.size()) != x.rows()) {
    throw std::invalid_argument("scaler fitted on " + std::to_string(shift.size()) +
                                " features applied to data with " + std::to_string(x.rows()));
  }
  for (Index i = 0; i < x.rows(); ++i) {
    const S a = static_cast<S>(shift[static_cast<size_t>(i)]);
    const S b = static_cast<S>(scale[static_cast<size_t>(i)]);
    x.row(i) = (x.row(i).array() - a) * b;
  }
}

template <class S>
void Scaler::apply(Dataset<S>& d) const {
  apply(d.x);
}

#define OPTIM_NN_INSTANTIATE(S)                                                                  \
  template struct Dataset<S>;                                                                    \
  template void train_validation_split<S>(const Dataset<S>&, double, std::uint64_t, Dataset<S>&, \
                                          Dataset<S>&);                                          \
  template void stratified_split<S>(const Dataset<S>&, double, std::uint64_t, Dataset<S>&,       \
                                    Dataset<S>&);                                                \
  template void stratified_split<S>(Dataset<S>&&, double, std::uint64_t, Dataset<S>&,            \
                                    Dataset<S>&);                                                \
  template Scaler Scaler::standardize<S>(const Dataset<S>&);                                     \
  template Scaler Scaler::min_max<S>(const Dataset<S>&);                                         \
  template void Scaler::apply<S>(Dataset<S>&) const;                                             \
  template void Scaler::apply<S>(Mat<S>&) const;
OPTIM_NN_INSTANTIATE(float)
OPTIM_NN_INSTANTIATE(double)
template Dataset<float> Dataset<double>::cast<float>() const;
template Dataset<double> Dataset<float>::cast<double>() const;
template Dataset<float> Dataset<float>::cast<float>() const;
template Dataset<double> Dataset<double>::cast<double>() const;
#undef OPTIM_NN_INSTANTIATE

}  // namespace optim::nn
