#pragma once
// Stopping criteria. Each test is explicit, disabled by a zero tolerance, and reported by the
// Status it fires with. The exact formulas (checked in this order after every accepted step):
//   gradient:  ||g_k|| <= gtol  or  ||g_k|| <= gtol_rel * ||g_0||      (norm chosen by grad_norm)
//   step:      ||x_k - x_{k-1}||_2 <= xtol * (xtol_rel_base + ||x_k||_2)
//   f change:  |f_k - f_{k-1}| <= ftol * max(|f_k|, tiny)              (tiny = smallest normal S)
//   budgets:   k >= max_iter, f-evaluations >= max_evals, elapsed >= time_limit_s
// Gradient, step and f-change tests apply only when f and g are exact (not minibatch estimates).
#include <limits>
#include <stdexcept>
#include <string>

#include "optim/types.hpp"

namespace optim {

enum class NormKind { Inf, Two };

struct StopOptions {
  double gtol = 1e-5;      // absolute gradient tolerance
  double gtol_rel = 0.0;   // relative to the starting gradient norm; 0 disables
  NormKind grad_norm = NormKind::Inf;
  double xtol = 0.0;       // step tolerance; 0 disables
  double xtol_rel_base = 1.0;
  double ftol = 0.0;       // relative f-change tolerance; 0 disables
  Index max_iter = 1000;
  Index max_evals = 0;     // 0: unlimited
  double time_limit_s = 0; // 0: unlimited

  // Throws std::invalid_argument naming the field, the value and the allowed range.
  void validate() const;
};

template <class S>
S norm_of(const Vec<S>& v, NormKind kind) {
  if (v.size() == 0) return S(0);
  return kind == NormKind::Inf ? v.cwiseAbs().maxCoeff() : v.norm();
}

}  // namespace optim
