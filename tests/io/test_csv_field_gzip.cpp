// Writing CSV fields that read back unchanged (io/csv_field.hpp), and gzip-compressed IDX files
// (io/gzip_stream.hpp through io::read_idx): the same arrays as the plain files, and corrupt or
// oversized streams refused with the file's name.
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "io/csv_field.hpp"
#include "io/csv_reader.hpp"
#include "io/gzip_stream.hpp"
#include "io/idx.hpp"
#include "support/test_support.hpp"

namespace optim::io {
namespace {

using optim::testing::invalid_argument_message;

TEST(CsvField, QuotesOnlyWhatNeedsItAndReadsBackUnchanged) {
  EXPECT_EQ(csv_field("setosa"), "setosa");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field(" padded"), "\" padded\"");
  for (const std::string text : {"a,b", "say \"hi\"", "two\nlines", " x ", "\r", ""}) {
    const std::string line = csv_field(text) + "," + csv_field("next") + "\n";
    CsvReader r(line);
    ASSERT_TRUE(r.next()) << line;
    ASSERT_EQ(r.fields().size(), 2u) << line;
    EXPECT_EQ(r.fields()[0], text);
  }
}

std::string gzip(const std::string& raw) {
  std::string out(compressBound(uLong(raw.size())) + 64, '\0');
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);  // gzip wrapper
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  z.avail_in = uInt(raw.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string idx_bytes(const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& d) {
  std::ostringstream s;
  write_idx(s, dims, d);
  return s.str();
}

TEST(GzipIdx, SameArrayAsThePlainFileAndErrorsNameTheFile) {
  const std::string path = optim::testing::temp_path("a-idx3-ubyte.gz");
  const std::vector<std::uint8_t> data = {1, 2, 3, 4, 5, 6};
  const std::string raw = idx_bytes({2, 3}, data);
  EXPECT_TRUE(is_gzip(gzip(raw)));
  EXPECT_FALSE(is_gzip(raw));
  std::ofstream(path, std::ios::binary) << gzip(raw);
  const IdxArray a = read_idx(path);
  EXPECT_EQ(a.dims, (std::vector<std::uint32_t>{2, 3}));
  EXPECT_EQ(a.data, data);
  // Two members concatenated (gzip -c a b) are one stream: here the header, then the data.
  std::ofstream(path, std::ios::binary) << gzip(raw.substr(0, 12)) << gzip(raw.substr(12));
  EXPECT_EQ(read_idx(path).data, data);
  // Declared sizes larger than what inflates: truncated; more than declared: trailing bytes.
  std::ofstream(path, std::ios::binary) << gzip(idx_bytes({2, 3}, {1, 2, 3}).substr(0, 15));
  EXPECT_NE(invalid_argument_message([&] {
              read_idx(path);
            }).find("IDX file '" + path + "' is truncated: dimensions need 6 data bytes, found 3"),
            std::string::npos);
  std::ofstream(path, std::ios::binary) << gzip(raw + std::string(1000, '\7'));
  EXPECT_NE(invalid_argument_message([&] { read_idx(path); }).find("trailing bytes"),
            std::string::npos);
  std::string corrupt = gzip(raw);
  corrupt[corrupt.size() / 2] ^= 0x55;
  corrupt[corrupt.size() - 6] ^= 0x55;  // the CRC-32 too
  std::ofstream(path, std::ios::binary) << corrupt;
  EXPECT_NE(invalid_argument_message([&] { read_idx(path); }).find(path), std::string::npos);
}

}  // namespace
}  // namespace optim::io
