#include "nn/idx.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "optim/io/input_file.hpp"
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

namespace {

struct IdxHeader {
  std::vector<std::uint32_t> dims;
  std::size_t bytes = 0;  // header length: 4 + 4 * dimensions
};

// Checks the header of an IDX input of `total` bytes whose first min(total, 4 + 4 * b[3]) bytes
// are at b (the magic, then the dimension sizes), and that the data the sizes declare is exactly
// what follows: the declared size is compared with the file's before the data is read.
IdxHeader idx_header(const std::uint8_t* b, std::size_t total, const std::string& path) {
  if (total < 4) {
    throw std::invalid_argument("IDX file '" + path + "' is truncated: " + std::to_string(total) +
                                " bytes, no 4-byte magic number");
  }
  if (b[0] != 0 || b[1] != 0) {
    throw std::invalid_argument("IDX file '" + path + "' has a wrong magic number (first two " +
                                "bytes must be 0; is it gzip-compressed or not an IDX file?)");
  }
  if (b[2] != 0x08) {
    throw std::invalid_argument("IDX file '" + path + "' has data type " + hex_byte(b[2]) +
                                "; only unsigned bytes (0x08) are "
                                "supported");
  }
  const std::size_t nd = b[3];
  if (nd == 0) throw std::invalid_argument("IDX file '" + path + "' declares 0 dimensions");
  if (total < 4 + 4 * nd) {
    throw std::invalid_argument("IDX file '" + path + "' is truncated inside its " +
                                std::to_string(nd) + " dimension sizes");
  }
  IdxHeader h;
  h.bytes = 4 + 4 * nd;
  // The product of the sizes is formed with an overflow check: up to 255 factors of 2^32 wrap
  // size_t, and the wrapped count could pass the size checks below.
  std::size_t need = 1;
  bool zero = false, overflow = false;
  for (std::size_t i = 0; i < nd; ++i) {
    const std::uint8_t* p = b + 4 + 4 * i;  // big-endian uint32
    const std::uint32_t d = (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) |
                            (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
    h.dims.push_back(d);
    if (d == 0) {
      zero = true;
    } else if (need > std::numeric_limits<std::size_t>::max() / d) {
      overflow = true;
    } else {
      need *= d;
    }
  }
  if (zero) need = 0;
  const std::size_t found = total - h.bytes;
  if (overflow && !zero) {
    throw std::invalid_argument("IDX file '" + path + "' is truncated: dimensions need more than " +
                                "2^64 data bytes, found " + std::to_string(found));
  }
  if (found < need) {
    throw std::invalid_argument("IDX file '" + path + "' is truncated: dimensions need " +
                                std::to_string(need) + " data bytes, found " +
                                std::to_string(found));
  }
  if (found > need) {
    throw std::invalid_argument("IDX file '" + path + "' has " + std::to_string(found - need) +
                                " trailing bytes after the data its dimensions declare");
  }
  return h;
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  // Header first: the magic, then the dimension sizes, checked against the file's size before
  // the data is read (io::InputFile refuses a directory, device or fifo and bounds every read).
  io::InputFile file(path, "IDX file");
  std::string head;
  file.read_exact(head, std::min<std::uint64_t>(file.remaining(), 4), "magic number");
  if (head.size() == 4) {
    const std::uint64_t sizes = 4 * std::uint64_t(static_cast<unsigned char>(head[3]));
    file.read_exact(head, std::min(file.remaining(), sizes), "dimension sizes");
  }
  const auto* b = reinterpret_cast<const std::uint8_t*>(head.data());
  IdxHeader h = idx_header(b, static_cast<std::size_t>(file.size()), path);
  IdxArray a;
  a.dims = std::move(h.dims);
  std::string data;
  file.read_exact(data, file.remaining(), "data");
  a.data.assign(data.begin(), data.end());
  return a;
}

IdxArray parse_idx(const std::uint8_t* bytes, std::size_t size, const std::string& path) {
  IdxHeader h = idx_header(bytes, size, path);
  IdxArray a;
  a.dims = std::move(h.dims);
  a.data.assign(bytes + h.bytes, bytes + size);
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
