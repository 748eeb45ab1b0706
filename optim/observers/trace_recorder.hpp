#pragma once
// Trace recorder: keeps every IterationRecord (and optionally the iterate x) and writes them as
// CSV or JSON. Columns: k,f,grad_norm,step_norm,lr,f_evals,g_evals,h_evals,time_s[,x0,x1,...].
// Records accumulate in vectors (amortised growth; call reserve(max_iter + 1) to make a run
// allocation-free), or, after stream_to(path), go to the file as they come (nothing is kept).
//
// JSON layout: {"columns": [...], "records": [{"k": .., ..., "x": [..]}, ...],
// "method": .., "status": .., "message": ..}: the run's outcome comes after the records, so a
// streamed trace is written front to back and a resumed one cuts only the closing part.
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "optim/observer.hpp"
#include "optim/observers/trace_stream.hpp"

namespace optim {

struct TraceRow {
  Index k = 0;
  double f = 0, grad_norm = 0, step_norm = 0, lr = 0;
  Index f_evals = 0, g_evals = 0, h_evals = 0;
  double time_s = 0;
  bool exact = true;
};

template <class S>
class TraceRecorder final : public Observer<S> {
 public:
  explicit TraceRecorder(bool record_x = false) : record_x_(record_x) {}

  void reserve(Index records);
  // Streams the rows of the next run to `path` (.csv / .json, check_path) as they come, through
  // TraceStream: "<path>.partial" while the run lasts, renamed to path when it ends (then write()
  // is not needed). A checkpoint then holds the file's byte offset, hash and row count, not the
  // rows, so its size does not grow with the iteration count; a resumed run cuts the file back
  // to that offset and appends, so its trace equals an uninterrupted run's.
  void stream_to(const std::string& path);
  void on_start(const IterationRecord<S>& first) override;  // clears a previous run
  // A resumed run's trace continues the saved rows (a checkpoint without them starts afresh);
  // a streamed one continues its file (std::invalid_argument when the file no longer holds
  // what the checkpoint recorded).
  void archive(StateArchive& a) override;
  Status on_iteration(const IterationRecord<S>& rec) override;
  void on_finish(const Result<S>& result) override;

  const std::vector<TraceRow>& rows() const { return rows_; }
  bool records_x() const { return record_x_; }
  Index x_dim() const { return x_dim_; }
  // x of row i (row-major flat storage, x_dim() values per row); empty unless record_x.
  const std::vector<double>& xs() const { return xs_; }
  // x of row i as a vector (a view into xs(); record_x only, i < rows().size()).
  Eigen::Map<const Vec<double>> x_of(std::size_t i) const {
    return Eigen::Map<const Vec<double>>(xs_.data() + i * static_cast<std::size_t>(x_dim_), x_dim_);
  }
  const std::string& status() const { return status_; }    // after on_finish
  const std::string& message() const { return message_; }  // after on_finish
  const std::string& method() const { return method_; }    // after on_finish

  void write_csv(std::ostream& os) const;
  // The JSON layout above; non-finite numbers become null (JSON has no NaN).
  void write_json(std::ostream& os) const;
  // Writes CSV or JSON by the extension of path (.csv / .json), atomically. Throws
  // std::invalid_argument for another extension, std::runtime_error when the file cannot be
  // written (no partial file is left).
  void write(const std::string& path) const;
  // Checks an output path's extension before a run (throws std::invalid_argument).
  static void check_path(const std::string& path);

 private:
  void add(const IterationRecord<S>& rec);
  void stream_row(const IterationRecord<S>& rec);
  void open_stream() const;  // a fresh file, with what on_start formatted

  bool record_x_;
  Index x_dim_ = 0;
  std::vector<TraceRow> rows_;
  std::vector<double> xs_;
  std::string status_, message_, method_;
  bool started_ = false;  // on_start seen in the current run
  // Streaming (stream_to): the file, opened at the first write (a resume reopens the old one
  // instead), the header and first row formatted by on_start until then, the rows written, a
  // reused row buffer. Mutable: archive() must make the rows durable before a checkpoint.
  std::string stream_path_;
  mutable std::unique_ptr<TraceStream> stream_;
  mutable std::string pending_;
  Index streamed_rows_ = 0;
  std::string row_;
};

extern template class TraceRecorder<float>;
extern template class TraceRecorder<double>;

}  // namespace optim
