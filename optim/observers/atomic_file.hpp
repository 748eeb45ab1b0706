#pragma once
// Output files written atomically: the content goes to a temporary file next to the target,
// which is renamed over the target only when complete, so a failed or interrupted run never
// leaves a partial file (rename(2) within one directory is atomic on POSIX).
#include <functional>
#include <ostream>
#include <string>

namespace optim {

// Calls writer(stream) on a temporary "<path>.tmp.<pid>" and renames it to path. If the writer
// throws or the stream fails, the temporary is removed and the target left untouched; the
// writer's exception is rethrown, a stream failure becomes std::runtime_error naming the path.
// `durable` also fsyncs the file before the rename and its directory after it, so that the new
// content survives a power loss or kernel crash, not only a killed process (checkpoints).
void write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& writer, bool durable = false);

// Shortest text that reads back to the same double (std::to_chars); "nan", "inf", "-inf" for
// non-finite values. Writes into buf (at least 32 chars) and returns the length.
int format_double(double v, char* buf);

}  // namespace optim
