#pragma once
// Trace recorder: keeps every IterationRecord (and optionally the iterate x) and writes them as
// CSV or JSON. Columns: k,f,grad_norm,step_norm,lr,f_evals,g_evals,h_evals,time_s[,x0,x1,...].
// Records accumulate in vectors (amortised growth; call reserve(max_iter + 1) to make a run
// allocation-free).
#include <ostream>
#include <string>
#include <vector>

#include "optim/observer.hpp"

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
  void on_start(const IterationRecord<S>& first) override;  // clears a previous run
  // A resumed run's trace continues the saved rows (a checkpoint without them starts afresh).
  void save_state(StateWriter& w) const override;
  void load_state(StateReader& r) override;
  Status on_iteration(const IterationRecord<S>& rec) override;
  void on_finish(const Result<S>& result) override;

  const std::vector<TraceRow>& rows() const { return rows_; }
  bool records_x() const { return record_x_; }
  Index x_dim() const { return x_dim_; }
  // x of row i (row-major flat storage, x_dim() values per row); empty unless record_x.
  const std::vector<double>& xs() const { return xs_; }
  const std::string& status() const { return status_; }    // after on_finish
  const std::string& message() const { return message_; }  // after on_finish
  const std::string& method() const { return method_; }    // after on_finish

  void write_csv(std::ostream& os) const;
  // {"method", "status", "message", "columns": [...], "records": [{"k": .., ..., "x": [..]}]};
  // non-finite numbers become null (JSON has no NaN).
  void write_json(std::ostream& os) const;
  // Writes CSV or JSON by the extension of path (.csv / .json), atomically. Throws
  // std::invalid_argument for another extension, std::runtime_error when the file cannot be
  // written (no partial file is left).
  void write(const std::string& path) const;
  // Checks an output path's extension before a run (throws std::invalid_argument).
  static void check_path(const std::string& path);

 private:
  void add(const IterationRecord<S>& rec);

  bool record_x_;
  Index x_dim_ = 0;
  std::vector<TraceRow> rows_;
  std::vector<double> xs_;
  std::string status_, message_, method_;
  bool started_ = false;  // on_start seen in the current run
};

extern template class TraceRecorder<float>;
extern template class TraceRecorder<double>;

}  // namespace optim
