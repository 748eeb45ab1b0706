#pragma once
// The files of one run, checked together before the run starts: a command registers every path
// it will read and every path it will write, under the flag the user typed, and calls check()
// once before any work. Hours of training must not end in "cannot write", and an output must
// never overwrite another output of the same run or a file the run reads.
//
//   RunFiles files;
//   files.input("--model", a.model).output("--output", a.output).check();
//
// Two paths name the same file when they agree after resolving ".", "..", symlinks (an output's
// through output_path.hpp's rules) or, when both files exist, when they are one inode (a hard
// link). Every output must also pass check_output_path (folder exists and accepts files, the
// target is absent or a regular file).
#include <string>
#include <vector>

namespace optim {

class RunFiles {
 public:
  // Empty paths are ignored (an optional flag not given).
  RunFiles& input(const std::string& flag, const std::string& path);
  RunFiles& output(const std::string& flag, const std::string& path);
  // Throws std::invalid_argument naming the flag(s) and the path at the first problem.
  void check() const;

 private:
  struct Entry {
    std::string flag, path;
  };
  std::vector<Entry> inputs_, outputs_;
};

}  // namespace optim
