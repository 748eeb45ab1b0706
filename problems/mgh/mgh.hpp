#pragma once
// Test problems of J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained
// optimization software", ACM TOMS 7(1), 1981, pp. 17-41, as least-squares objectives
// r: R^n -> R^m with analytic Jacobians. The paper's numbering is kept in MghKind. The paper's
// objective is F = sum r_i^2; ours is f = 1/2 sum r_i^2, so every f* here is half the paper's.
#include <string>
#include <vector>

#include "optim/objective.hpp"

namespace optim::problems {

enum class MghKind {
  Rosenbrock = 1,
  FreudensteinRoth = 2,
  PowellBadlyScaled = 3,
  BrownBadlyScaled = 4,
  Beale = 5,
  JennrichSampson = 6,
  HelicalValley = 7,
  Bard = 8,
  Gaussian = 9,
  Meyer = 10,
  GulfResearch = 11,
  Box3d = 12,
  PowellSingular = 13,
  Wood = 14,
  KowalikOsborne = 15,
  BrownDennis = 16,
  Osborne1 = 17,
  BiggsExp6 = 18,
  Osborne2 = 19,
  Watson = 20,
  ExtendedRosenbrock = 21,
  ExtendedPowell = 22,
  PenaltyI = 23,
  PenaltyII = 24,
  VariablyDimensioned = 25,
  Trigonometric = 26,
  BrownAlmostLinear = 27,
  DiscreteBoundaryValue = 28,
  BroydenTridiagonal = 30,
  LinearFullRank = 32,
  Chebyquad = 35,
};

// Number of residuals of problem `k` in dimension n (the paper's m).
Index mgh_num_residuals(MghKind k, Index n);
// The paper's standard start point x0 for dimension n.
Eigen::VectorXd mgh_start(MghKind k, Index n);

template <class S>
class MghObjective final : public LeastSquaresObjective<S> {
 public:
  MghObjective(MghKind kind, Index n);
  Index dim() const override { return n_; }
  Index num_residuals() const override { return m_; }
  void residuals(const Vec<S>& x, Vec<S>* res, Mat<S>* jac) override;
  MghKind kind() const { return kind_; }

 private:
  MghKind kind_;
  Index n_, m_;
};

}  // namespace optim::problems

#include <functional>
#include <optional>

namespace optim::problems {

// One entry of the set: the facts the paper publishes for it.
struct MghEntry {
  std::string name;  // registry name without the "mgh_" prefix
  MghKind kind;
  Index default_n;
  bool any_dim = false;
  Index min_dim = 1;
  Index dim_multiple = 1;  // extended Rosenbrock: 2, extended Powell: 4
  // The paper's minimum F* = sum r_i^2 for dimension n, when published (our f* = F*/2).
  std::function<std::optional<double>(Index n)> paper_fmin;
  // Known minimisers for dimension n (may be empty).
  std::function<std::vector<Eigen::VectorXd>(Index n)> minimizers;
  // Other stationary values F = sum r^2 the paper lists (local minima, minima at infinity).
  std::vector<double> paper_other_minima;
  std::string notes;
};

const std::vector<MghEntry>& mgh_entries();
// Throws std::invalid_argument for an unknown name or a dimension the problem does not accept.
const MghEntry& find_mgh(const std::string& name);
Index checked_mgh_dim(const MghEntry& e, Index n);

}  // namespace optim::problems
