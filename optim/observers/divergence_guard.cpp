#include "optim/observers/divergence_guard.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "optim/checkpoint/state_archive.hpp"

namespace optim {

void DivergenceGuardOptions::validate() const {
  if (!(factor > 0) || !std::isfinite(factor)) {
    throw std::invalid_argument("DivergenceGuardOptions.factor = " + std::to_string(factor) +
                                " is invalid (allowed: finite, > 0)");
  }
}

template <class S>
DivergenceGuard<S>::DivergenceGuard(DivergenceGuardOptions opts) : opts_(opts) {
  opts_.validate();
}

template <class S>
void DivergenceGuard<S>::archive(StateArchive& a) {
  if (a.has("threshold")) a.scalar("threshold", threshold_);
}

template <class S>
void DivergenceGuard<S>::on_start(const IterationRecord<S>& first) {
  threshold_ = first.f + opts_.factor * std::max(1.0, std::abs(first.f));
  reason_.clear();
}

template <class S>
Status DivergenceGuard<S>::on_iteration(const IterationRecord<S>& rec) {
  const bool bad_f = !std::isfinite(rec.f);
  const bool bad_g = !std::isfinite(rec.grad_norm);
  if (!bad_f && !bad_g && rec.f <= threshold_) return Status::Running;
  // Only reached once per run, so building the message here is not a per-iteration cost.
  std::ostringstream os;
  os << "diverged at iteration " << rec.k << ": ";
  if (bad_f) {
    os << "f = " << rec.f << " is not finite";
  } else if (bad_g) {
    os << "gradient norm " << rec.grad_norm << " is not finite";
  } else {
    os << "f = " << rec.f << " > f_0 + factor * max(1, |f_0|) = " << threshold_;
  }
  reason_ = os.str();
  return Status::Diverged;
}

template class DivergenceGuard<float>;
template class DivergenceGuard<double>;

}  // namespace optim
