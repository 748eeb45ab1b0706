// Byte inputs that once crashed or misbehaved in the binary readers (IDX, model files): each must
// now be a std::invalid_argument naming the problem, never an out-of-bounds read, undefined
// behaviour or a huge allocation. The fuzz targets of tests/fuzz feed the same entry points.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "nn/idx.hpp"
#include "nn/model_io.hpp"
#include "support/test_support.hpp"

namespace optim::nn {
namespace {

using optim::testing::invalid_argument_message;

void put_u64(std::vector<unsigned char>& b, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

// A model file header (magic, version 1, payload length) followed by `payload` and its checksum.
std::vector<unsigned char> model_file(const std::vector<unsigned char>& payload,
                                      std::uint64_t declared_len) {
  std::vector<unsigned char> b = {'O', 'P', 'T', 'I', 'M', 'N', 'N', '\0', 1, 0, 0, 0};
  put_u64(b, declared_len);
  b.insert(b.end(), payload.begin(), payload.end());
  put_u64(b, fnv1a64(payload.data(), payload.size()));
  return b;
}

void put_str(std::vector<unsigned char>& b, const std::string& s) {
  put_u64(b, s.size());
  b.insert(b.end(), s.begin(), s.end());
}

// Payload of a 2-3-1 tanh network up to (not including) the parameter count.
std::vector<unsigned char> payload_head(std::uint64_t in, std::uint64_t hidden) {
  std::vector<unsigned char> p;
  put_u64(p, 3);
  put_u64(p, in);
  put_u64(p, hidden);
  put_u64(p, 1);
  put_str(p, "tanh");
  put_str(p, "mse");
  put_str(p, "xavier");
  put_u64(p, 0);  // activation parameter 0.0
  put_u64(p, 0);  // bias init 0.0
  put_u64(p, 0);  // no scaler
  put_str(p, "xor");
  return p;
}

TEST(ParserHardening, ModelWellFormedBytesLoad) {
  std::vector<unsigned char> p = payload_head(2, 3);
  put_u64(p, 13);  // 2*3 + 3 + 3*1 + 1
  for (int i = 0; i < 13; ++i) put_u64(p, 0);
  const auto b = model_file(p, p.size());
  const Model m = parse_model(b.data(), b.size(), "m");
  EXPECT_EQ(m.params.size(), 13);
}

TEST(ParserHardening, ModelPayloadLengthNear2To64IsTruncatedNotAnOutOfBoundsRead) {
  // len + 8 wrapped to 7, the length check passed and the checksum was read past the end.
  const std::vector<unsigned char> p = payload_head(2, 3);
  const auto b = model_file(p, ~std::uint64_t(0));
  EXPECT_EQ(invalid_argument_message([&] { parse_model(b.data(), b.size(), "m"); }),
            "model file 'm' is truncated");
}

TEST(ParserHardening, ModelParameterCountBeyondThePayloadAllocatesNothing) {
  // 2^20 x 2^20 widths: 2^40 parameters (8 TiB) were resized before reading them.
  std::vector<unsigned char> p = payload_head(std::uint64_t(1) << 20, std::uint64_t(1) << 20);
  put_u64(p, (std::uint64_t(1) << 40) + 2 * (std::uint64_t(1) << 20) + 1);
  const auto b = model_file(p, p.size());
  EXPECT_EQ(invalid_argument_message([&] { parse_model(b.data(), b.size(), "m"); }),
            "model file 'm' is truncated (payload ends early)");
}

TEST(ParserHardening, ModelLayerWidthsWhoseProductOverflowsAreRefused) {
  // 2^40 x 2^40 overflowed the parameter count (signed overflow, undefined behaviour).
  std::vector<unsigned char> p = payload_head(std::uint64_t(1) << 40, std::uint64_t(1) << 40);
  put_u64(p, 0);
  const auto b = model_file(p, p.size());
  const std::string e = invalid_argument_message([&] { parse_model(b.data(), b.size(), "m"); });
  EXPECT_NE(e.find("layer width 0 = 1099511627776 must be in [1, 16777216]"), std::string::npos)
      << e;
}

TEST(ParserHardening, IdxDimensionsWhoseProductOverflowsAreTruncated) {
  // Three sizes of 2^32 - 1: their product wraps size_t, and the old check compared the data
  // size with the wrapped count.
  std::vector<std::uint8_t> b(4 + 12 + 16, 7);  // header, three sizes, 16 data bytes
  b[0] = b[1] = 0;
  b[2] = 8;
  b[3] = 3;
  std::fill(b.begin() + 4, b.begin() + 16, std::uint8_t(0xff));
  const std::string e = invalid_argument_message([&] { parse_idx(b.data(), b.size(), "big.idx"); });
  EXPECT_NE(e.find("IDX file 'big.idx' is truncated: dimensions need more than 2^64 data bytes, "
                   "found 16"),
            std::string::npos)
      << e;
}

TEST(ParserHardening, IdxFromBytesMatchesTheFileLayout) {
  const std::vector<std::uint8_t> img = {0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 1, 10, 20};
  const std::vector<std::uint8_t> lab = {0, 0, 8, 1, 0, 0, 0, 2, 3, 9};
  const IdxArray a = parse_idx(img.data(), img.size(), "i");
  EXPECT_EQ(a.dims, (std::vector<std::uint32_t>{2, 1}));
  const Dataset<double> d =
      idx_classification<double>(a, parse_idx(lab.data(), lab.size(), "l"), 10, "i", "l");
  EXPECT_EQ(d.labels, (std::vector<int>{3, 9}));
  EXPECT_DOUBLE_EQ(d.x(0, 1), 20.0 / 255.0);
}

}  // namespace
}  // namespace optim::nn
