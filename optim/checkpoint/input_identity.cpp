#include "optim/checkpoint/input_identity.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "optim/checkpoint/state_archive.hpp"

namespace optim {
namespace {

constexpr std::uintmax_t kBlock = 64 << 10;  // bytes per sampled block
constexpr std::uintmax_t kBlocks = 64;       // blocks sampled in a large file

std::string hex64(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

std::string file_identity(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code canonical_error, size_error;
  const fs::path canonical = fs::weakly_canonical(fs::path(path), canonical_error);
  const std::uintmax_t size = fs::file_size(path, size_error);
  std::ifstream in(path, std::ios::binary);
  if (size_error || !in) throw std::invalid_argument("cannot read input file '" + path + "'");
  std::uint64_t h = kFnv1a64Basis;
  std::vector<unsigned char> buf(kBlock);
  auto hash_at = [&](std::uintmax_t offset, std::uintmax_t len) {
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(len));
    if (static_cast<std::uintmax_t>(in.gcount()) != len)
      throw std::invalid_argument("input file '" + path + "' changed while it was read");
    h = fnv1a64(buf.data(), static_cast<std::size_t>(len), h);
  };
  if (size <= kFullHashBytes) {
    for (std::uintmax_t at = 0; at < size; at += kBlock) hash_at(at, std::min(kBlock, size - at));
  } else {
    // Block i starts at i (size - kBlock) / (kBlocks - 1): the first at 0, the last ending at
    // the last byte.
    for (std::uintmax_t i = 0; i < kBlocks; ++i)
      hash_at(i * (size - kBlock) / (kBlocks - 1), kBlock);
  }
  return "file " + (canonical_error ? path : canonical.string()) + ": " + std::to_string(size) +
         " bytes, fnv1a64 " + hex64(h) + (size <= kFullHashBytes ? "" : " (sampled)");
}

}  // namespace optim
