#pragma once
// Decompression of gzip data (RFC 1952) held in memory, through zlib, in pieces of the size the
// reader asks for: a reader that knows from a header how many bytes it needs (IDX) asks for
// exactly those, so a small file that inflates without end (a "gzip bomb") is refused after the
// bytes it declares instead of filling the memory. Errors are std::invalid_argument naming the
// file.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace optim::io {

// True when the bytes start with the gzip magic number 1f 8b.
bool is_gzip(std::string_view bytes);

class GzipStream {
 public:
  // `compressed` must outlive the stream; `path` names it in messages.
  GzipStream(std::string_view compressed, std::string path);
  ~GzipStream();
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  // Appends up to n decompressed bytes to `out`; fewer only at the end of the data.
  std::size_t read(std::string& out, std::size_t n);
  // True once every compressed member has been inflated (no byte left to produce).
  bool at_end();

 private:
  struct State;
  std::unique_ptr<State> s_;
  std::string path_;
};

}  // namespace optim::io
