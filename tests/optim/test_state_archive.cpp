// The state archive and the checkpoint file format (optim/checkpoint/): exact round trips, and
// every kind of damage (bad magic, other version, truncation at every length, a flipped byte,
// trailing bytes, malformed entries behind a valid checksum) refused with a message naming it.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "optim/checkpoint/checkpoint_file.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

StateWriter sample_writer() {
  StateWriter w;
  w.put_int("k", -1234567890123LL);
  w.put_real("pi", 3.141592653589793);
  w.put_real("inf", std::numeric_limits<double>::infinity());
  w.put_text("name", std::string("ad\0am", 5));  // text may hold any byte
  const std::int64_t ints[] = {3, -1, 0};
  w.put_ints("order", ints, 3);
  Vec<float> vf(3);
  vf << 0.1f, -1e-30f, std::numeric_limits<float>::denorm_min();
  {
    ArchiveScope<StateWriter> s(w, "rule");
    w.put_vec("m", vf);
    ArchiveScope<StateWriter> t(w, "inner");
    w.put_real("x", -0.0);
  }
  w.put_vec("empty", Vec<double>());
  return w;
}

std::string expect_refused(std::string_view bytes) {
  try {
    read_checkpoint(bytes);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted " << bytes.size() << " damaged bytes";
  return {};
}

TEST(StateArchive, RoundTripsEveryTypeExactly) {
  StateReader r = read_checkpoint(encode_checkpoint(sample_writer()));
  EXPECT_EQ(r.size(), 8u);
  EXPECT_EQ(r.get_int("k"), -1234567890123LL);
  EXPECT_EQ(r.get_real("pi"), 3.141592653589793);
  EXPECT_EQ(r.get_real("inf"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(r.get_text("name"), std::string("ad\0am", 5));
  EXPECT_EQ(r.get_ints("order"), (std::vector<std::int64_t>{3, -1, 0}));
  Vec<float> vf(3);
  {
    ArchiveScope<StateReader> s(r, "rule");
    r.get_vec("m", vf);
    EXPECT_TRUE(r.has("inner.x"));
    EXPECT_FALSE(r.has("k"));  // names are relative to the scope
    EXPECT_TRUE(std::signbit(r.get_real("inner.x")));
  }
  // float -> double -> float is exact, denormals included.
  EXPECT_EQ(vf[0], 0.1f);
  EXPECT_EQ(vf[1], -1e-30f);
  EXPECT_EQ(vf[2], std::numeric_limits<float>::denorm_min());
  Vec<double> empty;
  r.get_vec("empty", empty);
}

TEST(StateArchive, MissingMistypedAndMissizedFieldsAreNamed) {
  StateReader r = read_checkpoint(encode_checkpoint(sample_writer()));
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_EQ(message([&] { r.get_real("rule.v"); }), "checkpoint lacks the field 'rule.v'");
  EXPECT_EQ(message([&] { r.get_real("k"); }),
            "checkpoint field 'k' is an integer, expected a real");
  Vec<double> four(4);
  EXPECT_EQ(message([&] { r.get_vec("rule.m", four); }),
            "checkpoint field 'rule.m' has 3 values, this run expects 4");
}

TEST(CheckpointFile, DamageIsRefusedWithTheReason) {
  const std::string good = encode_checkpoint(sample_writer());
  EXPECT_NO_THROW(read_checkpoint(good));

  std::string bad = good;
  bad[0] = 'X';
  EXPECT_EQ(expect_refused(bad), "not an optim checkpoint (bad magic)");

  bad = good;
  bad[8] = 2;
  EXPECT_EQ(expect_refused(bad), "checkpoint has format version 2; this build reads version 1");

  bad = good;
  bad[40] ^= 0x10;  // one bit in the payload
  EXPECT_EQ(expect_refused(bad), "checkpoint is corrupt (checksum mismatch)");

  EXPECT_EQ(expect_refused(good + "x"), "checkpoint has 1 unexpected bytes after its payload");

  // Every truncation, including inside the header and the checksum.
  for (size_t n = 0; n < good.size(); ++n) {
    const std::string msg = expect_refused(std::string_view(good).substr(0, n));
    EXPECT_TRUE(msg.find("truncated") != std::string::npos ||
                msg.find("bad magic") != std::string::npos)
        << n << " bytes: " << msg;
  }
}

// Frames arbitrary payload bytes with a correct header and checksum.
std::string frame(const std::string& payload) {
  std::string out = "OPTIMCKP";
  out += std::string("\x01\0\0\0", 4);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(payload.size() >> (8 * i)));
  out += payload;
  const std::uint64_t h =
      fnv1a64(reinterpret_cast<const unsigned char*>(payload.data()), payload.size());
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(h >> (8 * i)));
  return out;
}

TEST(CheckpointFile, MalformedEntriesBehindAValidChecksumAreRefused) {
  using namespace std::string_literals;
  // type 9 does not exist
  EXPECT_EQ(expect_refused(frame("\x09\x01\0\0\0k"s + std::string(8, '\0'))),
            "malformed state entry at byte 0: unknown entry type 9");
  // name length past the end
  EXPECT_EQ(expect_refused(frame("\x01\xff\0\0\0k"s)),
            "malformed state entry at byte 0: name runs past the end");
  // an array announcing 2^60 elements must not allocate them
  std::string huge = "\x03\x01\0\0\0v"s + std::string(7, '\0') + "\x10"s;
  EXPECT_EQ(expect_refused(frame(huge)), "malformed state entry at byte 0: 'v' runs past the end");
  // duplicate names
  const std::string one = "\x01\x01\0\0\0k"s + std::string(8, '\0');
  EXPECT_EQ(expect_refused(frame(one + one)),
            "malformed state entry at byte 14: duplicate entry 'k'");
  // an int entry cut short
  EXPECT_EQ(expect_refused(frame("\x01\x01\0\0\0k\0\0"s)),
            "malformed state entry at byte 0: value of 'k' is truncated");
}

TEST(CheckpointFile, FilesAreWrittenAtomicallyAndNamedInErrors) {
  const std::string path = optim::testing::temp_path("ckpt_file");
  write_checkpoint_file(path, sample_writer());
  EXPECT_EQ(read_checkpoint_file(path).get_int("k"), -1234567890123LL);
  // No temporary left next to it.
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
    EXPECT_EQ(e.path().string().find(path + ".tmp"), std::string::npos) << e.path();
  // Damage on disk: the message names the file and the reason.
  std::filesystem::resize_file(path, 30);
  try {
    read_checkpoint_file(path);
    ADD_FAILURE() << "truncated file accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(
        std::string(e.what()).find("checkpoint '" + path + "' refused: checkpoint is truncated"),
        std::string::npos)
        << e.what();
  }
  std::filesystem::remove(path);
  EXPECT_THROW(read_checkpoint_file(path), std::runtime_error);  // missing file
}

}  // namespace
}  // namespace optim
