#include <stdexcept>

#include "nn/idx.hpp"
#include "optim/observers/atomic_file.hpp"

namespace optim::nn {

void write_idx(const std::string& path, const std::vector<std::uint32_t>& dims,
               const std::vector<std::uint8_t>& data) {
  write_file_atomically(path, [&](std::ostream& out) { io::write_idx(out, dims, data); });
}

template <class S>
Dataset<S> load_idx_classification(const std::string& images, const std::string& labels,
                                   int classes) {
  // Images first, then labels: as two arguments of one call their order would be unspecified,
  // and so would which file an error names.
  const IdxArray img = read_idx(images);
  const IdxArray lab = read_idx(labels);
  return idx_classification<S>(img, lab, classes, images, labels);
}

template <class S>
Dataset<S> idx_classification(const IdxArray& img, const IdxArray& lab, int classes,
                              const std::string& images, const std::string& labels) {
  if (img.dims.size() < 2) {
    throw std::invalid_argument("IDX images '" + images + "' need >= 2 dimensions (N x ...)");
  }
  if (lab.dims.size() != 1) {
    throw std::invalid_argument("IDX labels '" + labels + "' must have 1 dimension, found " +
                                std::to_string(lab.dims.size()));
  }
  if (img.dims[0] != lab.dims[0]) {
    throw std::invalid_argument("image/label count mismatch: '" + images + "' has " +
                                std::to_string(img.dims[0]) + " images, '" + labels + "' has " +
                                std::to_string(lab.dims[0]) + " labels");
  }
  const Index n = img.dims[0];
  const Index f = n > 0 ? static_cast<Index>(img.count() / std::size_t(n)) : 0;
  Dataset<S> d;
  d.name = images;
  d.classes = classes;
  d.x.resize(f, n);
  const S inv = S(1) / S(255);
  // Row-major N x features on disk = column-major features x N in memory: copy straight through.
  for (Index i = 0; i < f * n; ++i) d.x.data()[i] = static_cast<S>(img.data[std::size_t(i)]) * inv;
  d.labels.resize(std::size_t(n));
  for (Index j = 0; j < n; ++j) {
    const int l = lab.data[std::size_t(j)];
    if (l >= classes) {
      throw std::invalid_argument("label " + std::to_string(l) + " of sample " + std::to_string(j) +
                                  " in '" + labels + "' is outside [0, " + std::to_string(classes) +
                                  ")");
    }
    d.labels[std::size_t(j)] = l;
  }
  return d;
}

template <class S>
void load_mnist(const std::string& dir, Dataset<S>& train, Dataset<S>& test) {
  train = load_idx_classification<S>(dir + "/train-images-idx3-ubyte",
                                     dir + "/train-labels-idx1-ubyte", 10);
  test = load_idx_classification<S>(dir + "/t10k-images-idx3-ubyte",
                                    dir + "/t10k-labels-idx1-ubyte", 10);
  train.name = "mnist-train";
  test.name = "mnist-test";
}

template Dataset<float> load_idx_classification<float>(const std::string&, const std::string&, int);
template Dataset<double> load_idx_classification<double>(const std::string&, const std::string&,
                                                         int);
template Dataset<float> idx_classification<float>(const IdxArray&, const IdxArray&, int,
                                                  const std::string&, const std::string&);
template Dataset<double> idx_classification<double>(const IdxArray&, const IdxArray&, int,
                                                    const std::string&, const std::string&);
template void load_mnist<float>(const std::string&, Dataset<float>&, Dataset<float>&);
template void load_mnist<double>(const std::string&, Dataset<double>&, Dataset<double>&);

}  // namespace optim::nn
