#include "optim/observers/output_path.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace optim {
namespace {

namespace fs = std::filesystem;

// The limit Linux applies to a chain of symlinks (MAXSYMLINKS, ELOOP beyond it).
constexpr int kMaxSymlinkHops = 40;

const char* kind_of(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
  if (S_ISFIFO(m)) return "a fifo (named pipe)";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

}  // namespace

std::string temporary_name(const std::string& target, unsigned attempt) {
  return target + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(attempt);
}

std::string inspect_output(const std::string& path, OutputTarget& t) {
  if (path.empty()) return "no file name given";
  if (fs::path(path).filename().empty()) return "names a folder, not a file";
  // Follow the chain of links by hand: fs::canonical needs the final target to exist, and a
  // dangling link must be written through (its target created), not replaced.
  fs::path p = path;
  struct stat st {};
  int hops = 0;
  for (; ::lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode); ++hops) {
    if (hops == kMaxSymlinkHops) return "too many levels of symbolic links";
    std::error_code ec;
    const fs::path link = fs::read_symlink(p, ec);
    if (ec) return "cannot read the symbolic link '" + p.string() + "': " + ec.message();
    p = link.is_absolute() ? link : p.parent_path() / link;
  }
  t.path = p.string();
  const std::string via = hops > 0 ? "resolves to '" + t.path + "', which " : "";
  t.exists = ::lstat(p.c_str(), &st) == 0;
  if (!t.exists && errno != ENOENT && errno != ENOTDIR)
    return via + "cannot be examined (" + std::string(std::strerror(errno)) + ")";
  if (t.exists) {
    if (!S_ISREG(st.st_mode)) {
      return via + "is " + kind_of(st.st_mode) +
             (S_ISDIR(st.st_mode) ? "" : ", not a regular file") +
             ": outputs are only written to regular files";
    }
    t.mode = static_cast<unsigned>(st.st_mode & 07777);
  }
  const fs::path parent = p.parent_path();
  t.folder = parent.empty() ? std::string(".") : parent.string();
  struct stat dir {};
  if (::stat(t.folder.c_str(), &dir) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return "folder '" + t.folder + "' does not exist";
    return "folder '" + t.folder + "' cannot be examined (" + std::strerror(errno) + ")";
  }
  if (!S_ISDIR(dir.st_mode)) return "'" + t.folder + "' is not a folder";
  return "";
}

OutputTarget check_output_path(const std::string& flag, const std::string& path) {
  OutputTarget t;
  const std::string why = inspect_output(path, t);
  if (!why.empty()) throw std::invalid_argument(flag + " '" + path + "': " + why);
  // The folder must accept the temporary file that the write creates; creating one now is the
  // only test that holds for root, read-only mounts and pseudo file systems alike.
  for (unsigned attempt = 0;; ++attempt) {
    const std::string probe = temporary_name(t.path, attempt);
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
      ::unlink(probe.c_str());
      return t;
    }
    if (errno != EEXIST || attempt == 1000) {
      throw std::invalid_argument(flag + " '" + path + "': cannot create files in folder '" +
                                  t.folder + "' (" + std::strerror(errno) + ")");
    }
  }
}

}  // namespace optim
