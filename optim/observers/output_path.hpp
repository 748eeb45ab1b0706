#pragma once
// What an output path names, decided before anything is written. Every file the program writes
// goes through write_file_atomically / AtomicOutput (atomic_file.hpp), which writes a temporary
// file next to the final target and renames it over the target; this header says what that
// target is and whether it may be replaced.
//
// Rules (the same for the up-front check and for the write itself):
// - a symlink is followed to its final target (also a dangling one): the new content replaces
//   the target and the link stays a link, pointing at it;
// - an existing target must be a regular file: a directory, a device (/dev/null, /dev/full), a
//   fifo or a socket is refused, never replaced by a regular file;
// - the target's folder must exist and accept new files. That is tested by creating (and removing)
//   a file there, not by access(2): for root, access() reports every folder writable whatever its
//   mode bits, yet a read-only mount, /proc or /sys still refuse the file.
#include <string>

namespace optim {

struct OutputTarget {
  std::string path;    // where the bytes end up (symlinks resolved)
  std::string folder;  // the folder that receives the temporary file and the rename
  bool exists = false;
  unsigned mode = 0;  // permission bits of the existing target (kept by the new file)
};

// Resolves `path` into `target`; returns why it cannot be written, or "" when it can as far as a
// look (no file created) tells: the target is absent or a regular file, the folder exists.
std::string inspect_output(const std::string& path, OutputTarget& target);

// Throws std::invalid_argument "<flag> '<path>': <reason>" when `path` cannot be written; this
// includes the probe of the folder (a file is created there and removed). Returns the target.
OutputTarget check_output_path(const std::string& flag, const std::string& path);

// The temporary sibling "<target>.tmp.<pid>.<n>" used for attempt n (created with O_EXCL, so a
// stray file of that name is skipped, never overwritten).
std::string temporary_name(const std::string& target, unsigned attempt);

}  // namespace optim
