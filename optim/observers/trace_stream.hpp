#pragma once
// The file a streamed trace goes to (TraceRecorder::stream_to). Rows are appended in order to
// "<path>.partial", in blocks, and the file is renamed to `path` when the run ends, so an
// existing trace at `path` is only ever replaced by a complete one. A checkpoint records the
// bytes written so far (their count and FNV-1a hash, made durable first) instead of the rows, so
// a checkpoint does not grow with the run. A resumed run continues the partial file of a killed
// run, or a copy of the finished trace of a stopped run, cut back to the checkpoint's offset:
// the resumed trace holds the same bytes as an uninterrupted run's (wall-clock columns aside).
#include <cstdint>
#include <string>
#include <string_view>

namespace optim {

class TraceStream {
 public:
  explicit TraceStream(std::string path);
  ~TraceStream();  // closes; a run that did not finish leaves its partial file for a resume
  TraceStream(const TraceStream&) = delete;
  TraceStream& operator=(const TraceStream&) = delete;

  bool is_open() const { return fd_ >= 0; }
  // A fresh partial file (a stale one of an earlier run is replaced).
  void create();
  // Continues the bytes a checkpoint recorded: the partial file if its first `offset` bytes
  // hash to `hash`, else the finished trace at path if they do (copied, so that it stays intact
  // until this run ends). Throws std::invalid_argument naming the trace when neither does (it
  // was removed or changed since the checkpoint).
  void resume(std::uint64_t offset, std::uint64_t hash);
  void append(std::string_view bytes);  // buffered; written in blocks of about 64 KiB

  struct Mark {
    std::uint64_t offset = 0;  // bytes appended so far
    std::uint64_t hash = 0;    // their FNV-1a hash
  };
  // Writes the buffer and makes the file durable (fdatasync): what a checkpoint may refer to.
  Mark sync();
  // Writes, syncs, closes and renames the partial file to path.
  void finish();

 private:
  void write_buffer();
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;     // as the user gave it (for messages)
  std::string target_;   // where the finished trace goes (symlinks resolved)
  std::string partial_;  // target_ + ".partial"
  std::string why_not_;  // why target_ cannot be written ("" when it can)
  bool keep_mode_ = false;
  unsigned mode_ = 0;
  int fd_ = -1;
  std::string buf_;
  Mark mark_;
};

}  // namespace optim
