#include "nn/idx.hpp"

#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>

#include "optim/observers/atomic_file.hpp"

namespace optim::nn {
namespace {
std::string hex_byte(unsigned v) {
  const char* d = "0123456789abcdef";
  return std::string("0x") + d[(v >> 4) & 15] + d[v & 15];
}
}  // namespace

std::size_t IdxArray::count() const {
  std::size_t n = dims.empty() ? 0 : 1;
  for (auto d : dims) n *= d;
  return n;
}

IdxArray read_idx(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot open IDX file '" + path + "'");
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
  return parse_idx(bytes.data(), bytes.size(), path);
}

IdxArray parse_idx(const std::uint8_t* bytes, std::size_t size, const std::string& path) {
  if (size < 4) {
    throw std::invalid_argument("IDX file '" + path + "' is truncated: " + std::to_string(size) +
                                " bytes, no 4-byte magic number");
  }
  if (bytes[0] != 0 || bytes[1] != 0) {
    throw std::invalid_argument("IDX file '" + path + "' has a wrong magic number (first two " +
                                "bytes must be 0; is it gzip-compressed or not an IDX file?)");
  }
  if (bytes[2] != 0x08) {
    throw std::invalid_argument("IDX file '" + path + "' has data type " + hex_byte(bytes[2]) +
                                "; only unsigned bytes (0x08) are "
                                "supported");
  }
  const std::size_t nd = bytes[3];
  if (nd == 0) throw std::invalid_argument("IDX file '" + path + "' declares 0 dimensions");
  if (size < 4 + 4 * nd) {
    throw std::invalid_argument("IDX file '" + path + "' is truncated inside its " +
                                std::to_string(nd) + " dimension sizes");
  }
  IdxArray a;
  const std::size_t header = 4 + 4 * nd;
  // The product of the sizes is formed with an overflow check: up to 255 factors of 2^32 wrap
  // size_t, and the wrapped count could pass the size checks below.
  std::size_t need = 1;
  bool zero = false, overflow = false;
  for (std::size_t i = 0; i < nd; ++i) {
    const std::uint8_t* p = bytes + 4 + 4 * i;  // big-endian uint32
    const std::uint32_t d = (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) |
                            (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
    a.dims.push_back(d);
    if (d == 0) {
      zero = true;
    } else if (need > std::numeric_limits<std::size_t>::max() / d) {
      overflow = true;
    } else {
      need *= d;
    }
  }
  if (zero) need = 0;
  if (overflow && !zero) {
    throw std::invalid_argument("IDX file '" + path + "' is truncated: dimensions need more than " +
                                "2^64 data bytes, found " + std::to_string(size - header));
  }
  if (size - header < need) {
    throw std::invalid_argument("IDX file '" + path + "' is truncated: dimensions need " +
                                std::to_string(need) + " data bytes, found " +
                                std::to_string(size - header));
  }
  if (size - header > need) {
    throw std::invalid_argument("IDX file '" + path + "' has " +
                                std::to_string(size - header - need) +
                                " trailing bytes after the data its dimensions declare");
  }
  a.data.assign(bytes + header, bytes + size);
  return a;
}

void write_idx(const std::string& path, const std::vector<std::uint32_t>& dims,
               const std::vector<std::uint8_t>& data) {
  write_file_atomically(path, [&](std::ostream& out) {
    const std::uint8_t magic[4] = {0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
    out.write(reinterpret_cast<const char*>(magic), 4);
    for (auto d : dims) {
      const std::uint8_t be[4] = {std::uint8_t(d >> 24), std::uint8_t(d >> 16),
                                  std::uint8_t(d >> 8), std::uint8_t(d)};
      out.write(reinterpret_cast<const char*>(be), 4);
    }
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
  });
}

template <class S>
Dataset<S> load_idx_classification(const std::string& images, const std::string& labels,
                                   int classes) {
  return idx_classification<S>(read_idx(images), read_idx(labels), classes, images, labels);
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
