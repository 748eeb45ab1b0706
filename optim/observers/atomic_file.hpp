#pragma once
// The one way the program writes a file: the content goes to a temporary file next to the final
// target, is flushed and fsync'ed, and is renamed over the target (then the folder is fsync'ed),
// so a failed, interrupted or crashed run never leaves a partial file and never deletes the old
// one first (rename(2) within one folder is atomic on POSIX). Targets follow the rules of
// output_path.hpp: symlinks are written through, only regular files are replaced.
#include <functional>
#include <ostream>
#include <string>

#include "optim/observers/output_path.hpp"

namespace optim {

// A temporary file beside the target of `path`, renamed over it by commit(). Another program may
// write the temporary file by name (the plot script does); the destructor removes it unless it
// was committed. Errors are std::runtime_error naming the path and the system's reason.
class AtomicOutput {
 public:
  explicit AtomicOutput(const std::string& path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::string& temp_path() const { return temp_; }
  int fd() const { return fd_; }  // open for writing until commit()
  // Writes n bytes to the temporary file, retrying short writes; throws on failure.
  void write(const char* data, std::size_t n);
  // fsync, close, rename over the target, fsync the folder.
  void commit();

 private:
  [[noreturn]] void fail(const std::string& what, int err);

  std::string path_;  // as the user gave it (for messages)
  OutputTarget target_;
  std::string temp_;
  int fd_ = -1;
  bool committed_ = false;
};

// Calls writer(stream) on an AtomicOutput for path and commits it. If the writer throws, the
// temporary is removed, the target left untouched and the writer's exception rethrown; a failed
// write (disk full, file too large, I/O error) becomes std::runtime_error naming the path.
// `durable` is kept for source compatibility: every write is fsync'ed.
void write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& writer, bool durable = true);

// Shortest text that reads back to the same double (std::to_chars); "nan", "inf", "-inf" for
// non-finite values. Writes into buf (at least 32 chars) and returns the length.
int format_double(double v, char* buf);

}  // namespace optim
