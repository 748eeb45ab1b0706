// The output mechanism of the library: what an output path may name (output_path.hpp), the files
// of one run checked together (run_files.hpp), and the atomic writer (atomic_file.hpp): symlinks
// written through, special files never replaced, write errors reported with the old file kept.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "optim/observers/atomic_file.hpp"
#include "optim/observers/output_path.hpp"
#include "optim/observers/run_files.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

namespace fs = std::filesystem;
using testing::invalid_argument_message;
using testing::read_text;

void spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string fresh_dir(const std::string& name) {
  const std::string d = testing::temp_path(name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::size_t count_entries(const std::string& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

std::string check_message(const std::string& path) {
  return invalid_argument_message([&] { check_output_path("--out", path); });
}

std::string write_error(const std::string& path, const std::string& text = "new\n") {
  try {
    write_file_atomically(path, [&](std::ostream& os) { os << text; });
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

// A Unix socket bound in the temp folder (a file system entry of type socket).
int bind_socket(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0) << path;
  return fd;
}

TEST(OutputPath, EveryClassOfBadPathIsNamedWithTheFlag) {
  const std::string dir = fresh_dir("outpath");
  const std::string fifo = dir + "/fifo", file = dir + "/file", sock = dir + "/s";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  spit(file, "x");
  const int sfd = bind_socket(sock);
  struct Case {
    std::string path, message;
  };
  const Case cases[] = {
      {"/nonexistent_optim_folder/m.bin",
       "--out '/nonexistent_optim_folder/m.bin': folder '/nonexistent_optim_folder' does not "
       "exist"},
      {dir, "--out '" + dir + "': is a directory"},
      {dir + "/", "--out '" + dir + "/': names a folder, not a file"},
      {"/dev/null", "--out '/dev/null': is a device, not a regular file"},
      {"/dev/full", "--out '/dev/full': is a device, not a regular file"},
      {fifo, "--out '" + fifo + "': is a fifo (named pipe), not a regular file"},
      {sock, "--out '" + sock + "': is a socket, not a regular file"},
      {file + "/m.bin", "--out '" + file + "/m.bin': '" + file + "' is not a folder"},
      // Root passes access(2) for every folder; creating a file is what /proc refuses (for root
      // too), as a read-only mount would.
      {"/proc/optim_m.bin", "--out '/proc/optim_m.bin': cannot create files in folder '/proc'"},
      {"", "--out '': no file name given"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    EXPECT_EQ(check_message(c.path).rfind(c.message, 0), 0u) << check_message(c.path);
  }
  ::close(sfd);
  // Fine: an absent file in an existing folder, an existing regular file; the probe leaves
  // nothing behind.
  const std::size_t before = count_entries(dir);
  EXPECT_EQ(check_output_path("--out", dir + "/new.bin").path, dir + "/new.bin");
  EXPECT_TRUE(check_output_path("--out", file).exists);
  EXPECT_EQ(count_entries(dir), before);
  EXPECT_FALSE(fs::exists(dir + "/new.bin"));
}

TEST(OutputPath, SymlinksResolveToTheirFinalTarget) {
  const std::string dir = fresh_dir("outpath_links");
  const std::string target = dir + "/target.bin";
  spit(target, "x");
  fs::create_symlink(target, dir + "/a");
  fs::create_symlink("a", dir + "/b");  // relative, and a chain
  fs::create_symlink(dir + "/not_yet.bin", dir + "/dangling");
  fs::create_symlink("/dev/null", dir + "/devlink");
  fs::create_symlink(dir + "/loop2", dir + "/loop1");
  fs::create_symlink(dir + "/loop1", dir + "/loop2");
  OutputTarget t;
  EXPECT_EQ(inspect_output(dir + "/b", t), "");
  EXPECT_EQ(fs::path(t.path).lexically_normal(), fs::path(target));
  EXPECT_TRUE(t.exists);
  EXPECT_EQ(inspect_output(dir + "/dangling", t), "");
  EXPECT_EQ(t.path, dir + "/not_yet.bin");
  EXPECT_FALSE(t.exists);
  EXPECT_NE(check_message(dir + "/devlink").find("resolves to '/dev/null', which is a device"),
            std::string::npos)
      << check_message(dir + "/devlink");
  EXPECT_NE(check_message(dir + "/loop1").find("too many levels of symbolic links"),
            std::string::npos);
}

TEST(AtomicFile, WritesThroughASymlinkAndKeepsTheLink) {
  const std::string dir = fresh_dir("atomic_links");
  const std::string target = dir + "/t.csv", link = dir + "/l.csv", dangling = dir + "/d.csv";
  spit(target, "old\n");
  fs::create_symlink(target, link);
  fs::create_symlink(dir + "/created.csv", dangling);
  EXPECT_EQ(write_error(link), "(no error)");
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
  EXPECT_EQ(read_text(target), "new\n");
  EXPECT_EQ(write_error(dangling), "(no error)");
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dangling)));
  EXPECT_EQ(read_text(dir + "/created.csv"), "new\n");
  EXPECT_EQ(count_entries(dir), 4u);  // no temporary left
}

TEST(AtomicFile, NeverReplacesASpecialFile) {
  const std::string dir = fresh_dir("atomic_special");
  const std::string fifo = dir + "/fifo.ckpt";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  EXPECT_NE(write_error(fifo).find("is a fifo"), std::string::npos) << write_error(fifo);
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the fifo was replaced by a regular file";
  fs::create_symlink("/dev/full", dir + "/full");
  EXPECT_NE(write_error(dir + "/full").find("is a device"), std::string::npos);
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
  EXPECT_EQ(count_entries(dir), 2u);
}

TEST(AtomicFile, KeepsThePermissionsOfTheFileItReplaces) {
  const std::string dir = fresh_dir("atomic_mode");
  const std::string file = dir + "/m.bin";
  spit(file, "old");
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_EQ(write_error(file), "(no error)");
  EXPECT_EQ(fs::status(file).permissions(),
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

// RLIMIT_FSIZE: write(2) stores what fits and then fails with EFBIG (SIGXFSZ ignored), as a full
// disk fails with ENOSPC; it applies to root too.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &old_);
    rlimit lim = old_;
    lim.rlim_cur = bytes;
    previous_ = ::signal(SIGXFSZ, SIG_IGN);
    ::setrlimit(RLIMIT_FSIZE, &lim);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &old_);
    ::signal(SIGXFSZ, previous_);
  }

 private:
  rlimit old_{};
  sighandler_t previous_ = nullptr;
};

TEST(AtomicFile, AShortWriteIsAnErrorAndTheOldFileStays) {
  const std::string dir = fresh_dir("atomic_short");
  const std::string file = dir + "/big.bin";
  spit(file, "old");
  std::string message;
  {
    FileSizeLimit limit(4096);
    message = write_error(file, std::string(100000, 'x'));
  }
  EXPECT_NE(message.find("cannot write '" + file + "'"), std::string::npos) << message;
  EXPECT_NE(message.find(std::strerror(EFBIG)), std::string::npos) << message;
  EXPECT_EQ(read_text(file), "old");
  EXPECT_EQ(count_entries(dir), 1u);  // the temporary is gone
}

TEST(AtomicFile, AFolderThatDisappearsAfterTheCheckIsAnError) {
  const std::string dir = fresh_dir("atomic_gone");
  const std::string file = dir + "/sub/out.csv";
  fs::create_directories(dir + "/sub");
  EXPECT_NO_THROW(check_output_path("--out", file));
  fs::remove_all(dir + "/sub");
  EXPECT_NE(write_error(file).find("folder '" + dir + "/sub' does not exist"), std::string::npos)
      << write_error(file);
}

TEST(AtomicOutput, ATemporaryIsRenamedOnlyOnCommit) {
  const std::string dir = fresh_dir("atomic_output");
  const std::string file = dir + "/p.png";
  spit(file, "old");
  {
    AtomicOutput out(file);
    EXPECT_EQ(fs::path(out.temp_path()).parent_path(), fs::path(dir));
    spit(out.temp_path(), "half");  // another program writes it by name, then fails
  }
  EXPECT_EQ(read_text(file), "old");
  EXPECT_EQ(count_entries(dir), 1u);
  {
    AtomicOutput out(file);
    out.write("new", 3);
    out.commit();
  }
  EXPECT_EQ(read_text(file), "new");
  EXPECT_EQ(count_entries(dir), 1u);
}

TEST(RunFiles, TwoOutputsOnOneFileAreRefusedWhateverTheSpelling) {
  const std::string dir = fresh_dir("runfiles");
  const std::string x = dir + "/x.csv";
  fs::create_directories(dir + "/sub");
  fs::create_symlink(x, dir + "/link.csv");
  for (const std::string& other :
       {x, dir + "/./x.csv", dir + "/sub/../x.csv", dir + "//x.csv", dir + "/link.csv"}) {
    SCOPED_TRACE(other);
    const std::string m = invalid_argument_message(
        [&] { RunFiles().output("--trace", x).output("--checkpoint", other).check(); });
    EXPECT_EQ(m, "--trace '" + x + "' and --checkpoint '" + other +
                     "' are the same file: give each output its own path");
  }
  // Hard links: one inode under two names.
  spit(x, "x");
  fs::create_hard_link(x, dir + "/hard.csv");
  EXPECT_NE(invalid_argument_message([&] {
              RunFiles().output("--a", x).output("--b", dir + "/hard.csv").check();
            }).find("are the same file"),
            std::string::npos);
  EXPECT_NO_THROW(
      RunFiles().output("--a", x).output("--b", dir + "/y.csv").output("--c", "").check());
}

TEST(RunFiles, AnOutputOnAnInputIsRefused) {
  const std::string dir = fresh_dir("runfiles_in");
  const std::string model = dir + "/m.bin";
  spit(model, "model");
  fs::create_symlink(model, dir + "/alias.bin");
  for (const std::string& out : {model, dir + "/./m.bin", dir + "/alias.bin"}) {
    SCOPED_TRACE(out);
    EXPECT_EQ(invalid_argument_message(
                  [&] { RunFiles().input("--model", model).output("--output", out).check(); }),
              "--output '" + out + "' would overwrite the --model input '" + model +
                  "': give the output another path");
  }
  // An input given through a symlink is the file it points to.
  EXPECT_NE(invalid_argument_message([&] {
              RunFiles().input("--trace", dir + "/alias.bin").output("--out", model).check();
            }).find("would overwrite the --trace input"),
            std::string::npos);
  EXPECT_NO_THROW(RunFiles().input("--model", model).output("--output", dir + "/p.csv").check());
  EXPECT_EQ(read_text(model), "model");
}

TEST(RunFiles, BadOutputPathsAreRefusedBeforeCollisions) {
  EXPECT_EQ(invalid_argument_message(
                [] { RunFiles().output("--save", "/nonexistent_optim_folder/m.bin").check(); }),
            "--save '/nonexistent_optim_folder/m.bin': folder '/nonexistent_optim_folder' does "
            "not exist");
}

}  // namespace
}  // namespace optim
