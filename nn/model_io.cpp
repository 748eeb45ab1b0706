#include "nn/model_io.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "io/input_file.hpp"
#include "optim/observers/atomic_file.hpp"

namespace optim::nn {
namespace {

constexpr char kMagic[8] = {'O', 'P', 'T', 'I', 'M', 'N', 'N', '\0'};
constexpr std::uint32_t kVersion = 3;        // newest written (ensembles; single networks: 2)
constexpr std::uint32_t kOldestVersion = 1;  // still read
constexpr std::size_t kHeader = 20;          // magic, version, payload length

// Little-endian writers/readers (the format does not depend on the host's byte order).
struct Writer {
  std::vector<unsigned char> buf;
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) buf.push_back(static_cast<unsigned char>(v >> (8 * i)));
  }
  void f64(double d) {
    std::uint64_t v;
    std::memcpy(&v, &d, 8);
    u64(v);
  }
  void str(const std::string& s) {
    u64(s.size());
    buf.insert(buf.end(), s.begin(), s.end());
  }
  void strs(const std::vector<std::string>& v) {
    u64(v.size());
    for (const auto& s : v) str(s);
  }
  void f64s(const std::vector<double>& v) {
    u64(v.size());
    for (double d : v) f64(d);
  }
};

struct Reader {
  const unsigned char* buf;
  std::size_t pos;
  std::size_t end;
  const std::string& path;
  void need(std::size_t n) const {
    if (end - pos < n)
      throw std::invalid_argument("model file '" + path + "' is truncated (payload ends early)");
  }
  std::uint64_t u64() {
    need(8);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t(buf[pos + size_t(i)]) << (8 * i);
    pos += 8;
    return v;
  }
  double f64() {
    const std::uint64_t v = u64();
    double d;
    std::memcpy(&d, &v, 8);
    return d;
  }
  std::string str() {
    const std::uint64_t n = u64();
    need(n);
    std::string s(buf + pos, buf + pos + n);
    pos += n;
    return s;
  }
  // A count of items of at least `min_bytes` each, checked against what is left before any loop
  // or allocation uses it.
  std::uint64_t count(std::size_t min_bytes) {
    const std::uint64_t n = u64();
    if (n > (end - pos) / min_bytes) need(end - pos + 1);  // throws "truncated"
    return n;
  }
  std::vector<std::string> strs() {
    std::vector<std::string> v(static_cast<std::size_t>(count(8)));
    for (auto& s : v) s = str();
    return v;
  }
  std::vector<double> f64s() {
    std::vector<double> v(static_cast<std::size_t>(count(8)));
    for (auto& d : v) d = f64();
    return v;
  }
};

void write_schema(Writer& p, const DataSchema& s) {
  p.str(s.kind);
  p.str(s.task);
  p.u64(s.features.size());
  for (const auto& f : s.features) {
    p.str(f.name);
    p.strs(f.levels);
  }
  p.u64(static_cast<std::uint64_t>(s.pixels));
  p.strs(s.targets);
  p.strs(s.classes);
  p.f64s(s.target_shift);
  p.f64s(s.target_scale);
}

DataSchema read_schema(Reader& r) {
  DataSchema s;
  s.kind = r.str();
  s.task = r.str();
  s.features.resize(static_cast<std::size_t>(r.count(16)));
  for (auto& f : s.features) {
    f.name = r.str();
    f.levels = r.strs();
  }
  s.pixels = static_cast<Index>(r.u64());
  s.targets = r.strs();
  s.classes = r.strs();
  s.target_shift = r.f64s();
  s.target_scale = r.f64s();
  return s;
}

}  // namespace

namespace {

template <class S>
void write_model(const std::string& path, const NetworkSpec& spec,
                 const std::vector<const Vec<S>*>& members, const Scaler& scaler,
                 const std::string& data_name, const DataSchema& schema) {
  Network<double> check(spec);  // validates the spec
  for (const Vec<S>* m : members) {
    if (m->size() != check.num_params()) {
      throw std::invalid_argument("save_model: " + std::to_string(m->size()) +
                                  " parameters for a network of " +
                                  std::to_string(check.num_params()));
    }
  }
  const Vec<S>& params = *members.front();
  Writer p;
  p.u64(spec.layers.size());
  for (Index w : spec.layers) p.u64(static_cast<std::uint64_t>(w));
  p.str(to_string(spec.hidden));
  p.str(to_string(spec.loss));
  p.str(to_string(spec.init));
  p.f64(spec.act_param());
  p.f64(spec.bias_init);
  p.u64(scaler.shift.size());
  for (size_t i = 0; i < scaler.shift.size(); ++i) {
    p.f64(scaler.shift[i]);
    p.f64(scaler.scale[i]);
  }
  p.str(data_name);
  p.u64(static_cast<std::uint64_t>(params.size()));
  for (Index i = 0; i < params.size(); ++i) p.f64(static_cast<double>(params[i]));
  write_schema(p, schema);
  const std::uint32_t version = members.size() > 1 ? 3 : 2;
  if (version == 3) {
    p.u64(members.size());
    for (std::size_t k = 1; k < members.size(); ++k)
      for (Index i = 0; i < members[k]->size(); ++i) p.f64(static_cast<double>((*members[k])[i]));
  }

  // magic, version, payload length | payload | checksum of the payload
  Writer head, tail;
  for (const char c : kMagic) head.buf.push_back(static_cast<unsigned char>(c));
  for (int i = 0; i < 4; ++i) head.buf.push_back(static_cast<unsigned char>(version >> (8 * i)));
  head.u64(p.buf.size());
  tail.u64(fnv1a64(p.buf.data(), p.buf.size()));
  // Atomically, like checkpoints: a failed save keeps the previous model file whole.
  write_file_atomically(path, [&](std::ostream& out) {
    for (const Writer* w : {&head, &p, &tail})
      out.write(reinterpret_cast<const char*>(w->buf.data()), std::streamsize(w->buf.size()));
  });
}

}  // namespace

template <class S>
void save_model(const std::string& path, const NetworkSpec& spec, const Vec<S>& params,
                const Scaler& scaler, const std::string& data_name, const DataSchema& schema) {
  write_model<S>(path, spec, {&params}, scaler, data_name, schema);
}

template <class S>
void save_ensemble(const std::string& path, const NetworkSpec& spec,
                   const std::vector<Vec<S>>& members, const Scaler& scaler,
                   const std::string& data_name, const DataSchema& schema) {
  if (members.size() < 2)
    throw std::invalid_argument("save_ensemble: an ensemble needs >= 2 members, got " +
                                std::to_string(members.size()));
  std::vector<const Vec<S>*> ptrs;
  for (const Vec<S>& m : members) ptrs.push_back(&m);
  write_model<S>(path, spec, ptrs, scaler, data_name, schema);
}

namespace {

// Checks the 20-byte header (magic, version, payload length) of a file of `total` bytes whose
// first `have` (>= 20 unless total < 20) are at b, and returns the payload length (and the
// version). The length is compared with the file's size here, before anything is read or
// allocated for the payload.
std::uint64_t check_header(const unsigned char* b, std::size_t have, std::uint64_t total,
                           const std::string& path, std::uint32_t* version_out = nullptr) {
  if (total < kHeader || have < kHeader || std::memcmp(b, kMagic, 8) != 0)
    throw std::invalid_argument("'" + path + "' is not an optim model file (bad magic)");
  std::uint32_t version = 0;
  for (int i = 0; i < 4; ++i) version |= std::uint32_t(b[8 + size_t(i)]) << (8 * i);
  if (version < kOldestVersion || version > kVersion) {
    throw std::invalid_argument("model file '" + path + "' has format version " +
                                std::to_string(version) + "; this build reads versions " +
                                std::to_string(kOldestVersion) + " to " + std::to_string(kVersion) +
                                (version > kVersion ? " (it was written by a newer optim)" : ""));
  }
  if (version_out != nullptr) *version_out = version;
  Reader hdr{b, 12, have, path};
  const std::uint64_t len = hdr.u64();
  // Compared without forming len + 8: for a corrupt length near 2^64 that sum wraps, the old
  // check passed and the checksum was read out of bounds (test_model_io_bytes.cpp).
  if (total - kHeader < 8 || len > total - kHeader - 8)
    throw std::invalid_argument("model file '" + path + "' is truncated");
  return len;
}

}  // namespace

Model load_model(const std::string& path) {
  // Header first, then exactly the payload and checksum it declares (io::InputFile refuses a
  // directory, device or fifo, and bounds every read by the file's size).
  io::InputFile file(path, "model file");
  std::string bytes;
  file.read_exact(bytes, std::min<std::uint64_t>(file.remaining(), kHeader), "header");
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::uint64_t len = check_header(b, bytes.size(), file.size(), path);
  file.read_exact(bytes, len + 8, "payload");
  return parse_model(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), path);
}

Model parse_model(const unsigned char* bytes, std::size_t size, const std::string& path) {
  const unsigned char* const b = bytes;
  std::uint32_t version = 0;
  const std::uint64_t len = check_header(b, size, size, path, &version);
  Reader tail{b, 20 + len, size, path};
  if (tail.u64() != fnv1a64(b + 20, len))
    throw std::invalid_argument("model file '" + path + "' is corrupt (checksum mismatch)");
  Reader r{b, 20, 20 + len, path};
  Model m;
  const std::uint64_t nl = r.u64();
  if (nl > 1000)
    throw std::invalid_argument("model file '" + path + "' declares " + std::to_string(nl) +
                                " layers");
  for (std::uint64_t i = 0; i < nl; ++i) m.spec.layers.push_back(static_cast<Index>(r.u64()));
  m.spec.hidden = parse_activation(r.str());
  m.spec.loss = parse_loss(r.str());
  m.spec.init = parse_init(r.str());
  m.spec.activation_param = r.f64();
  m.spec.bias_init = r.f64();
  const std::uint64_t ns = r.u64();
  for (std::uint64_t i = 0; i < ns; ++i) {
    m.scaler.shift.push_back(r.f64());
    m.scaler.scale.push_back(r.f64());
  }
  m.data = r.str();
  const std::uint64_t np = r.u64();
  Network<double> check(m.spec);
  if (np != static_cast<std::uint64_t>(check.num_params())) {
    throw std::invalid_argument("model file '" + path + "' holds " + std::to_string(np) +
                                " parameters but its network needs " +
                                std::to_string(check.num_params()));
  }
  // The parameters must be in the payload before anything is allocated for them: a corrupt
  // header could otherwise ask for terabytes.
  if (np > (r.end - r.pos) / 8)
    throw std::invalid_argument("model file '" + path + "' is truncated (payload ends early)");
  m.params.resize(static_cast<Index>(np));
  for (std::uint64_t i = 0; i < np; ++i) m.params[static_cast<Index>(i)] = r.f64();
  if (version >= 2) m.schema = read_schema(r);
  if (version >= 3) {
    const std::uint64_t k = r.u64();
    // Each further member's parameters must be in the payload before anything is allocated.
    if (k < 2 || k > 1000 || (k - 1) > (r.end - r.pos) / 8 / std::max<std::uint64_t>(np, 1)) {
      throw std::invalid_argument("model file '" + path + "' declares an ensemble of " +
                                  std::to_string(k) + " members that its payload does not hold");
    }
    m.members.push_back(m.params);
    for (std::uint64_t e = 1; e < k; ++e) {
      Vec<double> v(static_cast<Index>(np));
      for (std::uint64_t i = 0; i < np; ++i) v[static_cast<Index>(i)] = r.f64();
      m.members.push_back(std::move(v));
    }
  }
  if (!m.schema.empty() && m.schema.inputs() != m.spec.layers.front()) {
    throw std::invalid_argument(
        "model file '" + path + "' reads " + std::to_string(m.schema.inputs()) +
        " inputs from its data but its network takes " + std::to_string(m.spec.layers.front()));
  }
  return m;
}

template void save_model<float>(const std::string&, const NetworkSpec&, const Vec<float>&,
                                const Scaler&, const std::string&, const DataSchema&);
template void save_model<double>(const std::string&, const NetworkSpec&, const Vec<double>&,
                                 const Scaler&, const std::string&, const DataSchema&);
template void save_ensemble<float>(const std::string&, const NetworkSpec&,
                                   const std::vector<Vec<float>>&, const Scaler&,
                                   const std::string&, const DataSchema&);
template void save_ensemble<double>(const std::string&, const NetworkSpec&,
                                    const std::vector<Vec<double>>&, const Scaler&,
                                    const std::string&, const DataSchema&);

}  // namespace optim::nn
