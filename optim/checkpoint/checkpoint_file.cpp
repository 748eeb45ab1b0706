#include "optim/checkpoint/checkpoint_file.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "io/input_file.hpp"
#include "optim/observers/atomic_file.hpp"

namespace optim {
namespace {

constexpr char kMagic[8] = {'O', 'P', 'T', 'I', 'M', 'C', 'K', 'P'};
constexpr std::size_t kHeader = 20, kTrailer = 8;

std::uint64_t le64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}
void append_le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}

}  // namespace

std::string encode_checkpoint(const StateWriter& w) {
  const auto& p = w.bytes();
  std::string out(kMagic, kMagic + 8);
  append_le(out, kCheckpointVersion, 4);
  append_le(out, p.size(), 8);
  out.append(p.begin(), p.end());
  append_le(out, fnv1a64(p.data(), p.size()), 8);
  return out;
}

namespace {

// Checks the 20-byte header of a checkpoint of `total` bytes (`head` holds its first
// min(total, 20) bytes) and returns the payload length, which must fill the file exactly: the
// declared size is compared with the file's before the payload is read.
std::uint64_t check_frame(std::string_view head, std::uint64_t total) {
  if (total < 8 || std::memcmp(head.data(), kMagic, 8) != 0)
    throw std::runtime_error("not an optim checkpoint (bad magic)");
  if (total < kHeader) throw std::runtime_error("checkpoint is truncated (header incomplete)");
  std::uint32_t version = 0;
  for (int i = 0; i < 4; ++i)
    version |= std::uint32_t(static_cast<unsigned char>(head[8 + size_t(i)])) << (8 * i);
  if (version != kCheckpointVersion) {
    throw std::runtime_error("checkpoint has format version " + std::to_string(version) +
                             "; this build reads version " + std::to_string(kCheckpointVersion));
  }
  const std::uint64_t len = le64(head.data() + 12);
  const std::uint64_t body = total - kHeader;
  if (body < kTrailer || len > body - kTrailer) {
    throw std::runtime_error("checkpoint is truncated (header announces " + std::to_string(len) +
                             " payload bytes, the file holds " +
                             std::to_string(body < kTrailer ? 0 : body - kTrailer) + ")");
  }
  if (len != body - kTrailer) {
    throw std::runtime_error("checkpoint has " + std::to_string(body - kTrailer - len) +
                             " unexpected bytes after its payload");
  }
  return len;
}

}  // namespace

StateReader read_checkpoint(std::string_view b) {
  const std::uint64_t len = check_frame(b.substr(0, kHeader), b.size());
  const auto* payload = reinterpret_cast<const unsigned char*>(b.data() + kHeader);
  if (le64(b.data() + kHeader + len) != fnv1a64(payload, len))
    throw std::runtime_error("checkpoint is corrupt (checksum mismatch)");
  return StateReader(b.substr(kHeader, len));
}

StateReader read_checkpoint_file(const std::string& path) {
  std::string bytes;
  try {
    // Header first, then the payload it declares (io::InputFile refuses a directory, device or
    // fifo, and bounds every read by the file's size).
    io::InputFile file(path, "checkpoint");
    file.read_exact(bytes, std::min<std::uint64_t>(file.size(), kHeader), "header");
    check_frame(bytes, file.size());
    file.read_exact(bytes, file.remaining(), "payload");
    return read_checkpoint(bytes);
  } catch (const std::invalid_argument& e) {
    // The file as such (missing, not a regular file); the message names it. This module's
    // errors are std::runtime_error.
    throw std::runtime_error(e.what());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("checkpoint '" + path + "' refused: " + e.what());
  }
}

void write_checkpoint_file(const std::string& path, const StateWriter& w) {
  const std::string bytes = encode_checkpoint(w);
  write_file_atomically(
      path, [&](std::ostream& os) { os.write(bytes.data(), std::streamsize(bytes.size())); },
      /*durable=*/true);
}

}  // namespace optim
