#include "optim/observers/run_files.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "optim/observers/output_path.hpp"

namespace optim {
namespace {

// What a path names, for comparisons: its absolute, normalised form with symlinks resolved as
// far as they exist, and the inode when the file exists.
struct FileId {
  std::string canonical;
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
};

FileId identify(const std::string& resolved) {
  FileId id;
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(resolved, ec);
  if (ec) abs = resolved;
  const std::filesystem::path canon = std::filesystem::weakly_canonical(abs, ec);
  id.canonical = (ec ? abs : canon).lexically_normal().string();
  struct stat st {};
  if (::stat(resolved.c_str(), &st) == 0) {
    id.exists = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
  }
  return id;
}

bool same_file(const FileId& a, const FileId& b) {
  if (a.exists && b.exists) return a.dev == b.dev && a.ino == b.ino;
  return a.canonical == b.canonical;
}

}  // namespace

RunFiles& RunFiles::input(const std::string& flag, const std::string& path) {
  if (!path.empty()) inputs_.push_back({flag, path});
  return *this;
}

RunFiles& RunFiles::output(const std::string& flag, const std::string& path) {
  if (!path.empty()) outputs_.push_back({flag, path});
  return *this;
}

void RunFiles::check() const {
  std::vector<FileId> out_ids;
  for (const auto& o : outputs_)
    out_ids.push_back(identify(check_output_path(o.flag, o.path).path));
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (same_file(out_ids[i], out_ids[j])) {
        throw std::invalid_argument(outputs_[j].flag + " '" + outputs_[j].path + "' and " +
                                    outputs_[i].flag + " '" + outputs_[i].path +
                                    "' are the same file: give each output its own path");
      }
    }
  }
  for (const auto& in : inputs_) {
    const FileId in_id = identify(in.path);
    for (std::size_t i = 0; i < outputs_.size(); ++i) {
      if (same_file(out_ids[i], in_id)) {
        throw std::invalid_argument(outputs_[i].flag + " '" + outputs_[i].path +
                                    "' would overwrite the " + in.flag + " input '" + in.path +
                                    "': give the output another path");
      }
    }
  }
}

}  // namespace optim
