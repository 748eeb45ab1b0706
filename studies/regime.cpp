#include "studies/regime.hpp"

#include <cmath>
#include <stdexcept>

namespace optim::studies {

std::string_view to_string(Regime r) {
  switch (r) {
    case Regime::OneStep:
      return "one_step";
    case Regime::Monotone:
      return "monotone";
    case Regime::Oscillating:
      return "oscillating";
    case Regime::BoundedOscillation:
      return "bounded_oscillation";
    case Regime::Divergent:
      return "divergent";
  }
  return "unknown";
}

Regime predicted_regime(double ratio) {
  if (!(ratio > 0) || !std::isfinite(ratio)) {
    throw std::invalid_argument("step-size ratio eta/eta_opt = " + std::to_string(ratio) +
                                " must be finite and > 0");
  }
  // Seed 004 sections 4.4-4.5.
  if (std::abs(ratio - 1) <= kOneStepTol) return Regime::OneStep;
  if (ratio < 1) return Regime::Monotone;
  if (std::abs(ratio - 2) <= kNeutralTol) return Regime::BoundedOscillation;
  if (ratio < 2) return Regime::Oscillating;
  return Regime::Divergent;
}

Observed classify_errors(const std::vector<double>& errors, double floor, double tol) {
  if (errors.size() < 2) {
    throw std::invalid_argument("classify_errors: needs e_0 and at least one step, got " +
                                std::to_string(errors.size()) + " error(s)");
  }
  const double e0 = std::abs(errors[0]);
  if (!(e0 > 0) || !std::isfinite(e0)) {
    throw std::invalid_argument(
        "classify_errors: the start must differ from the minimiser along "
        "the direction (e_0 = " +
        std::to_string(errors[0]) + ")");
  }
  Observed out;
  const Index K = static_cast<Index>(errors.size()) - 1;
  for (Index k = 1; k <= K; ++k) {
    if (out.steps_to_tol < 0 && std::abs(errors[k]) <= tol * e0) out.steps_to_tol = k;
  }
  // Last step m whose error is still above the rounding floor; below it the sequence is noise.
  Index m = 0;
  bool below = false;
  for (Index k = 1; k <= K; ++k) {
    const double ek = std::abs(errors[k]);
    if (!std::isfinite(ek)) break;
    if (ek <= floor) {
      below = true;
      break;
    }
    m = k;
  }
  if (m == 0) {
    // Reached the minimiser (to rounding) in the first step: eta = eta_opt (seed 004 section 4.4).
    out.regime = below ? Regime::OneStep : Regime::Divergent;
    out.factor = below ? std::abs(errors[1]) / e0 : INFINITY;
    out.steps_used = below ? 1 : 0;
    return out;
  }
  for (Index k = 1; k <= m; ++k) {
    if (errors[k] * errors[k - 1] < 0) ++out.sign_changes;
  }
  // The factor is fitted on the steps whose error is well above the floor (x1e3), so that the
  // rounding in the last error perturbs it by < 1e-3 relative before the m-th root.
  Index fit = m;
  while (fit > 1 && std::abs(errors[fit]) <= 1e3 * floor) --fit;
  out.steps_used = fit;
  out.factor = std::pow(std::abs(errors[fit]) / e0, 1.0 / static_cast<double>(fit));
  const bool alternating = 2 * out.sign_changes > m;
  if (alternating && std::abs(out.factor - 1) <= kNeutralTol) {
    out.regime = Regime::BoundedOscillation;
  } else if (out.factor > 1) {
    out.regime = Regime::Divergent;
  } else {
    out.regime = alternating ? Regime::Oscillating : Regime::Monotone;
  }
  return out;
}

}  // namespace optim::studies
