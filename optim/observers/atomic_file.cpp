#include "optim/observers/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <streambuf>

namespace optim {

namespace {

// write(2) until every byte is out: a short write (a file-size limit or a nearly full disk) is
// retried for the rest, which then reports the reason. Returns 0 or the errno of the failure.
int write_all(int fd, const char* s, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, s, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (w == 0) return EIO;
    s += w;
    n -= static_cast<std::size_t>(w);
  }
  return 0;
}

// An output stream buffer on a file descriptor that remembers the first write error (std::ofstream
// reports only "failed", and only if asked; its close() on a full disk went unnoticed).
class FdStreamBuf final : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd) : fd_(fd) { setp(buf_, buf_ + sizeof buf_); }
  int error() const { return err_; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n < static_cast<std::streamsize>(sizeof buf_)) return std::streambuf::xsputn(s, n);
    // Large blocks (a model's or checkpoint's bytes) go straight to the file.
    if (!drain() || !put(s, static_cast<std::size_t>(n))) return 0;
    return n;
  }

 private:
  bool put(const char* s, std::size_t n) {
    if (err_ == 0) err_ = write_all(fd_, s, n);
    return err_ == 0;
  }
  bool drain() {
    const bool ok = put(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(buf_, buf_ + sizeof buf_);
    return ok;
  }

  int fd_;
  int err_ = 0;
  char buf_[1 << 14];
};

// Attempts at a free temporary name before giving up (names are per process and counted, so
// only stray files of a crashed earlier run with the same pid can be in the way).
constexpr unsigned kMaxTempAttempts = 1000;

}  // namespace

AtomicOutput::AtomicOutput(const std::string& path) : path_(path) {
  const std::string why = inspect_output(path, target_);
  if (!why.empty()) throw std::runtime_error("cannot write '" + path + "': " + why);
  for (unsigned attempt = 0; fd_ < 0; ++attempt) {
    temp_ = temporary_name(target_.path, attempt);
    // 0666 and the umask, as for any new file; an existing target's own bits are kept below.
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0 && (errno != EEXIST || attempt + 1 == kMaxTempAttempts)) {
      const int err = errno;
      temp_.clear();
      throw std::runtime_error("cannot write '" + path + "': cannot create a file in folder '" +
                               target_.folder + "' (" + std::strerror(err) + ")");
    }
  }
  if (target_.exists) (void)::fchmod(fd_, static_cast<mode_t>(target_.mode));
}

AtomicOutput::~AtomicOutput() {
  if (committed_) return;
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicOutput::fail(const std::string& what, int err) {
  throw std::runtime_error("cannot write '" + path_ + "': " + what +
                           (err != 0 ? " (" + std::string(std::strerror(err)) + ")" : ""));
}

void AtomicOutput::write(const char* data, std::size_t n) {
  if (fd_ < 0) fail("the file is already closed", 0);
  if (const int err = write_all(fd_, data, n); err != 0) fail("write failed", err);
}

void AtomicOutput::commit() {
  if (fd_ < 0) fail("the file is already closed", 0);
  // Write errors of buffered data surface at fsync or close at the latest (ENOSPC, EIO, EDQUOT).
  if (::fsync(fd_) != 0) fail("fsync failed", errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("close failed", errno);
  // The target may have changed since the check (a device created there): never replace one.
  struct stat st {};
  if (::lstat(target_.path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
    fail("'" + target_.path + "' is no longer a regular file", 0);
  if (::rename(temp_.c_str(), target_.path.c_str()) != 0) fail("rename failed", errno);
  committed_ = true;
  // fsync of the folder makes the rename itself survive a power loss. Some file systems cannot
  // sync a directory (EINVAL): the file is complete and in place, only that guarantee is weaker.
  const int dir = ::open(target_.folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    const int rc = ::fsync(dir);
    const int err = errno;
    ::close(dir);
    if (rc != 0 && err == EIO) fail("written, but the folder could not be synced", err);
  }
}

void write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& writer, bool /*durable*/) {
  AtomicOutput out(path);  // its destructor removes the temporary on every failure path
  FdStreamBuf buf(out.fd());
  std::ostream os(&buf);
  writer(os);
  os.flush();
  if (buf.error() != 0)
    throw std::runtime_error("cannot write '" + path + "': " + std::strerror(buf.error()));
  if (!os) throw std::runtime_error("cannot write '" + path + "': the output stream failed");
  out.commit();
}

int format_double(double v, char* buf) {
  if (std::isnan(v)) {
    // The result is a length-delimited field (the return value), never a C string.
    std::memcpy(buf, "nan", 3);  // NOLINT(bugprone-not-null-terminated-result)
    return 3;
  }
  if (std::isinf(v)) {
    const char* s = v > 0 ? "inf" : "-inf";
    const int n = v > 0 ? 3 : 4;
    std::memcpy(buf, s, static_cast<std::size_t>(n));
    return n;
  }
  const auto r = std::to_chars(buf, buf + 32, v);
  return static_cast<int>(r.ptr - buf);
}

}  // namespace optim
