#include "optim/observers/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace optim {

void ProgressBarOptions::validate() const {
  if (!(min_interval_s >= 0) || !std::isfinite(min_interval_s)) {
    throw std::invalid_argument("ProgressBarOptions.min_interval_s = " +
                                std::to_string(min_interval_s) + " is invalid (allowed: >= 0)");
  }
  if (epochs < 0) {
    throw std::invalid_argument("ProgressBarOptions.epochs = " + std::to_string(epochs) +
                                " is invalid (allowed: >= 0)");
  }
  if (width < 1 || width > 100) {
    throw std::invalid_argument("ProgressBarOptions.width = " + std::to_string(width) +
                                " is invalid (allowed: 1..100)");
  }
}

template <class S>
ProgressBar<S>::ProgressBar(Index max_iter, std::ostream& os, ProgressBarOptions opts)
    : max_iter_(max_iter), os_(os), opts_(opts) {
  if (max_iter < 1) {
    throw std::invalid_argument("ProgressBar max_iter = " + std::to_string(max_iter) +
                                " is invalid (allowed: >= 1)");
  }
  opts_.validate();
  enabled_ = opts_.force || (opts_.fd >= 0 && ::isatty(opts_.fd) == 1);
}

template <class S>
void ProgressBar<S>::render(Index k, double f, double gnorm, double time_s) {
  const double frac = std::clamp(static_cast<double>(k) / static_cast<double>(max_iter_), 0.0, 1.0);
  const int filled = static_cast<int>(frac * opts_.width);
  char bar[104];
  for (int i = 0; i < opts_.width; ++i) bar[i] = i < filled ? '#' : '.';
  bar[opts_.width] = '\0';
  char buf[256], epoch[48] = "";
  if (opts_.epochs > 0) {
    std::snprintf(epoch, sizeof epoch, "epoch %lld/%lld ",
                  static_cast<long long>(std::min(epoch_, opts_.epochs)),
                  static_cast<long long>(opts_.epochs));
  }
  const int n = std::snprintf(buf, sizeof buf, "\r%s[%s] %3d%%  %lld/%lld  f=%.3e  |g|=%.2e  %.1fs",
                              epoch, bar, static_cast<int>(frac * 100.0), static_cast<long long>(k),
                              static_cast<long long>(max_iter_), f, gnorm, time_s);
  os_.write(buf, std::min<int>(n, static_cast<int>(sizeof buf) - 1));
  os_.flush();
  last_render_ = time_s;
  ++renders_;
}

template <class S>
void ProgressBar<S>::on_start(const IterationRecord<S>& first) {
  started_ = true;
  renders_ = 0;
  if (enabled_) render(first.k, first.f, first.grad_norm, first.time_s);
}

template <class S>
Status ProgressBar<S>::on_iteration(const IterationRecord<S>& rec) {
  epoch_ = rec.epoch_end ? rec.epoch : rec.epoch + 1;
  if (enabled_ && rec.time_s - last_render_ >= opts_.min_interval_s) {
    render(rec.k, rec.f, rec.grad_norm, rec.time_s);
  }
  return Status::Running;
}

template <class S>
void ProgressBar<S>::on_finish(const Result<S>& result) {
  if (enabled_ && started_) {
    // Final state (the 100% mark when the budget was spent), then leave the line.
    render(result.iterations, static_cast<double>(result.f), static_cast<double>(result.grad_norm),
           result.time_s);
    os_ << '\n';
    os_.flush();
  }
  started_ = false;
}

template class ProgressBar<float>;
template class ProgressBar<double>;

}  // namespace optim
