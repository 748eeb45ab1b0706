#pragma once
// Checkpoint files: a StateWriter's payload framed like the model files (nn/model_io.hpp) so that
// a damaged file is recognised before any of it is used:
//   bytes 0-7    magic "OPTIMCKP"
//   bytes 8-11   format version (uint32, little-endian; this code writes and reads version 1)
//   bytes 12-19  payload length (uint64)
//   payload      the state entries (state_archive.hpp)
//   last 8       FNV-1a 64-bit hash of the payload
// Files are replaced atomically and durably (temporary file in the same directory, fsync,
// rename, fsync of the directory), so a crash at any instant leaves either the previous
// checkpoint or the new one, never a mixture.
#include <string>
#include <string_view>

#include "optim/checkpoint/state_archive.hpp"

namespace optim {

inline constexpr std::uint32_t kCheckpointVersion = 1;

// The framed bytes of a checkpoint holding w's entries.
std::string encode_checkpoint(const StateWriter& w);

// Parses a whole checkpoint from memory. Throws std::runtime_error naming what is wrong (not a
// checkpoint / bad magic, unsupported version, truncated, trailing bytes, checksum mismatch,
// malformed entry) and never reads outside `bytes`: the entry point for fuzzing.
StateReader read_checkpoint(std::string_view bytes);

// Reads the regular file `path`, header first (a directory, device or fifo is refused, and the
// payload length the header declares is checked against the file's size before the payload is
// read: io/input_file.hpp), then parses it with read_checkpoint; the message names the file.
StateReader read_checkpoint_file(const std::string& path);

// Writes w atomically and durably to path (throws std::runtime_error on I/O failure; the previous
// file is then left untouched).
void write_checkpoint_file(const std::string& path, const StateWriter& w);

}  // namespace optim
