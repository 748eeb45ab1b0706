#include "optim/observers/early_stopping.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "optim/checkpoint/state_archive.hpp"

namespace optim {

void EarlyStoppingOptions::validate() const {
  if (patience < 1) {
    throw std::invalid_argument("EarlyStoppingOptions.patience = " + std::to_string(patience) +
                                " is invalid (allowed: >= 1)");
  }
  if (!(min_delta >= 0) || !std::isfinite(min_delta)) {
    throw std::invalid_argument("EarlyStoppingOptions.min_delta = " + std::to_string(min_delta) +
                                " is invalid (allowed: finite, >= 0)");
  }
}

template <class S>
EarlyStopping<S>::EarlyStopping(EarlyStoppingOptions opts) : opts_(opts) {
  opts_.validate();
  reset();
}

template <class S>
void EarlyStopping<S>::reset() {
  best_ = std::numeric_limits<double>::infinity();
  best_k_ = 0;
  wait_ = 0;
  best_x_.resize(0);
}

template <class S>
void EarlyStopping<S>::on_start(const IterationRecord<S>& first) {
  best_ = first.f;
  best_k_ = first.k;
  wait_ = 0;
  if (opts_.restore_best && first.x != nullptr) best_x_ = *first.x;
}

template <class S>
Status EarlyStopping<S>::on_iteration(const IterationRecord<S>& rec) {
  static const Vec<S> none;
  return record(rec.k, rec.f, rec.x != nullptr ? *rec.x : none);
}

template <class S>
Status EarlyStopping<S>::record(Index k, double v, const Vec<S>& x) {
  if (v < best_ - opts_.min_delta) {
    best_ = v;
    best_k_ = k;
    wait_ = 0;
    if (opts_.restore_best) best_x_ = x;  // same size after the first copy: no allocation
    return Status::Running;
  }
  ++wait_;
  return wait_ >= opts_.patience ? Status::EarlyStopped : Status::Running;
}

template <class S>
void EarlyStopping<S>::archive(StateArchive& a) {
  double best = best_;
  Index k = best_k_, wait = wait_;
  a.scalar("best", best);
  a.scalar("best_k", k);
  a.scalar("waiting", wait);
  if (a.loading() && (k < 0 || wait < 0))
    throw std::runtime_error("checkpoint early-stopping counters are negative");
  best_ = best;
  best_k_ = k;
  wait_ = wait;
  a.field("best_x", best_x_, Extent::Stored);  // empty until the first improvement
}

template class EarlyStopping<float>;
template class EarlyStopping<double>;

}  // namespace optim
