#pragma once
// Progress bar for long runs: "\r[#######.......]  45%  450/1000  f=1.234e-01  |g|=2.3e-03  1.2s".
// Renders only when the output is a terminal (isatty on the given file descriptor; a pipe or a
// file gets nothing, so logs stay clean) and at most every min_interval_s (default 0.1 s, ~10
// updates a second) of the run's clock, so it costs nothing measurable per iteration.
#include <ostream>

#include "optim/observer.hpp"

namespace optim {

struct ProgressBarOptions {
  int fd = 2;                   // descriptor that os writes to (2 = stderr), checked with isatty
  bool force = false;           // render even when fd is not a terminal (tests, --progress=always)
  double min_interval_s = 0.1;  // minimum run time between two renders
  int width = 30;               // bar characters
  // > 0: the run makes this many epochs (IterationRecord::epoch) and the line starts with the
  // epoch in progress, "epoch 3/10 [####....] ..." (training runs, nn/trainer.cpp).
  Index epochs = 0;
  void validate() const;  // throws std::invalid_argument
};

template <class S>
class ProgressBar final : public Observer<S> {
 public:
  bool uses_step_norm() const override { return false; }
  // max_iter: the iteration budget (the 100% mark); throws std::invalid_argument unless >= 1.
  ProgressBar(Index max_iter, std::ostream& os, ProgressBarOptions opts = {});

  bool enabled() const { return enabled_; }
  Index renders() const { return renders_; }

  void on_start(const IterationRecord<S>& first) override;
  Status on_iteration(const IterationRecord<S>& rec) override;
  void on_finish(const Result<S>& result) override;

 private:
  void render(Index k, double f, double gnorm, double time_s);

  Index max_iter_;
  std::ostream& os_;
  ProgressBarOptions opts_;
  bool enabled_;
  bool started_ = false;
  double last_render_ = 0;
  Index renders_ = 0;
  Index epoch_ = 1;  // epoch in progress, shown when opts_.epochs > 0
};

extern template class ProgressBar<float>;
extern template class ProgressBar<double>;

}  // namespace optim
