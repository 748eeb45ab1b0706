#include "optim/observers/trace_recorder.hpp"

#include <cmath>
#include <cstdio>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/observers/atomic_file.hpp"

namespace optim {
namespace {

const char* const kColumns[] = {"k",       "f",       "grad_norm", "step_norm", "lr",
                                "f_evals", "g_evals", "h_evals",   "time_s"};

// A CSV number: the shortest text that reads back as the same double.
void put_num(std::string& out, double v) {
  char buf[40];
  out.append(buf, static_cast<std::size_t>(format_double(v, buf)));
}

// JSON values through nlohmann (doubles print round-trip, strings are escaped). Key order is
// kept as written (ordered_json); invalid UTF-8 in a message is replaced, not thrown on.
using Json = nlohmann::ordered_json;

std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// JSON has no NaN or infinity: a non-finite value is null.
Json json_number(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

// The text before the first row: the CSV header line, or the JSON object up to its records.
void put_header(std::string& out, Index x_dim, bool json) {
  if (json) {
    // The object is written front to back (records streamed one per line, the outcome last):
    // only its frame is text here, every value is dumped by nlohmann.
    Json columns = Json::array();
    for (const char* c : kColumns) columns.push_back(c);
    if (x_dim > 0) columns.push_back("x");
    out += "{\"columns\": ";
    out += dump(columns);
    out += ",\n \"records\": [";
    return;
  }
  for (std::size_t c = 0; c < std::size(kColumns); ++c) {
    if (c) out += ',';
    out += kColumns[c];
  }
  for (Index i = 0; i < x_dim; ++i) out += ",x" + std::to_string(i);
  out += '\n';
}

// One row; `index` is its position (a JSON row after the first starts with a comma).
template <class T>
void put_row(std::string& out, const TraceRow& t, const T* x, Index x_dim, bool json, Index index) {
  char buf[24];
  auto put_count = [&](Index v) {
    out.append(buf, static_cast<std::size_t>(
                        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v))));
  };
  if (json) {
    Json row = {{"k", t.k},
                {"f", json_number(t.f)},
                {"grad_norm", json_number(t.grad_norm)},
                {"step_norm", json_number(t.step_norm)},
                {"lr", json_number(t.lr)},
                {"f_evals", t.f_evals},
                {"g_evals", t.g_evals},
                {"h_evals", t.h_evals},
                {"time_s", json_number(t.time_s)}};
    if (x_dim > 0) {
      Json xs = Json::array();
      for (Index i = 0; i < x_dim; ++i) xs.push_back(json_number(static_cast<double>(x[i])));
      row["x"] = std::move(xs);
    }
    out += index ? ",\n  " : "\n  ";
    out += dump(row);
    return;
  }
  put_count(t.k);
  for (const double v : {t.f, t.grad_norm, t.step_norm, t.lr}) {
    out += ',';
    put_num(out, v);
  }
  for (const Index c : {t.f_evals, t.g_evals, t.h_evals}) {
    out += ',';
    put_count(c);
  }
  out += ',';
  put_num(out, t.time_s);
  for (Index i = 0; i < x_dim; ++i) {
    out += ',';
    put_num(out, static_cast<double>(x[i]));
  }
  out += '\n';
}

// The text after the last row: the run's outcome closing the JSON object (nothing for CSV).
void put_footer(std::string& out, const std::string& method, const std::string& status,
                const std::string& message, bool json) {
  if (!json) return;
  const Json outcome = {{"method", method}, {"status", status}, {"message", message}};
  // "{...}" without its braces continues the object after the records.
  const std::string fields = dump(outcome);
  out += "\n ],\n ";
  out.append(fields, 1, fields.size() - 1);
  out += '\n';
}

template <class S>
TraceRow row_of(const IterationRecord<S>& rec) {
  return {rec.k,       rec.f,       rec.grad_norm, rec.step_norm, rec.lr,
          rec.evals.f, rec.evals.g, rec.evals.h,   rec.time_s,    rec.exact};
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

template <class S>
void TraceRecorder<S>::reserve(Index records) {
  rows_.reserve(static_cast<std::size_t>(records));
}

template <class S>
void TraceRecorder<S>::stream_to(const std::string& path) {
  check_path(path);
  stream_path_ = path;
}

template <class S>
void TraceRecorder<S>::add(const IterationRecord<S>& rec) {
  if (!stream_path_.empty()) {
    stream_row(rec);
    return;
  }
  rows_.push_back(row_of(rec));
  if (record_x_ && rec.x != nullptr) {
    if (x_dim_ == 0) {
      x_dim_ = rec.x->size();
      xs_.reserve(rows_.capacity() * static_cast<std::size_t>(x_dim_));
    }
    for (Index i = 0; i < x_dim_; ++i) xs_.push_back(static_cast<double>((*rec.x)[i]));
  }
}

template <class S>
void TraceRecorder<S>::open_stream() const {
  if (stream_->is_open()) return;
  stream_->create();
  stream_->append(pending_);
  pending_.clear();
}

template <class S>
void TraceRecorder<S>::stream_row(const IterationRecord<S>& rec) {
  const bool json = ends_with(stream_path_, ".json");
  row_.clear();
  const S* x = (x_dim_ > 0 && rec.x != nullptr) ? rec.x->data() : nullptr;
  put_row(row_, row_of(rec), x, x != nullptr ? x_dim_ : 0, json, streamed_rows_);
  ++streamed_rows_;
  open_stream();
  stream_->append(row_);
}

template <class S>
void TraceRecorder<S>::on_start(const IterationRecord<S>& first) {
  rows_.clear();
  xs_.clear();
  x_dim_ = 0;
  status_.clear();
  message_.clear();
  method_.clear();
  started_ = true;
  if (!stream_path_.empty()) {
    // Nothing is written yet: a resumed run's archive() continues the old file instead, a
    // fresh run writes the header and this first row when it writes the next.
    stream_ = std::make_unique<TraceStream>(stream_path_);
    x_dim_ = record_x_ && first.x != nullptr ? first.x->size() : 0;
    const bool json = ends_with(stream_path_, ".json");
    pending_.clear();
    put_header(pending_, x_dim_, json);
    put_row(pending_, row_of(first), x_dim_ > 0 ? first.x->data() : nullptr, x_dim_, json, 0);
    streamed_rows_ = 1;
    return;
  }
  add(first);
}

// In memory: rows as 10 doubles each (k, f, |g|, |step|, lr, f/g/h evaluations, time, exact):
// counts are far below 2^53, so doubles hold them exactly. Streamed: where the file ends (the
// rows are on disk, durable before the checkpoint that refers to them is written).
template <class S>
void TraceRecorder<S>::archive(StateArchive& a) {
  if (stream_) {
    if (!a.has("stream_offset")) return;  // saved without a streamed trace: start afresh
    TraceStream::Mark m{};
    if (a.saving()) {
      open_stream();
      m = stream_->sync();
    }
    auto offset = static_cast<std::int64_t>(m.offset);
    auto hash = static_cast<std::int64_t>(m.hash);  // the 64 bits, as stored
    Index rows = streamed_rows_, dim = x_dim_;
    a.scalar("stream_offset", offset);
    a.scalar("stream_hash", hash);
    a.scalar("stream_rows", rows);
    a.scalar("x_dim", dim);
    if (!a.loading()) return;
    if (offset < 0 || rows < 1 || dim != x_dim_)
      throw std::runtime_error("checkpoint trace position is inconsistent");
    stream_->resume(static_cast<std::uint64_t>(offset), static_cast<std::uint64_t>(hash));
    pending_.clear();  // the header and the resumed row are in the file already
    streamed_rows_ = rows;
    return;
  }
  if (!a.has("rows")) return;
  std::vector<double> flat, xs;
  if (a.saving()) {
    flat.reserve(rows_.size() * 10);
    for (const TraceRow& t : rows_) {
      for (double v : {double(t.k), t.f, t.grad_norm, t.step_norm, t.lr, double(t.f_evals),
                       double(t.g_evals), double(t.h_evals), t.time_s, t.exact ? 1.0 : 0.0})
        flat.push_back(v);
    }
  }
  Index dim = x_dim_;
  a.field("rows", flat);
  a.scalar("x_dim", dim);
  a.field("xs", a.saving() ? xs_ : xs);  // loaded aside: validated before it replaces xs_
  if (!a.loading()) return;
  const std::size_t n = flat.size() / 10;
  // dim is bounded by xs.size() first, so that n * dim cannot overflow.
  if (flat.size() % 10 != 0 || dim < 0 || static_cast<std::uint64_t>(dim) > xs.size() ||
      xs.size() != n * static_cast<std::size_t>(dim))
    throw std::runtime_error("checkpoint trace rows are inconsistent");
  if (record_x_ != (dim > 0)) return;  // recorded differently: keep the fresh trace
  std::vector<TraceRow> rows;
  rows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double* v = flat.data() + 10 * i;
    auto count = [](double c) { return static_cast<Index>(count_from_double(c, "trace row")); };
    rows.push_back({count(v[0]), v[1], v[2], v[3], v[4], count(v[5]), count(v[6]), count(v[7]),
                    v[8], v[9] != 0});
  }
  rows_ = std::move(rows);  // only once every row is valid: never half-loaded
  x_dim_ = dim;
  xs_ = std::move(xs);
}

template <class S>
Status TraceRecorder<S>::on_iteration(const IterationRecord<S>& rec) {
  add(rec);
  return Status::Running;
}

template <class S>
void TraceRecorder<S>::on_finish(const Result<S>& result) {
  // A run that fails at the start point (non-finite f): no records.
  if (!started_) {
    rows_.clear();
    xs_.clear();
    x_dim_ = 0;
    if (!stream_path_.empty()) {
      stream_ = std::make_unique<TraceStream>(stream_path_);
      pending_.clear();
      put_header(pending_, 0, ends_with(stream_path_, ".json"));
      streamed_rows_ = 0;
    }
  }
  started_ = false;
  status_ = std::string(to_string(result.status));
  message_ = result.message;
  method_ = result.method;
  if (stream_) {
    open_stream();
    std::string tail;
    put_footer(tail, method_, status_, message_, ends_with(stream_path_, ".json"));
    stream_->append(tail);
    stream_->finish();
    stream_.reset();
  }
}

template <class S>
void TraceRecorder<S>::write_csv(std::ostream& os) const {
  std::string text;
  put_header(text, x_dim_, false);
  os << text;
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    text.clear();
    put_row(text, rows_[r], xs_.data() + r * static_cast<std::size_t>(x_dim_), x_dim_, false,
            static_cast<Index>(r));
    os << text;
  }
}

template <class S>
void TraceRecorder<S>::write_json(std::ostream& os) const {
  std::string text;
  put_header(text, x_dim_, true);
  os << text;
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    text.clear();
    put_row(text, rows_[r], xs_.data() + r * static_cast<std::size_t>(x_dim_), x_dim_, true,
            static_cast<Index>(r));
    os << text;
  }
  text.clear();
  put_footer(text, method_, status_, message_, true);
  os << text;
}

template <class S>
void TraceRecorder<S>::check_path(const std::string& path) {
  if (!ends_with(path, ".csv") && !ends_with(path, ".json")) {
    throw std::invalid_argument("trace file '" + path +
                                "' must end in .csv or .json (the format is taken from it)");
  }
}

template <class S>
void TraceRecorder<S>::write(const std::string& path) const {
  check_path(path);
  const bool json = ends_with(path, ".json");
  write_file_atomically(path, [&](std::ostream& os) {
    if (json) {
      write_json(os);
    } else {
      write_csv(os);
    }
  });
}

template class TraceRecorder<float>;
template class TraceRecorder<double>;

}  // namespace optim
