// Checkpoints are read header first and only from regular files (io/input_file): a
// symlink to /dev/zero or a fifo is refused by name, and a header declaring more payload than the
// file holds is refused before the payload is read.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "optim/checkpoint/checkpoint_file.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

using optim::testing::temp_path;

std::string runtime_error_message(const std::string& path) {
  try {
    read_checkpoint_file(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(CheckpointBounded, ASymlinkToDevZeroOrAFifoIsNotARegularFile) {
  const std::string link = temp_path("ckpt_zero_link");
  std::filesystem::create_symlink("/dev/zero", link);
  EXPECT_EQ(runtime_error_message(link),
            "checkpoint '" + link + "' is not a regular file (a character device)");
  const std::string fifo = temp_path("ckpt_fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(runtime_error_message(fifo),
            "checkpoint '" + fifo + "' is not a regular file (a fifo)");
}

TEST(CheckpointBounded, AHeaderDeclaringMoreThanTheFileIsRefused) {
  StateWriter w;
  w.put_int("k", 7);
  std::string bytes = encode_checkpoint(w);
  bytes[12 + 6] = 4;  // payload length + 2^50
  const std::string path = temp_path("ckpt_big_header");
  std::ofstream(path, std::ios::binary) << bytes;
  const std::string e = runtime_error_message(path);
  EXPECT_NE(e.find("checkpoint '" + path +
                   "' refused: checkpoint is truncated (header announces "
                   "1125899906842638 payload bytes, the file holds 14)"),
            std::string::npos)
      << e;
  // A well-formed one still reads.
  write_checkpoint_file(path, w);
  EXPECT_EQ(read_checkpoint_file(path).get_int("k"), 7);
}

}  // namespace
}  // namespace optim
