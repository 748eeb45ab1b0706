#include "optim/observers/trace_stream.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/observers/output_path.hpp"

namespace optim {
namespace {

constexpr std::size_t kBlock = std::size_t(64) << 10;

// FNV-1a of the first `n` bytes of the file at `path`, or false when it is shorter or unreadable.
bool prefix_hash(const std::string& path, std::uint64_t n, std::uint64_t& hash) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return false;
  std::vector<unsigned char> buf(kBlock);
  std::uint64_t h = kFnv1a64Basis, left = n;
  while (left > 0) {
    const ssize_t got =
        ::read(fd, buf.data(), static_cast<std::size_t>(std::min<std::uint64_t>(left, kBlock)));
    if (got <= 0) {
      if (got < 0 && errno == EINTR) continue;
      ::close(fd);
      return false;
    }
    h = fnv1a64(buf.data(), static_cast<std::size_t>(got), h);
    left -= static_cast<std::uint64_t>(got);
  }
  ::close(fd);
  hash = h;
  return true;
}

}  // namespace

// The partial file sits beside the trace's final target, by output_path.hpp's rules (the same as
// every other output's): a symlink is written through and stays a link, and a replaced trace
// keeps its permission bits.
TraceStream::TraceStream(std::string path) : path_(std::move(path)) {
  OutputTarget target;
  why_not_ = inspect_output(path_, target);
  target_ = target.path.empty() ? path_ : target.path;
  keep_mode_ = target.exists;
  mode_ = target.mode;
  partial_ = target_ + ".partial";
  buf_.reserve(2 * kBlock);
  mark_.hash = kFnv1a64Basis;
}

TraceStream::~TraceStream() {
  if (fd_ >= 0) ::close(fd_);
}

void TraceStream::fail(const std::string& what) const {
  throw std::runtime_error("cannot write '" + path_ + "': " + what + " (" + std::strerror(errno) +
                           ")");
}

void TraceStream::create() {
  if (!why_not_.empty()) throw std::runtime_error("cannot write '" + path_ + "': " + why_not_);
  // 0666 less the umask, as for every new output; a replaced trace keeps its own bits.
  fd_ = ::open(partial_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd_ < 0) fail("cannot create the partial trace '" + partial_ + "'");
  if (keep_mode_) (void)::fchmod(fd_, static_cast<mode_t>(mode_));
  buf_.clear();
  mark_ = {0, kFnv1a64Basis};
}

void TraceStream::resume(std::uint64_t offset, std::uint64_t hash) {
  std::uint64_t h = 0;
  if (prefix_hash(partial_, offset, h) && h == hash) {
    fd_ = ::open(partial_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) fail("cannot reopen the partial trace '" + partial_ + "'");
    if (::ftruncate(fd_, static_cast<off_t>(offset)) != 0 ||
        ::lseek(fd_, 0, SEEK_END) != static_cast<off_t>(offset))
      fail("cannot cut the partial trace back to the checkpoint");
  } else if (prefix_hash(target_, offset, h) && h == hash) {
    // A stopped run's finished trace: its rows (not its closing part) start the new partial file.
    const int in = ::open(target_.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) fail("cannot read the finished trace");
    create();
    std::vector<char> buf(kBlock);
    for (std::uint64_t left = offset; left > 0;) {
      const ssize_t got =
          ::read(in, buf.data(), static_cast<std::size_t>(std::min<std::uint64_t>(left, kBlock)));
      if (got <= 0) {
        ::close(in);
        fail("cannot read the finished trace");
      }
      append(std::string_view(buf.data(), static_cast<std::size_t>(got)));
      left -= static_cast<std::uint64_t>(got);
    }
    ::close(in);
    write_buffer();
  } else {
    throw std::invalid_argument(
        "trace '" + path_ + "' does not continue the checkpoint: its first " +
        std::to_string(offset) +
        " bytes were removed or changed since the checkpoint was saved (give another trace "
        "path, or remove the checkpoint to start afresh)");
  }
  mark_ = {offset, hash};
}

void TraceStream::append(std::string_view bytes) {
  buf_.append(bytes);
  mark_.offset += bytes.size();
  mark_.hash =
      fnv1a64(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), mark_.hash);
  if (buf_.size() >= kBlock) write_buffer();
}

void TraceStream::write_buffer() {
  std::size_t done = 0;
  while (done < buf_.size()) {
    const ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write failed");
    }
    done += static_cast<std::size_t>(n);
  }
  buf_.clear();
}

TraceStream::Mark TraceStream::sync() {
  write_buffer();
  if (::fdatasync(fd_) != 0) fail("fdatasync failed");
  return mark_;
}

void TraceStream::finish() {
  sync();
  if (::close(fd_) != 0) {
    fd_ = -1;
    fail("close failed");
  }
  fd_ = -1;
  if (std::rename(partial_.c_str(), target_.c_str()) != 0) fail("rename failed");
  // As for every output (atomic_file.cpp): the folder's fsync makes the rename survive a crash.
  const std::string folder = std::filesystem::path(target_).parent_path().string();
  const int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    (void)::fsync(dir);
    ::close(dir);
  }
}

}  // namespace optim
