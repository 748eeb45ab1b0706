#include "optim/observers/early_stopping.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

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
}

template <class S>
void EarlyStopping<S>::on_start(const IterationRecord<S>& first) {
  best_ = first.f;
  best_k_ = first.k;
  wait_ = 0;
}

template <class S>
Status EarlyStopping<S>::on_iteration(const IterationRecord<S>& rec) {
  if (rec.f < best_ - opts_.min_delta) {
    best_ = rec.f;
    best_k_ = rec.k;
    wait_ = 0;
    return Status::Running;
  }
  ++wait_;
  return wait_ >= opts_.patience ? Status::StoppedByObserver : Status::Running;
}

template class EarlyStopping<float>;
template class EarlyStopping<double>;

}  // namespace optim
