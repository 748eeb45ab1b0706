#include "optim/first_order/warmup_schedule.hpp"

#include <stdexcept>

namespace optim {

WarmupSchedule::WarmupSchedule(std::unique_ptr<Schedule> inner, Index updates)
    : inner_(std::move(inner)), n_(updates) {
  if (!inner_) throw std::invalid_argument("warmup needs a schedule to run after it");
  require_at_least("warmup", static_cast<double>(updates), 1.0);
}

std::unique_ptr<Schedule> WarmupSchedule::clone() const {
  return std::make_unique<WarmupSchedule>(inner_->clone(), n_);
}

double WarmupSchedule::rate(Index k, double eta0) {
  last_k_ = k;
  if (k < n_) return eta0 * static_cast<double>(k + 1) / static_cast<double>(n_);
  return inner_->rate(k - n_, eta0);
}

void WarmupSchedule::observe(double f) {
  // The loop observes f after update last_k_; a warmup update's f is not the inner schedule's.
  if (last_k_ >= n_) inner_->observe(f);
}

void WarmupSchedule::archive(StateArchive& a) {
  inner_->archive(a);
}

}  // namespace optim
