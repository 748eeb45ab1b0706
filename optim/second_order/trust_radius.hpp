#pragma once
// The trust-radius update of Nocedal & Wright, Algorithm 4.1, shared by the trust-region Newton
// methods. With rho = (f(x) - f(x + p)) / (m(0) - m(p)) the agreement of the decrease with the
// model's prediction:
//   rho < 1/4                 shrink: Delta <- 1/4 min(Delta, |p|);
//   rho > 3/4 and |p| = Delta grow:   Delta <- min(2 Delta, Delta_max);
//   otherwise                 keep Delta.
// Algorithm 4.1 shrinks to Delta / 4; the min with |p| (as Moré 1978 does for Levenberg-
// Marquardt, optim/least_squares/levenberg_marquardt.cpp) makes a rejected step that was inside
// the ball shrink the radius below it, so that the next trial is a new step and not the same
// interior one solved again. For a step on the boundary the two rules agree. A rho that is not a
// number (a non-finite trial value) shrinks.
#include <algorithm>

namespace optim {

inline double next_trust_radius(double delta, double step_norm, bool on_boundary, double rho,
                                double delta_max) {
  if (!(rho >= 0.25)) return 0.25 * (step_norm > 0 ? std::min(delta, step_norm) : delta);
  if (rho > 0.75 && on_boundary) return std::min(2 * delta, delta_max);
  return delta;
}

}  // namespace optim
