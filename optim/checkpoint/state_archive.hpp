#pragma once
// The one mechanism by which run state is saved and restored (DESIGN.md, role 3: state is
// resumable and serialisable). A StateWriter collects named entries (integers, doubles, vectors
// of doubles or integers, text); a StateReader gives them back by name, checking type and length.
// Entries are independent of order, so a state adds fields without breaking older ones, and a
// missing or mistyped field is refused with its name rather than read as garbage.
//
// Names are hierarchical: push("rule") makes put("m", ...) store "rule.m", so nested parts
// (driver, method, update rule, schedule, observers) never collide.
//
// Vectors are stored as doubles whatever the scalar: a float widened to double and narrowed back
// is the same float, so float and double states both round-trip bit for bit.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "optim/types.hpp"

namespace optim {

class StateWriter {
 public:
  void push(std::string_view scope);  // enter a nested scope ("method", "rule", ...)
  void pop();

  void put_int(std::string_view name, std::int64_t v);
  void put_real(std::string_view name, double v);
  void put_text(std::string_view name, std::string_view v);
  void put_reals(std::string_view name, const double* data, std::size_t n);
  void put_ints(std::string_view name, const std::int64_t* data, std::size_t n);
  template <class S>
  void put_vec(std::string_view name, const Vec<S>& v);
  template <class S>
  void put_mat(std::string_view name, const Mat<S>& m);  // column-major, as a real array

  // The encoded entries (the payload of a checkpoint file).
  const std::vector<unsigned char>& bytes() const { return buf_; }

 private:
  void header(unsigned char type, std::string_view name);
  std::string prefix_;
  std::vector<std::size_t> marks_;
  std::vector<unsigned char> buf_;
};

class StateReader {
 public:
  // Parses an encoded payload. Throws std::runtime_error naming the first malformed entry
  // (unknown type, name or length running past the end, duplicate name); never reads out of
  // bounds whatever the bytes.
  explicit StateReader(std::string_view payload);

  void push(std::string_view scope);
  void pop();

  bool has(std::string_view name) const;
  std::int64_t get_int(std::string_view name) const;
  double get_real(std::string_view name) const;
  std::string get_text(std::string_view name) const;
  std::vector<double> get_reals(std::string_view name) const;
  std::vector<std::int64_t> get_ints(std::string_view name) const;
  // Fills v, which must already have the stored length (state is sized by start(); a length
  // mismatch means the checkpoint belongs to another problem and is refused).
  template <class S>
  void get_vec(std::string_view name, Vec<S>& v) const;
  template <class S>
  void get_mat(std::string_view name, Mat<S>& m) const;  // m already sized, like get_vec

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    unsigned char type = 0;
    std::size_t offset = 0;  // of the value in data_
    std::size_t count = 0;   // elements (arrays) or bytes (text)
  };
  const Entry& find(std::string_view name, unsigned char type) const;
  std::string full(std::string_view name) const;

  std::string data_;
  std::map<std::string, Entry, std::less<>> entries_;
  std::string prefix_;
  std::vector<std::size_t> marks_;
};

// One description of a state for both directions. A state lists its fields once, in
// `archive(StateArchive& a)`; behind a StateWriter the call saves them, behind a StateReader the
// same call loads them back into the same variables, so save and load cannot disagree in names,
// types or order. A probe archive does neither: running archive() on it only finds out whether
// every part of a state can be checkpointed (a part that cannot calls unsupported()).
//
// Each field is one entry: bool and integers are stored as integers (bool as 0 / 1), float and
// double as reals, vectors and matrices as real arrays (column-major), so the entries are the
// ones StateWriter::put_* writes. A state that must validate what it loads before committing it
// lists locals (copies of its members when saving), checks them `if (a.loading())`, then assigns.
enum class Extent {
  Fixed,   // loading: the vector already has the stored length (it was sized by start())
  Stored,  // loading: the vector takes the stored length
};

class StateArchive {
 public:
  explicit StateArchive(StateWriter& w) : writer_(&w) {}
  explicit StateArchive(StateReader& r) : reader_(&r) {}
  static StateArchive probe() { return StateArchive(); }

  bool saving() const { return writer_ != nullptr; }
  bool loading() const { return reader_ != nullptr; }

  void push(std::string_view scope);  // nested names ("rule" -> "rule.m"), as StateWriter
  void pop();

  // The field `name`: written from v when saving, read into v when loading (missing or
  // mistyped entries throw std::runtime_error naming the field), untouched by a probe.
  void scalar(std::string_view name, bool& v);
  template <class T>
  requires std::is_integral_v<T>
  void scalar(std::string_view name, T& v) {
    std::int64_t i = static_cast<std::int64_t>(v);
    integer(name, i);
    if (loading()) v = static_cast<T>(i);
  }
  template <class T>
  requires std::is_floating_point_v<T>
  void scalar(std::string_view name, T& v) {
    double d = static_cast<double>(v);
    real(name, d);
    if (loading()) v = static_cast<T>(d);
  }
  template <class S>
  void field(std::string_view name, Vec<S>& v, Extent extent = Extent::Fixed);
  template <class S>
  void field(std::string_view name, Mat<S>& m);  // m already sized when loading
  void field(std::string_view name, std::string& text);
  void field(std::string_view name, std::vector<double>& v);  // any length
  void field(std::string_view name, std::vector<std::int64_t>& v);

  // False only when loading an archive that lacks the entry (optional fields, older files).
  bool has(std::string_view name) const;

  // Called by the default archive() of a part that has no description of its state: marks a
  // probe (checkpointable() is then false); saving or loading it throws std::invalid_argument
  // "does not support checkpoints" (never reached by the driver, which probes first).
  void unsupported();
  bool supported() const { return supported_; }

 private:
  StateArchive() = default;
  void integer(std::string_view name, std::int64_t& v);
  void real(std::string_view name, double& v);

  StateWriter* writer_ = nullptr;
  StateReader* reader_ = nullptr;
  bool supported_ = true;
};

// Whether part.archive() describes the whole of part: runs it on a probe, which saves nothing.
template <class Part>
bool archive_supported(Part& part) {
  StateArchive probe = StateArchive::probe();
  part.archive(probe);
  return probe.supported();
}

// RAII scope for any archive: Scope s(w, "rule"); ... pops on exit.
template <class Archive>
class ArchiveScope {
 public:
  ArchiveScope(Archive& a, std::string_view name) : a_(a) { a_.push(name); }
  ~ArchiveScope() { a_.pop(); }
  ArchiveScope(const ArchiveScope&) = delete;
  ArchiveScope& operator=(const ArchiveScope&) = delete;

 private:
  Archive& a_;
};

// A count stored as a double (trace rows, epoch records) back as an integer; throws
// std::runtime_error naming `what` unless it is a whole number in [0, 2^53] (a damaged value
// must not reach a float-to-integer conversion, which is undefined out of range).
std::int64_t count_from_double(double v, const char* what);

// FNV-1a 64-bit hash (Fowler, Noll, Vo): the checksum of checkpoint and model files. Passing the
// hash of a prefix as `h` continues it: fnv1a64(b, nb, fnv1a64(a, na)) is the hash of a then b.
inline constexpr std::uint64_t kFnv1a64Basis = 1469598103934665603ull;  // FNV offset basis
std::uint64_t fnv1a64(const unsigned char* data, std::size_t n, std::uint64_t h = kFnv1a64Basis);

}  // namespace optim
