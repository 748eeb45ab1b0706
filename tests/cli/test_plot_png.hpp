#pragma once
// Reads a PNG's signature and IHDR chunk: the plot tests check that a real PNG of the requested
// size was written (width and height are big-endian 32-bit at bytes 16..23).

#include <cstdint>
#include <fstream>
#include <string>

namespace optim::testing {

struct PngInfo {
  bool valid = false;
  std::uint32_t width = 0, height = 0;
  std::uintmax_t bytes = 0;
};

inline PngInfo read_png_info(const std::string& path) {
  PngInfo info;
  std::ifstream f(path, std::ios::binary);
  if (!f) return info;
  unsigned char h[24] = {};
  f.read(reinterpret_cast<char*>(h), sizeof h);
  if (f.gcount() != 24) return info;
  const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  for (int i = 0; i < 8; ++i)
    if (h[i] != sig[i]) return info;
  if (std::string(reinterpret_cast<char*>(h + 12), 4) != "IHDR") return info;
  auto be32 = [&](int o) {
    return (std::uint32_t(h[o]) << 24) | (std::uint32_t(h[o + 1]) << 16) |
           (std::uint32_t(h[o + 2]) << 8) | std::uint32_t(h[o + 3]);
  };
  info.width = be32(16);
  info.height = be32(20);
  f.seekg(0, std::ios::end);
  info.bytes = static_cast<std::uintmax_t>(f.tellg());
  info.valid = true;
  return info;
}

}  // namespace optim::testing
