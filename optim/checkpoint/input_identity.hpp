#pragma once
// The identity of what a run reads, for its checkpoint (CheckpointOptions::inputs): a checkpoint
// resumed on other data must be refused, not continued silently, even when the data have the
// same shape. A file is named by its canonical path, its size and a content hash; a generated
// data set by its generator's name and parameters (the caller writes that line itself).
#include <cstdint>
#include <string>

namespace optim {

// Files up to this size are hashed whole.
inline constexpr std::uintmax_t kFullHashBytes = std::uintmax_t(16) << 20;  // 16 MiB

// "file PATH: N bytes, fnv1a64 HEX". Up to kFullHashBytes the FNV-1a hash covers the whole
// file; above, it covers 64 blocks of 64 KiB evenly spaced from the first to the last byte
// (4 MiB read whatever the size, so a multi-GB file costs milliseconds), and the size is part of
// the identity. A sampled hash misses an edit that falls between the blocks; a regenerated or
// replaced data set changes every block. Throws std::invalid_argument when the file cannot be
// read, naming it.
std::string file_identity(const std::string& path);

}  // namespace optim
