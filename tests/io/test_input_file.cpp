// The one input-file opener of the readers (io/input_file): only regular files are read, a
// fifo does not block, and no read goes past the file's size, whatever a header declares.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "io/input_file.hpp"
#include "support/test_support.hpp"

namespace optim::io {
namespace {

using optim::testing::invalid_argument_message;
using optim::testing::temp_path;

std::string write_file(const std::string& name, const std::string& bytes) {
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(InputFile, ReadsARegularFileExactlyAndBoundedByItsSize) {
  const std::string path = write_file("input_regular", "0123456789");
  InputFile f(path, "test file");
  EXPECT_EQ(f.size(), 10u);
  std::string out;
  f.read_exact(out, 4, "head");
  EXPECT_EQ(out, "0123");
  EXPECT_EQ(f.remaining(), 6u);
  EXPECT_EQ(f.read_rest(), "456789");
  EXPECT_EQ(f.remaining(), 0u);
  EXPECT_EQ(read_input_file(path, "test file"), "0123456789");
}

TEST(InputFile, ADeclaredSizeBeyondTheFileIsRefusedBeforeAllocating) {
  const std::string path = write_file("input_short", "abc");
  InputFile f(path, "model file");
  std::string out;
  // 2^62 bytes: allocating first would be std::bad_alloc (or worse, succeed lazily).
  const std::string e =
      invalid_argument_message([&] { f.read_exact(out, std::uint64_t(1) << 62, "payload"); });
  EXPECT_EQ(e, "model file '" + path +
                   "' is truncated: its payload declares 4611686018427387904 bytes, the file "
                   "has only 3 left");
  EXPECT_TRUE(out.empty());
}

TEST(InputFile, ASymlinkToDevZeroIsNotARegularFile) {
  const std::string link = temp_path("input_zero_link");
  std::filesystem::create_symlink("/dev/zero", link);
  EXPECT_EQ(invalid_argument_message([&] { read_input_file(link, "trace"); }),
            "trace '" + link + "' is not a regular file (a character device)");
}

TEST(InputFile, ADirectoryIsNotARegularFile) {
  const std::string dir = temp_path("input_dir");
  std::filesystem::create_directory(dir);
  EXPECT_EQ(invalid_argument_message([&] { read_input_file(dir, "data file"); }),
            "data file '" + dir + "' is not a regular file (a directory)");
}

TEST(InputFile, AFifoIsRefusedWithoutWaitingForAWriter) {
  // Opening a fifo for reading blocks until a writer opens it; this test would hang.
  const std::string fifo = temp_path("input_fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(invalid_argument_message([&] { read_input_file(fifo, "checkpoint"); }),
            "checkpoint '" + fifo + "' is not a regular file (a fifo)");
}

TEST(InputFile, AMissingFileNamesThePathAndTheReason) {
  EXPECT_EQ(invalid_argument_message([&] { read_input_file("/nonexistent/x.csv", "data file"); }),
            "cannot open data file '/nonexistent/x.csv': No such file or directory");
}

}  // namespace
}  // namespace optim::io
