#pragma once
// Classification of a critical point from the eigenvalues of the Hessian (seed 002, "Saddle
// points as critical points"; seed 004 section on the multivariate second-derivative test):
// minimum when all eigenvalues are positive, maximum when all are negative, saddle when both
// signs occur, degenerate when some eigenvalue is zero (to a tolerance) and no two signs occur,
// so that the second-order test is inconclusive.
#include <string>
#include <string_view>

#include "optim/objective.hpp"

namespace optim {

enum class CriticalPointKind { Minimum, Maximum, Saddle, Degenerate };

constexpr std::string_view to_string(CriticalPointKind k) {
  switch (k) {
    case CriticalPointKind::Minimum:
      return "minimum";
    case CriticalPointKind::Maximum:
      return "maximum";
    case CriticalPointKind::Saddle:
      return "saddle";
    case CriticalPointKind::Degenerate:
      return "degenerate";
  }
  return "unknown";
}

template <class S>
struct CriticalPointInfo {
  CriticalPointKind kind = CriticalPointKind::Degenerate;
  Vec<S> eigenvalues;  // ascending
  Index positive = 0, negative = 0, zero = 0;
  double zero_tol = 0;  // |lambda| <= zero_tol counts as zero (the tolerance actually applied)
  std::string describe() const;  // e.g. "saddle (eigenvalues -2, 2)"
};

// Classifies from a symmetric Hessian. An eigenvalue counts as zero when
// |lambda| <= rel_tol * max(1, max_i |lambda_i|); rel_tol < 0 picks sqrt(eps) of S (the accuracy
// one can expect of a Hessian built from rounded data). Throws std::invalid_argument for a
// non-square, empty or non-finite matrix.
template <class S>
CriticalPointInfo<S> classify_critical_point(const Mat<S>& hessian, double rel_tol = -1);

// Classifies the point x of an objective that provides its Hessian (throws std::invalid_argument
// when it does not). Whether x is critical at all (gradient ~ 0) is the caller's judgement.
template <class S>
CriticalPointInfo<S> classify_point(Objective<S>& objective, const Vec<S>& x, double rel_tol = -1);

}  // namespace optim
