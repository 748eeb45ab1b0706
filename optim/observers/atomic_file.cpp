#include "optim/observers/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace optim {

namespace {
// fsync(2) through a fresh descriptor: it flushes the file's (or directory's) data whatever
// descriptor wrote it.
bool sync_path(const std::string& p, int flags) {
  const int fd = ::open(p.c_str(), flags);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}
}  // namespace

void write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& writer, bool durable) {
  if (path.empty()) throw std::invalid_argument("output path is empty");
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  auto discard = [&] {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
  };
  {
    std::ofstream os(tmp, std::ios::binary | std::ios::trunc);
    if (!os) throw std::runtime_error("cannot open '" + tmp + "' for writing");
    try {
      writer(os);
    } catch (...) {
      os.close();
      discard();
      throw;
    }
    os.flush();
    if (!os) {
      os.close();
      discard();
      throw std::runtime_error("writing '" + path + "' failed");
    }
  }
  if (durable && !sync_path(tmp, O_RDONLY)) {
    discard();
    throw std::runtime_error("cannot fsync '" + tmp + "'");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    discard();
    throw std::runtime_error("cannot rename '" + tmp + "' to '" + path + "': " + ec.message());
  }
  if (durable) {
    const auto dir = std::filesystem::path(path).parent_path();
    // The new file is in place either way; some file systems refuse fsync on a directory
    // (EINVAL), which only weakens durability across a power loss, so it is not an error.
    (void)sync_path(dir.empty() ? std::string(".") : dir.string(), O_RDONLY | O_DIRECTORY);
  }
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
