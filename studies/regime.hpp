#pragma once
// Step-size regimes of gradient descent on a quadratic (seed 004_8575ef13f3bfe434.txt sections
// 4.3-4.5). Along an eigen-direction with curvature lambda the GD error obeys
//   e_{k+1} = (1 - eta lambda) e_k,
// so with r = eta / eta_opt = eta lambda (eta_opt = 1/lambda, seed 004 section 4.4) the seed's rule
// reads: r < 1 monotone convergence, r = 1 one step, 1 < r < 2 oscillating convergence,
// r > 2 divergence (section 4.5). At r = 2 exactly the iterate jumps between two points forever
// (|1 - r| = 1): neither converging nor diverging, reported as bounded oscillation.
#include <string_view>
#include <vector>

#include "optim/types.hpp"

namespace optim::studies {

enum class Regime { OneStep, Monotone, Oscillating, BoundedOscillation, Divergent };

std::string_view to_string(Regime r);

// |1 - r| within this of 0 counts as "one step"; |1 - r| within kNeutralTol of 1 as the boundary
// r = 2. Both the prediction and the classification of observed iterates use these, so that they
// agree on the same ratio; they are far above rounding (1e-16 per step) and far below any ratio a
// grid would hold by intent.
inline constexpr double kOneStepTol = 1e-10;
inline constexpr double kNeutralTol = 1e-6;

// The seed's rule for ratio r = eta / eta_opt (r > 0).
Regime predicted_regime(double ratio);
// Predicted contraction factor per step |1 - eta lambda| = |1 - r| (seed 004 section 4.5).
inline double predicted_factor(double ratio) {
  return ratio > 1 ? ratio - 1 : 1 - ratio;
}

// What the iterates did along one direction, read from its errors e_k = <q, w_k - w*>.
struct Observed {
  Regime regime = Regime::Monotone;
  double factor = 0;        // geometric-mean contraction (|e_m| / |e_0|)^(1/m) over the steps
                            // whose error stays well above the rounding floor (m >= 1)
  Index steps_used = 0;     // m
  Index sign_changes = 0;   // k in [1, m] with e_k e_{k-1} < 0
  Index steps_to_tol = -1;  // first k with |e_k| <= tol |e_0|, -1 when never reached
};

// Classifies a sequence of errors e_0 (non-zero), e_1, ..., e_K (K >= 1). `floor` is the absolute
// level below which an error is rounding noise (the run has reached the minimiser); `tol` the
// relative reduction counted by steps_to_tol. Throws std::invalid_argument for e_0 = 0 or K < 1.
Observed classify_errors(const std::vector<double>& errors, double floor, double tol = 1e-6);

}  // namespace optim::studies
