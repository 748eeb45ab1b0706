#include "io/gzip_stream.hpp"

#include <zlib.h>

#include <stdexcept>

namespace optim::io {

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

struct GzipStream::State {
  z_stream z{};
  std::string_view in;
  bool ended = false;  // the last member's end was reached and no input is left
};

GzipStream::GzipStream(std::string_view compressed, std::string path)
    : s_(std::make_unique<State>()), path_(std::move(path)) {
  s_->in = compressed;
  // 16 + MAX_WBITS: a gzip wrapper (header and CRC-32 trailer), not a raw zlib stream.
  if (inflateInit2(&s_->z, 16 + MAX_WBITS) != Z_OK)
    throw std::invalid_argument("cannot start decompressing '" + path_ + "'");
  s_->z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  s_->z.avail_in = static_cast<uInt>(compressed.size());
}

GzipStream::~GzipStream() {
  inflateEnd(&s_->z);
}

std::size_t GzipStream::read(std::string& out, std::size_t n) {
  const std::size_t start = out.size();
  out.resize(start + n);
  std::size_t done = 0;
  while (done < n && !s_->ended) {
    // avail_in and avail_out are 32-bit: pieces of at most 1 GiB.
    s_->z.next_out = reinterpret_cast<Bytef*>(out.data() + start + done);
    const std::size_t want = std::min<std::size_t>(n - done, std::size_t(1) << 30);
    s_->z.avail_out = static_cast<uInt>(want);
    const int rc = inflate(&s_->z, Z_NO_FLUSH);
    done += want - s_->z.avail_out;
    if (rc == Z_STREAM_END) {
      // Concatenated members are one file (gzip -c a b > ab.gz): go on while input is left.
      if (s_->z.avail_in == 0) {
        s_->ended = true;
      } else if (inflateReset(&s_->z) != Z_OK) {
        throw std::invalid_argument("cannot decompress '" + path_ + "'");
      }
    } else if (rc == Z_BUF_ERROR && s_->z.avail_in == 0) {
      throw std::invalid_argument("gzip file '" + path_ +
                                  "' is truncated (the compressed data "
                                  "ends early)");
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      throw std::invalid_argument("gzip file '" + path_ + "' is corrupt (" +
                                  (s_->z.msg != nullptr ? s_->z.msg : "inflate failed") + ")");
    }
  }
  out.resize(start + done);
  return done;
}

bool GzipStream::at_end() {
  if (s_->ended) return true;
  std::string probe;
  return read(probe, 1) == 0;
}

}  // namespace optim::io
