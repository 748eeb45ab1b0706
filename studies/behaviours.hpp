#pragma once
// The optimizers' characteristic behaviours that the seeds state in words, each measured on an
// analytic problem and judged by a criterion fixed before the run:
//   momentum_plateau     seed 000 Remark 3.7: momentum "progress[es] very slowly in shallow plateau
//                        regions ... as momentum is not able to build up"
//   momentum_overshoot   seed 000 Proposition 3.8: "Momentum can overshoot"
//   nesterov_vs_momentum seed 000 Proposition 3.9: "NAG is consistently better than Learning via
//                        Momentum in practice" (seed 002: "slightly better")
//   adagrad_stops_early  seed 000 Remark 3.9 / Proposition 3.11: AdaGrad's "monotonic learning ...
//                        learning usually stops too early"; RMSProp "combats the aggressive
//                        reduction"
//   newton_saddles       seed 000 Proposition 3.10: "Newton's method is attracted to saddle points"
// Each behaviour reports the claim, what was measured, the criterion and whether the measurement
// agrees; the verdict is computed, never set by hand. Trajectories (2-D problems) and f-curves are
// kept for the pictures.
#include <string>
#include <vector>

#include "optim/types.hpp"

namespace optim::studies {

struct BehavioursOptions {
  // The benchmark size: longer budgets, a finer start grid, a finer learning-rate grid.
  bool full = false;
};

struct BehaviourFigure {
  std::string name;
  double value = 0;
};

struct BehaviourPath {  // one run on a 2-D problem: every iterate
  std::string label;
  std::vector<double> x, y;
};

struct BehaviourCurve {  // one run's f against the iteration
  std::string label;
  std::vector<double> f;
};

struct Behaviour {
  std::string name;       // e.g. "momentum_overshoot"
  std::string source;     // where the seeds say it
  std::string claim;      // the seeds' words
  std::string setup;      // problem, start, hyperparameters
  std::string criterion;  // when the measurement agrees with the claim
  std::vector<BehaviourFigure> measured;
  std::string verdict;  // one line: the figures that decided
  bool agrees = false;
  // The picture that shows it (a file stem; two behaviours may share one: only the first holds its
  // data): a 2-D problem (a formula in x and y) with paths, or f-curves (log scale of f - f_min).
  std::string picture;
  std::string problem;
  std::vector<BehaviourPath> paths;
  std::vector<BehaviourCurve> curves;
  double f_min = 0;
};

std::vector<Behaviour> run_behaviours(const BehavioursOptions& options);

}  // namespace optim::studies
