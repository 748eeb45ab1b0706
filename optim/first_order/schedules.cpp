#include "optim/first_order/schedules.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "optim/checkpoint/state_archive.hpp"

namespace optim {
namespace {
void require_decay_factor(const std::string& field, double v) {
  if (!(v > 0 && v <= 1)) throw_out_of_range(field, v, "in (0, 1]");
}
}  // namespace

LinearSchedule::LinearSchedule(Index tau, std::optional<double> lr_final)
    : tau_(tau), lr_final_(lr_final) {
  require_at_least("tau", static_cast<double>(tau), 1.0);
  if (lr_final_) {
    require_at_least("lr_final", *lr_final_, 0.0);
    if (!std::isfinite(*lr_final_)) throw_out_of_range("lr_final", *lr_final_, "finite");
  }
}
std::unique_ptr<Schedule> LinearSchedule::clone() const {
  return std::make_unique<LinearSchedule>(*this);
}
double LinearSchedule::rate(Index k, double eta0) {
  const double eta_tau = lr_final_ ? *lr_final_ : eta0 / 100.0;
  if (k >= tau_) return eta_tau;  // held at eta_tau after tau
  const double r = static_cast<double>(k) / static_cast<double>(tau_);
  return (1.0 - r) * eta0 + r * eta_tau;  // seed 000 Prop. 3.2 (a)
}

QuadraticSchedule::QuadraticSchedule(Index tau, std::optional<double> lr_final)
    : tau_(tau), lr_final_(lr_final) {
  require_at_least("tau", static_cast<double>(tau), 1.0);
  if (lr_final_) {
    require_at_least("lr_final", *lr_final_, 0.0);
    if (!std::isfinite(*lr_final_)) throw_out_of_range("lr_final", *lr_final_, "finite");
  }
}
std::unique_ptr<Schedule> QuadraticSchedule::clone() const {
  return std::make_unique<QuadraticSchedule>(*this);
}
double QuadraticSchedule::rate(Index k, double eta0) {
  const double eta_tau = lr_final_ ? *lr_final_ : eta0 / 100.0;
  if (k >= tau_) return eta_tau;
  const double left = 1.0 - static_cast<double>(k) / static_cast<double>(tau_);
  return eta_tau + (eta0 - eta_tau) * left * left;  // seed 004 sec. 4.7
}

StepDecaySchedule::StepDecaySchedule(Index step_every, double gamma)
    : every_(step_every), gamma_(gamma) {
  require_at_least("step_every", static_cast<double>(step_every), 1.0);
  require_decay_factor("gamma", gamma);
}
std::unique_ptr<Schedule> StepDecaySchedule::clone() const {
  return std::make_unique<StepDecaySchedule>(*this);
}
double StepDecaySchedule::rate(Index k, double eta0) {
  // Floor division on purpose: the rate drops once per completed block of every_ steps.
  // NOLINTNEXTLINE(bugprone-integer-division)
  return eta0 * std::pow(gamma_, static_cast<double>(k / every_));
}

ExponentialSchedule::ExponentialSchedule(double gamma) : gamma_(gamma) {
  require_decay_factor("gamma", gamma);
}
std::unique_ptr<Schedule> ExponentialSchedule::clone() const {
  return std::make_unique<ExponentialSchedule>(*this);
}
double ExponentialSchedule::rate(Index k, double eta0) {
  return eta0 * std::pow(gamma_, static_cast<double>(k));
}

InverseTimeSchedule::InverseTimeSchedule(double t0, double power) : t0_(t0), power_(power) {
  require_positive("t0", t0);
  if (!(power > 0.5 && power <= 1.0)) {
    throw_out_of_range("power", power,
                       "in (0.5, 1] (Robbins-Monro: sum eta = inf and sum eta^2 < inf)");
  }
}
std::unique_ptr<Schedule> InverseTimeSchedule::clone() const {
  return std::make_unique<InverseTimeSchedule>(*this);
}
double InverseTimeSchedule::rate(Index k, double eta0) {
  return eta0 / std::pow(1.0 + static_cast<double>(k) / t0_, power_);
}

CosineRestartsSchedule::CosineRestartsSchedule(Index period, Index period_mult, double lr_min)
    : period_(period), mult_(period_mult), lr_min_(lr_min) {
  require_at_least("restart_period", static_cast<double>(period), 1.0);
  require_at_least("restart_mult", static_cast<double>(period_mult), 1.0);
  require_at_least("lr_min", lr_min, 0.0);
}
std::unique_ptr<Schedule> CosineRestartsSchedule::clone() const {
  return std::make_unique<CosineRestartsSchedule>(*this);
}
double CosineRestartsSchedule::rate(Index k, double eta0) {
  // Walk the periods T_0, T_0 T_mult, ... to find the one holding update k (O(log k) for
  // T_mult >= 2; a modulo for T_mult = 1).
  Index t_cur = k, t_i = period_;
  if (mult_ == 1) {
    t_cur = k % period_;
  } else {
    while (t_cur >= t_i) {
      t_cur -= t_i;
      t_i *= mult_;
    }
  }
  const double c =
      std::cos(std::numbers::pi * static_cast<double>(t_cur) / static_cast<double>(t_i));
  return lr_min_ + (eta0 - lr_min_) * (1.0 + c) / 2.0;
}

ReduceOnPlateauSchedule::ReduceOnPlateauSchedule(double factor, Index patience, double threshold,
                                                 double lr_min)
    : factor_(factor),
      patience_(patience),
      threshold_(threshold),
      lr_min_(lr_min),
      best_(std::numeric_limits<double>::infinity()) {
  require_in_open_unit_interval("factor", factor);
  require_at_least("plateau_patience", static_cast<double>(patience), 0.0);
  require_at_least("threshold", threshold, 0.0);
  require_at_least("lr_min", lr_min, 0.0);
}
std::unique_ptr<Schedule> ReduceOnPlateauSchedule::clone() const {
  return std::make_unique<ReduceOnPlateauSchedule>(factor_, patience_, threshold_, lr_min_);
}
double ReduceOnPlateauSchedule::rate(Index, double eta0) {
  return std::max(scale_ * eta0, std::min(lr_min_, eta0));
}
void ReduceOnPlateauSchedule::archive(StateArchive& a) {
  a.scalar("scale", scale_);
  a.scalar("best", best_);
  a.scalar("bad", bad_);
}
void ReduceOnPlateauSchedule::observe(double f) {
  if (!std::isfinite(f)) return;
  // Improvement: f < best - threshold |best| (torch's relative "min" mode).
  if (f < best_ - threshold_ * std::abs(best_) || !std::isfinite(best_)) {
    best_ = f;
    bad_ = 0;
    return;
  }
  if (++bad_ > patience_) {
    scale_ *= factor_;
    bad_ = 0;
  }
}

}  // namespace optim
