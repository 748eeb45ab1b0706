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
void EarlyStopping<S>::save_state(StateWriter& w) const {
  w.put_real("best", best_);
  w.put_int("best_k", best_k_);
  w.put_int("waiting", wait_);
  w.put_vec("best_x", best_x_);
}

template <class S>
void EarlyStopping<S>::load_state(StateReader& r) {
  const std::int64_t k = r.get_int("best_k"), wait = r.get_int("waiting");
  if (k < 0 || wait < 0)
    throw std::runtime_error("checkpoint early-stopping counters are negative");
  best_ = r.get_real("best");
  best_k_ = static_cast<Index>(k);
  wait_ = static_cast<Index>(wait);
  const std::vector<double> bx = r.get_reals("best_x");
  best_x_.resize(Index(bx.size()));
  for (Index i = 0; i < best_x_.size(); ++i) best_x_[i] = static_cast<S>(bx[size_t(i)]);
}

template class EarlyStopping<float>;
template class EarlyStopping<double>;

}  // namespace optim
