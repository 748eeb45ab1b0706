#pragma once
// Reader and writer of the IDX format of the MNIST files (LeCun et al.): a 4-byte magic number —
// two zero bytes, a type code (0x08 unsigned byte, ...) and the number of dimensions — followed
// by one big-endian uint32 size per dimension and the data in row-major order. Every problem
// (missing file, wrong magic, unsupported type, truncated data, trailing bytes) is a
// std::invalid_argument naming the file and what is wrong. What the bytes mean (images, labels,
// a classification set) is nn's business: nn/idx.hpp.
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace optim::io {

struct IdxArray {
  std::vector<std::uint32_t> dims;
  std::vector<std::uint8_t> data;  // unsigned-byte payload, row-major
  std::size_t count() const;       // product of dims
};

// Reads an unsigned-byte IDX file (type 0x08), the only type the MNIST files use, plain or
// gzip-compressed (told by its first bytes, not its name): a regular file only, header first (the
// declared sizes are checked against the file's before the data is read, io/input_file.hpp).
IdxArray read_idx(const std::string& path);
// The same from bytes in memory (read_idx reads the file and calls this; the fuzz target
// tests/fuzz/fuzz_idx.cpp feeds it directly); `path` names the input in messages.
IdxArray parse_idx(const std::uint8_t* bytes, std::size_t size, const std::string& path);

// Writes the bytes of an unsigned-byte IDX array (nn::write_idx puts them in a file atomically).
void write_idx(std::ostream& out, const std::vector<std::uint32_t>& dims,
               const std::vector<std::uint8_t>& data);

}  // namespace optim::io
