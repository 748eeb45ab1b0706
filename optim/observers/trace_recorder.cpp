#include "optim/observers/trace_recorder.hpp"

#include <cmath>
#include <cstdio>
#include <iterator>
#include <stdexcept>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/observers/atomic_file.hpp"

namespace optim {
namespace {

const char* const kColumns[] = {"k",       "f",       "grad_norm", "step_norm", "lr",
                                "f_evals", "g_evals", "h_evals",   "time_s"};

void put_num(std::ostream& os, double v, bool json) {
  if (json && !std::isfinite(v)) {
    os << "null";
    return;
  }
  char buf[40];
  os.write(buf, format_double(v, buf));
}

void put_json_string(std::ostream& os, const std::string& s) {
  os << '"';
  for (const char c : s) {
    switch (c) {
      case '"':
        os << "\\\"";
        break;
      case '\\':
        os << "\\\\";
        break;
      case '\n':
        os << "\\n";
        break;
      case '\t':
        os << "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          os << buf;
        } else {
          os << c;
        }
    }
  }
  os << '"';
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
void TraceRecorder<S>::add(const IterationRecord<S>& rec) {
  TraceRow r;
  r.k = rec.k;
  r.f = rec.f;
  r.grad_norm = rec.grad_norm;
  r.step_norm = rec.step_norm;
  r.lr = rec.lr;
  r.f_evals = rec.evals.f;
  r.g_evals = rec.evals.g;
  r.h_evals = rec.evals.h;
  r.time_s = rec.time_s;
  r.exact = rec.exact;
  rows_.push_back(r);
  if (record_x_ && rec.x != nullptr) {
    if (x_dim_ == 0) {
      x_dim_ = rec.x->size();
      xs_.reserve(rows_.capacity() * static_cast<std::size_t>(x_dim_));
    }
    for (Index i = 0; i < x_dim_; ++i) xs_.push_back(static_cast<double>((*rec.x)[i]));
  }
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
  add(first);
}

// Rows as 10 doubles each (k, f, |g|, |step|, lr, f/g/h evaluations, time, exact): counts are
// far below 2^53, so doubles hold them exactly.
template <class S>
void TraceRecorder<S>::save_state(StateWriter& w) const {
  std::vector<double> flat;
  flat.reserve(rows_.size() * 10);
  for (const TraceRow& t : rows_) {
    for (double v : {double(t.k), t.f, t.grad_norm, t.step_norm, t.lr, double(t.f_evals),
                     double(t.g_evals), double(t.h_evals), t.time_s, t.exact ? 1.0 : 0.0})
      flat.push_back(v);
  }
  w.put_reals("rows", flat.data(), flat.size());
  w.put_int("x_dim", x_dim_);
  w.put_reals("xs", xs_.data(), xs_.size());
}

template <class S>
void TraceRecorder<S>::load_state(StateReader& r) {
  if (!r.has("rows")) return;
  const std::vector<double> flat = r.get_reals("rows");
  const std::int64_t dim = r.get_int("x_dim");
  std::vector<double> xs = r.get_reals("xs");
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
  x_dim_ = static_cast<Index>(dim);
  xs_ = std::move(xs);
}

template <class S>
Status TraceRecorder<S>::on_iteration(const IterationRecord<S>& rec) {
  add(rec);
  return Status::Running;
}

template <class S>
void TraceRecorder<S>::on_finish(const Result<S>& result) {
  // A run that fails at the start point (non-finite f) ends without on_start: no records.
  if (!started_) {
    rows_.clear();
    xs_.clear();
    x_dim_ = 0;
  }
  started_ = false;
  status_ = std::string(to_string(result.status));
  message_ = result.message;
  method_ = result.method;
}

template <class S>
void TraceRecorder<S>::write_csv(std::ostream& os) const {
  for (std::size_t c = 0; c < std::size(kColumns); ++c) os << (c ? "," : "") << kColumns[c];
  for (Index i = 0; i < x_dim_; ++i) os << ",x" << i;
  os << '\n';
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const TraceRow& t = rows_[r];
    os << t.k << ',';
    put_num(os, t.f, false);
    os << ',';
    put_num(os, t.grad_norm, false);
    os << ',';
    put_num(os, t.step_norm, false);
    os << ',';
    put_num(os, t.lr, false);
    os << ',' << t.f_evals << ',' << t.g_evals << ',' << t.h_evals << ',';
    put_num(os, t.time_s, false);
    for (Index i = 0; i < x_dim_; ++i) {
      os << ',';
      put_num(os, xs_[r * static_cast<std::size_t>(x_dim_) + static_cast<std::size_t>(i)], false);
    }
    os << '\n';
  }
}

template <class S>
void TraceRecorder<S>::write_json(std::ostream& os) const {
  os << "{\"method\": ";
  put_json_string(os, method_);
  os << ", \"status\": ";
  put_json_string(os, status_);
  os << ", \"message\": ";
  put_json_string(os, message_);
  os << ",\n \"columns\": [";
  for (std::size_t c = 0; c < std::size(kColumns); ++c)
    os << (c ? ", " : "") << '"' << kColumns[c] << '"';
  if (x_dim_ > 0) os << ", \"x\"";
  os << "],\n \"records\": [";
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const TraceRow& t = rows_[r];
    os << (r ? ",\n  " : "\n  ") << "{\"k\": " << t.k << ", \"f\": ";
    put_num(os, t.f, true);
    os << ", \"grad_norm\": ";
    put_num(os, t.grad_norm, true);
    os << ", \"step_norm\": ";
    put_num(os, t.step_norm, true);
    os << ", \"lr\": ";
    put_num(os, t.lr, true);
    os << ", \"f_evals\": " << t.f_evals << ", \"g_evals\": " << t.g_evals
       << ", \"h_evals\": " << t.h_evals << ", \"time_s\": ";
    put_num(os, t.time_s, true);
    if (x_dim_ > 0) {
      os << ", \"x\": [";
      for (Index i = 0; i < x_dim_; ++i) {
        if (i) os << ", ";
        put_num(os, xs_[r * static_cast<std::size_t>(x_dim_) + static_cast<std::size_t>(i)], true);
      }
      os << ']';
    }
    os << '}';
  }
  os << "\n ]}\n";
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
