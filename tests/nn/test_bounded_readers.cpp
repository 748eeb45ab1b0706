// Model and IDX files are read header first and only from regular files: a path that is a
// symlink to /dev/zero (an endless stream), a directory or a fifo is refused by name before a
// byte is read, and a header that declares more bytes than the file holds is refused before
// anything is allocated for them. The old readers slurped the whole stream first (until
// std::bad_alloc for /dev/zero, forever for a fifo).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "nn/data_sources.hpp"
#include "nn/idx.hpp"
#include "nn/model_io.hpp"
#include "support/test_support.hpp"

namespace optim::nn {
namespace {

using optim::testing::invalid_argument_message;
using optim::testing::temp_path;

std::string link_to_dev_zero(const std::string& name) {
  const std::string link = temp_path(name);
  std::filesystem::create_symlink("/dev/zero", link);
  return link;
}

void write_bytes(const std::string& path, const std::vector<unsigned char>& b) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

TEST(BoundedReaders, ModelPathToDevZeroDirectoryOrFifoIsNotARegularFile) {
  const std::string link = link_to_dev_zero("model_zero_link.bin");
  EXPECT_EQ(invalid_argument_message([&] { load_model(link); }),
            "model file '" + link + "' is not a regular file (a character device)");
  const std::string dir = temp_path("model_dir.bin");
  std::filesystem::create_directory(dir);
  EXPECT_EQ(invalid_argument_message([&] { load_model(dir); }),
            "model file '" + dir + "' is not a regular file (a directory)");
  const std::string fifo = temp_path("model_fifo.bin");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(invalid_argument_message([&] { load_model(fifo); }),
            "model file '" + fifo + "' is not a regular file (a fifo)");
}

TEST(BoundedReaders, ModelHeaderDeclaringMoreThanTheFileIsRefused) {
  // Magic, version 1, a payload of 2^50 bytes declared, 8 bytes present.
  std::vector<unsigned char> b = {'O', 'P', 'T', 'I', 'M', 'N', 'N', '\0', 1, 0, 0, 0};
  for (int i = 0; i < 8; ++i) b.push_back(i == 6 ? 4 : 0);  // 2^50, little-endian
  b.resize(b.size() + 8, 0);
  const std::string path = temp_path("model_big_header.bin");
  write_bytes(path, b);
  EXPECT_EQ(invalid_argument_message([&] { load_model(path); }),
            "model file '" + path + "' is truncated");
  // A file too short for a header is not a model file.
  write_bytes(path, {'O', 'P'});
  EXPECT_EQ(invalid_argument_message([&] { load_model(path); }),
            "'" + path + "' is not an optim model file (bad magic)");
}

TEST(BoundedReaders, IdxPathToDevZeroIsNotARegularFile) {
  const std::string link = link_to_dev_zero("idx_zero_link");
  EXPECT_EQ(invalid_argument_message([&] { read_idx(link); }),
            "IDX file '" + link + "' is not a regular file (a character device)");
}

TEST(BoundedReaders, IdxDimensionsDeclaringMoreThanTheFileAreRefused) {
  // 60000 x 28 x 28 declared (47 MB), 10 data bytes present.
  std::vector<unsigned char> b = {0, 0, 8, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 28, 0, 0, 0, 28};
  b.resize(b.size() + 10, 0);
  const std::string path = temp_path("idx_big_header");
  write_bytes(path, b);
  EXPECT_EQ(invalid_argument_message([&] { read_idx(path); }),
            "IDX file '" + path + "' is truncated: dimensions need 47040000 data bytes, found 10");
  // Truncated inside the sizes: the header says 3 dimensions, the file ends after one.
  write_bytes(path, {0, 0, 8, 3, 0, 0, 0, 1});
  EXPECT_EQ(invalid_argument_message([&] { read_idx(path); }),
            "IDX file '" + path + "' is truncated inside its 3 dimension sizes");
  // A well-formed file still reads.
  write_idx(path, {2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(read_idx(path).data, (std::vector<std::uint8_t>{1, 2, 3, 4}));
}

TEST(BoundedReaders, MnistDirectoryWithAFifoIsRefusedWithoutBlocking) {
  // The data-set loader opened the file to see whether it exists; on a fifo that blocks.
  const std::string dir = temp_path("mnist_fifo_dir");
  std::filesystem::create_directory(dir);
  ASSERT_EQ(::mkfifo((dir + "/train-images-idx3-ubyte").c_str(), 0600), 0);
  Dataset<float> train, test;
  const DataRequest req{"mnist", dir, 400, 42};
  EXPECT_EQ(invalid_argument_message([&] { load_named_data<float>(req, train, test); }),
            "IDX file '" + dir + "/train-images-idx3-ubyte' is not a regular file (a fifo)");
}

}  // namespace
}  // namespace optim::nn
