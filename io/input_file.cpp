#include "io/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>

namespace optim::io {
namespace {

// What a non-regular path is, in the user's words.
const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a fifo";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file";
}

}  // namespace

InputFile::InputFile(std::string path, std::string what)
    : path_(std::move(path)), what_(std::move(what)) {
  // O_NONBLOCK: opening a fifo for reading otherwise waits for a writer, possibly forever. It has
  // no effect on the reads of a regular file, the only kind read below.
  fd_ = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) {
    const int err = errno;  // before the message's allocations can touch it
    throw std::invalid_argument("cannot open " + what_ + " '" + path_ + "': " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    ::close(fd_);
    throw std::invalid_argument("cannot read " + what_ + " '" + path_ + "': " + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    fail(std::string("is not a regular file (") + kind_of(st.st_mode) + ")");
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

void InputFile::fail(const std::string& problem) const {
  throw std::invalid_argument(what_ + " '" + path_ + "' " + problem);
}

void InputFile::read_exact(std::string& out, std::uint64_t n, std::string_view part) {
  if (n > remaining()) {
    fail("is truncated: its " + std::string(part) + " declares " + std::to_string(n) +
         " bytes, the file has only " + std::to_string(remaining()) + " left");
  }
  const std::size_t start = out.size();
  try {
    out.resize(start + static_cast<std::size_t>(n));
  } catch (const std::bad_alloc&) {
    fail("is too large to read into memory (" + std::to_string(n) + " bytes)");
  }
  std::size_t done = 0;
  while (done < n) {
    const ::ssize_t got =
        ::read(fd_, out.data() + start + done, static_cast<std::size_t>(n) - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int err = errno;
      fail(std::string("cannot be read: ") + std::strerror(err));
    }
    if (got == 0) fail("became shorter while it was read (" + std::to_string(size_) + " bytes)");
    done += static_cast<std::size_t>(got);
  }
  consumed_ += n;
}

std::string InputFile::read_rest() {
  std::string out;
  read_exact(out, remaining(), "size");
  return out;
}

std::string read_input_file(const std::string& path, const std::string& what) {
  InputFile f(path, what);
  return f.read_rest();
}

}  // namespace optim::io
