#include "optim/checkpoint/state_archive.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace optim {
namespace {

// Entry layout (all integers little-endian, so files do not depend on the host):
//   u8 type | u32 name length | name bytes | value
// value: kInt, kReal -> 8 bytes; kReals, kInts -> u64 count + 8 bytes each; kText -> u64 length +
// bytes.
enum : unsigned char { kInt = 1, kReal = 2, kReals = 3, kInts = 4, kText = 5 };
constexpr std::size_t kMaxName = 1024;

const char* type_name(unsigned char t) {
  switch (t) {
    case kInt:
      return "an integer";
    case kReal:
      return "a real";
    case kReals:
      return "a real array";
    case kInts:
      return "an integer array";
    case kText:
      return "text";
  }
  return "unknown";
}

void put_u64(std::vector<unsigned char>& b, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<unsigned char>(v >> (8 * i)));
}
std::uint64_t get_u64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}
std::uint64_t bits(double d) {
  std::uint64_t v;
  std::memcpy(&v, &d, 8);
  return v;
}
double from_bits(std::uint64_t v) {
  double d;
  std::memcpy(&d, &v, 8);
  return d;
}

}  // namespace

std::uint64_t fnv1a64(const unsigned char* data, std::size_t n, std::uint64_t h) {
  for (std::size_t i = 0; i < n; ++i) {
    h ^= data[i];
    h *= 1099511628211ull;  // FNV prime
  }
  return h;
}

std::int64_t count_from_double(double v, const char* what) {
  if (!(v >= 0 && v <= 9007199254740992.0) || v != std::floor(v))
    throw std::runtime_error(std::string("checkpoint holds an invalid ") + what);
  return static_cast<std::int64_t>(v);
}

// ---- writer ----

void StateWriter::push(std::string_view scope) {
  marks_.push_back(prefix_.size());
  prefix_.append(scope).push_back('.');
}
void StateWriter::pop() {
  if (marks_.empty()) throw std::logic_error("StateWriter::pop without push");
  prefix_.resize(marks_.back());
  marks_.pop_back();
}

void StateWriter::header(unsigned char type, std::string_view name) {
  const std::size_t len = prefix_.size() + name.size();
  if (name.empty() || len > kMaxName) {
    throw std::invalid_argument("state entry name '" + prefix_ + std::string(name) +
                                "' is empty or longer than 1024 bytes");
  }
  buf_.push_back(type);
  for (int i = 0; i < 4; ++i) buf_.push_back(static_cast<unsigned char>(len >> (8 * i)));
  buf_.insert(buf_.end(), prefix_.begin(), prefix_.end());
  buf_.insert(buf_.end(), name.begin(), name.end());
}

void StateWriter::put_int(std::string_view name, std::int64_t v) {
  header(kInt, name);
  put_u64(buf_, static_cast<std::uint64_t>(v));
}
void StateWriter::put_real(std::string_view name, double v) {
  header(kReal, name);
  put_u64(buf_, bits(v));
}
void StateWriter::put_text(std::string_view name, std::string_view v) {
  header(kText, name);
  put_u64(buf_, v.size());
  buf_.insert(buf_.end(), v.begin(), v.end());
}
void StateWriter::put_reals(std::string_view name, const double* data, std::size_t n) {
  header(kReals, name);
  put_u64(buf_, n);
  for (std::size_t i = 0; i < n; ++i) put_u64(buf_, bits(data[i]));
}
void StateWriter::put_ints(std::string_view name, const std::int64_t* data, std::size_t n) {
  header(kInts, name);
  put_u64(buf_, n);
  for (std::size_t i = 0; i < n; ++i) put_u64(buf_, static_cast<std::uint64_t>(data[i]));
}
template <class S>
void StateWriter::put_vec(std::string_view name, const Vec<S>& v) {
  header(kReals, name);
  put_u64(buf_, static_cast<std::uint64_t>(v.size()));
  for (Index i = 0; i < v.size(); ++i) put_u64(buf_, bits(static_cast<double>(v[i])));
}

template <class S>
void StateWriter::put_mat(std::string_view name, const Mat<S>& m) {
  header(kReals, name);
  put_u64(buf_, static_cast<std::uint64_t>(m.size()));
  for (Index i = 0; i < m.size(); ++i) put_u64(buf_, bits(static_cast<double>(m.data()[i])));
}

// ---- reader ----

StateReader::StateReader(std::string_view payload) : data_(payload) {
  const std::size_t end = data_.size();
  std::size_t pos = 0;
  auto fail = [&](std::size_t at, const std::string& what) {
    throw std::runtime_error("malformed state entry at byte " + std::to_string(at) + ": " + what);
  };
  while (pos < end) {
    const std::size_t start = pos;
    if (end - pos < 5) fail(start, "entry header is truncated");
    const auto type = static_cast<unsigned char>(data_[pos]);
    if (type < kInt || type > kText) fail(start, "unknown entry type " + std::to_string(type));
    std::size_t len = 0;
    for (int i = 0; i < 4; ++i)
      len |= std::size_t(static_cast<unsigned char>(data_[pos + 1 + size_t(i)])) << (8 * i);
    pos += 5;
    if (len == 0 || len > kMaxName) fail(start, "name length " + std::to_string(len));
    if (end - pos < len) fail(start, "name runs past the end");
    std::string name = data_.substr(pos, len);
    pos += len;
    Entry e;
    e.type = type;
    if (type == kInt || type == kReal) {
      if (end - pos < 8) fail(start, "value of '" + name + "' is truncated");
      e.offset = pos;
      e.count = 1;
      pos += 8;
    } else {
      if (end - pos < 8) fail(start, "length of '" + name + "' is truncated");
      const std::uint64_t n = get_u64(data_.data() + pos);
      pos += 8;
      const std::uint64_t width = type == kText ? 1 : 8;
      if (n > (end - pos) / width) fail(start, "'" + name + "' runs past the end");
      e.offset = pos;
      e.count = static_cast<std::size_t>(n);
      pos += static_cast<std::size_t>(n * width);
    }
    if (!entries_.emplace(name, e).second) fail(start, "duplicate entry '" + name + "'");
  }
}

void StateReader::push(std::string_view scope) {
  marks_.push_back(prefix_.size());
  prefix_.append(scope).push_back('.');
}
void StateReader::pop() {
  if (marks_.empty()) throw std::logic_error("StateReader::pop without push");
  prefix_.resize(marks_.back());
  marks_.pop_back();
}

std::string StateReader::full(std::string_view name) const {
  return prefix_ + std::string(name);
}

bool StateReader::has(std::string_view name) const {
  return entries_.count(full(name)) > 0;
}

const StateReader::Entry& StateReader::find(std::string_view name, unsigned char type) const {
  const std::string key = full(name);
  auto it = entries_.find(key);
  if (it == entries_.end()) throw std::runtime_error("checkpoint lacks the field '" + key + "'");
  if (it->second.type != type) {
    throw std::runtime_error("checkpoint field '" + key + "' is " + type_name(it->second.type) +
                             ", expected " + type_name(type));
  }
  return it->second;
}

std::int64_t StateReader::get_int(std::string_view name) const {
  return static_cast<std::int64_t>(get_u64(data_.data() + find(name, kInt).offset));
}
double StateReader::get_real(std::string_view name) const {
  return from_bits(get_u64(data_.data() + find(name, kReal).offset));
}
std::string StateReader::get_text(std::string_view name) const {
  const Entry& e = find(name, kText);
  return data_.substr(e.offset, e.count);
}
std::vector<double> StateReader::get_reals(std::string_view name) const {
  const Entry& e = find(name, kReals);
  std::vector<double> out(e.count);
  for (std::size_t i = 0; i < e.count; ++i)
    out[i] = from_bits(get_u64(data_.data() + e.offset + 8 * i));
  return out;
}
std::vector<std::int64_t> StateReader::get_ints(std::string_view name) const {
  const Entry& e = find(name, kInts);
  std::vector<std::int64_t> out(e.count);
  for (std::size_t i = 0; i < e.count; ++i)
    out[i] = static_cast<std::int64_t>(get_u64(data_.data() + e.offset + 8 * i));
  return out;
}
template <class S>
void StateReader::get_vec(std::string_view name, Vec<S>& v) const {
  const Entry& e = find(name, kReals);
  if (e.count != static_cast<std::size_t>(v.size())) {
    throw std::runtime_error("checkpoint field '" + full(name) + "' has " +
                             std::to_string(e.count) + " values, this run expects " +
                             std::to_string(v.size()));
  }
  for (Index i = 0; i < v.size(); ++i)
    v[i] = static_cast<S>(from_bits(get_u64(data_.data() + e.offset + 8 * size_t(i))));
}

template <class S>
void StateReader::get_mat(std::string_view name, Mat<S>& m) const {
  Eigen::Map<Vec<S>> flat(m.data(), m.size());
  Vec<S> tmp(m.size());
  get_vec(name, tmp);  // checks the length before anything is overwritten
  flat = tmp;
}

// ---- one description, both directions ----

void StateArchive::push(std::string_view scope) {
  if (writer_) writer_->push(scope);
  if (reader_) reader_->push(scope);
}
void StateArchive::pop() {
  if (writer_) writer_->pop();
  if (reader_) reader_->pop();
}

void StateArchive::integer(std::string_view name, std::int64_t& v) {
  if (writer_) writer_->put_int(name, v);
  if (reader_) v = reader_->get_int(name);
}
void StateArchive::real(std::string_view name, double& v) {
  if (writer_) writer_->put_real(name, v);
  if (reader_) v = reader_->get_real(name);
}
void StateArchive::scalar(std::string_view name, bool& v) {
  std::int64_t i = v ? 1 : 0;
  integer(name, i);
  if (reader_) v = i != 0;
}

template <class S>
void StateArchive::field(std::string_view name, Vec<S>& v, Extent extent) {
  if (writer_) writer_->put_vec(name, v);
  if (!reader_) return;
  if (extent == Extent::Fixed) {
    reader_->get_vec(name, v);
    return;
  }
  const std::vector<double> stored = reader_->get_reals(name);
  v.resize(static_cast<Index>(stored.size()));
  for (Index i = 0; i < v.size(); ++i) v[i] = static_cast<S>(stored[static_cast<size_t>(i)]);
}
template <class S>
void StateArchive::field(std::string_view name, Mat<S>& m) {
  if (writer_) writer_->put_mat(name, m);
  if (reader_) reader_->get_mat(name, m);
}
void StateArchive::field(std::string_view name, std::string& text) {
  if (writer_) writer_->put_text(name, text);
  if (reader_) text = reader_->get_text(name);
}
void StateArchive::field(std::string_view name, std::vector<double>& v) {
  if (writer_) writer_->put_reals(name, v.data(), v.size());
  if (reader_) v = reader_->get_reals(name);
}
void StateArchive::field(std::string_view name, std::vector<std::int64_t>& v) {
  if (writer_) writer_->put_ints(name, v.data(), v.size());
  if (reader_) v = reader_->get_ints(name);
}

bool StateArchive::has(std::string_view name) const {
  return reader_ == nullptr || reader_->has(name);
}

void StateArchive::unsupported() {
  supported_ = false;
  if (writer_ || reader_) throw std::invalid_argument("does not support checkpoints");
}

template void StateArchive::field<float>(std::string_view, Vec<float>&, Extent);
template void StateArchive::field<double>(std::string_view, Vec<double>&, Extent);
template void StateArchive::field<float>(std::string_view, Mat<float>&);
template void StateArchive::field<double>(std::string_view, Mat<double>&);
template void StateWriter::put_mat<float>(std::string_view, const Mat<float>&);
template void StateWriter::put_mat<double>(std::string_view, const Mat<double>&);
template void StateReader::get_mat<float>(std::string_view, Mat<float>&) const;
template void StateReader::get_mat<double>(std::string_view, Mat<double>&) const;
template void StateWriter::put_vec<float>(std::string_view, const Vec<float>&);
template void StateWriter::put_vec<double>(std::string_view, const Vec<double>&);
template void StateReader::get_vec<float>(std::string_view, Vec<float>&) const;
template void StateReader::get_vec<double>(std::string_view, Vec<double>&) const;

}  // namespace optim
