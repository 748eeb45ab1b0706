#pragma once
// The one way the readers open an input file (models, checkpoints, traces, IDX, NIST .dat, CSV):
// bounded, header-first reading.
//  - Only a regular file is read. A directory, a device (a symlink to /dev/zero is an endless
//    stream), a fifo or a socket is refused before a byte is read, naming what the path is; a
//    fifo is opened without blocking, so a path with no writer does not hang the program.
//  - The file's size is taken once, from fstat, and no read goes past it: a reader asks for the
//    bytes its header declares with read_exact, which refuses a request larger than what is left
//    before anything is allocated for it ("declares N bytes, only M left").
//  - read_rest, for the text formats (which declare no sizes), allocates at most the file's size;
//    a file too large for memory is an error naming the file, not std::bad_alloc.
// Every refusal is a std::invalid_argument "<what> '<path>' ...", e.g. "model file 'm.bin' is not
// a regular file (a character device)".
#include <cstdint>
#include <string>
#include <string_view>

namespace optim::io {

class InputFile {
 public:
  // `what` names the kind of file in messages ("model file", "trace", "checkpoint", ...).
  InputFile(std::string path, std::string what);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::string& path() const { return path_; }
  std::uint64_t size() const { return size_; }                   // bytes, from fstat at open
  std::uint64_t remaining() const { return size_ - consumed_; }  // bytes not read yet

  // Appends exactly n bytes to `out`. n is checked against remaining() first, so a size read from
  // a corrupt header is refused ("<part> declares n bytes, the file has only m left") rather than
  // allocated; `part` names the declared thing in that message ("payload", "data").
  void read_exact(std::string& out, std::uint64_t n, std::string_view part);
  // Everything not read yet (at most size() bytes in total).
  std::string read_rest();

  // Throws std::invalid_argument("<what> '<path>' " + problem).
  [[noreturn]] void fail(const std::string& problem) const;

 private:
  std::string path_, what_;
  int fd_ = -1;
  std::uint64_t size_ = 0, consumed_ = 0;
};

// The whole of a regular file, read through InputFile (for text formats).
std::string read_input_file(const std::string& path, const std::string& what);

}  // namespace optim::io
