#include "io/idx.hpp"

#include <algorithm>
#include <limits>
#include <ostream>
#include <stdexcept>

#include "io/gzip_stream.hpp"
#include "io/input_file.hpp"

namespace optim::io {
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
  std::size_t need = 0;   // data bytes the sizes declare
  bool overflow = false;  // ... more than 2^64 of them
};

// Reads the header of an IDX input whose first min(have, 4 + 4 * b[3]) bytes are at b (the
// magic, then the dimension sizes): the dimensions and the data size they declare.
IdxHeader declared_layout(const std::uint8_t* b, std::size_t have, const std::string& path) {
  if (have < 4) {
    throw std::invalid_argument("IDX file '" + path + "' is truncated: " + std::to_string(have) +
                                " bytes, no 4-byte magic number");
  }
  if (b[0] != 0 || b[1] != 0) {
    throw std::invalid_argument("IDX file '" + path + "' has a wrong magic number (first two " +
                                "bytes must be 0; is it an IDX file?)");
  }
  if (b[2] != 0x08) {
    throw std::invalid_argument("IDX file '" + path + "' has data type " + hex_byte(b[2]) +
                                "; only unsigned bytes (0x08) are "
                                "supported");
  }
  const std::size_t nd = b[3];
  if (nd == 0) throw std::invalid_argument("IDX file '" + path + "' declares 0 dimensions");
  if (have < 4 + 4 * nd) {
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
  h.overflow = overflow && !zero;
  h.need = zero ? 0 : need;
  return h;
}

// The header of an IDX input of `total` bytes whose first bytes are at b, checked against the
// data that follows: the declared size is compared with the file's before the data is read.
IdxHeader idx_header(const std::uint8_t* b, std::size_t total, const std::string& path) {
  IdxHeader h = declared_layout(b, total, path);
  const std::size_t found = total - h.bytes;
  if (h.overflow) {
    throw std::invalid_argument("IDX file '" + path + "' is truncated: dimensions need more than " +
                                "2^64 data bytes, found " + std::to_string(found));
  }
  if (found < h.need) {
    throw std::invalid_argument("IDX file '" + path + "' is truncated: dimensions need " +
                                std::to_string(h.need) + " data bytes, found " +
                                std::to_string(found));
  }
  if (found > h.need) {
    throw std::invalid_argument("IDX file '" + path + "' has " + std::to_string(found - h.need) +
                                " trailing bytes after the data its dimensions declare");
  }
  return h;
}

// A gzip-compressed IDX file: the header is inflated first, then exactly the data it declares,
// so a corrupt size or a compressed stream that never ends costs no more than what is declared.
IdxArray read_gzip_idx(InputFile& file, std::string compressed) {
  const std::string& path = file.path();
  compressed += file.read_rest();
  GzipStream z(compressed, path);
  std::string head;
  z.read(head, 4);
  if (head.size() == 4) z.read(head, 4 * std::size_t(static_cast<unsigned char>(head[3])));
  IdxHeader h =
      declared_layout(reinterpret_cast<const std::uint8_t*>(head.data()), head.size(), path);
  if (h.overflow) {
    throw std::invalid_argument("IDX file '" + path + "' is truncated: dimensions need more than " +
                                "2^64 data bytes");
  }
  std::string data;
  // Pieces of 64 MiB: a truncated stream is noticed before the whole declared size is allocated.
  while (data.size() < h.need) {
    const std::size_t want = std::min<std::size_t>(h.need - data.size(), std::size_t(64) << 20);
    if (z.read(data, want) < want) {
      throw std::invalid_argument("IDX file '" + path + "' is truncated: dimensions need " +
                                  std::to_string(h.need) + " data bytes, found " +
                                  std::to_string(data.size()));
    }
  }
  if (!z.at_end()) {
    throw std::invalid_argument("IDX file '" + path +
                                "' has trailing bytes after the data its dimensions declare");
  }
  IdxArray a;
  a.dims = std::move(h.dims);
  a.data.assign(data.begin(), data.end());
  return a;
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  // Header first: the magic, then the dimension sizes, checked against the file's size before
  // the data is read (InputFile refuses a directory, device or fifo and bounds every read).
  InputFile file(path, "IDX file");
  std::string head;
  file.read_exact(head, std::min<std::uint64_t>(file.remaining(), 4), "magic number");
  if (is_gzip(head)) return read_gzip_idx(file, std::move(head));
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

void write_idx(std::ostream& out, const std::vector<std::uint32_t>& dims,
               const std::vector<std::uint8_t>& data) {
  const std::uint8_t magic[4] = {0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
  out.write(reinterpret_cast<const char*>(magic), 4);
  for (auto d : dims) {
    const std::uint8_t be[4] = {std::uint8_t(d >> 24), std::uint8_t(d >> 16), std::uint8_t(d >> 8),
                                std::uint8_t(d)};
    out.write(reinterpret_cast<const char*>(be), 4);
  }
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

}  // namespace optim::io
