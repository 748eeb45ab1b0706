#pragma once
// Classification of a critical point from the eigenvalues of the Hessian (seed 002, "Saddle
// points as critical points"; seed 004 section on the multivariate second-derivative test):
// minimum when all eigenvalues are positive, maximum when all are negative, saddle when both
// signs occur, degenerate when some eigenvalue is zero (to a tolerance) and no two signs occur,
// so that the second-order test is inconclusive.
//
// The test needs only the two extreme eigenvalues: minimum <=> smallest > tol, maximum <=>
// largest < -tol, saddle <=> smallest < -tol and largest > tol, degenerate otherwise. Up to
// ClassifyOptions::dense_max_dim they come from a dense eigendecomposition (all eigenvalues, exact
// counts); above it, where the n x n matrix costs O(n^2) memory and O(n^3) time, from a few dozen
// Hessian-vector products by Lanczos (lanczos.hpp), without ever forming the matrix.
#include <functional>
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
  Index dim = 0;       // n of the Hessian
  Vec<S> eigenvalues;  // ascending: all n (dense) or the Ritz values (Lanczos)
  // Counts of the values in `eigenvalues` by sign. Dense: exact. Lanczos: of the Ritz values;
  // `negative` is then a lower bound of the Hessian's count (the i-th smallest Ritz value is >=
  // the i-th smallest eigenvalue).
  Index positive = 0, negative = 0, zero = 0;
  double zero_tol = 0;      // |lambda| <= zero_tol counts as zero (the tolerance actually applied)
  Index lanczos_steps = 0;  // 0: dense eigendecomposition; > 0: estimated from that many products
  bool estimated() const { return lanczos_steps > 0; }
  S smallest() const { return eigenvalues[0]; }
  S largest() const { return eigenvalues[eigenvalues.size() - 1]; }
  // One short line whatever n: "saddle (eigenvalues -2, 2)" for a few eigenvalues, otherwise
  // the smallest, the largest and the count of negative ones, e.g.
  // "minimum (smallest eigenvalue 2, largest 2, 0 negative of 4000; estimated (Lanczos, 1 step))".
  std::string describe() const;
};

struct ClassifyOptions {
  // |lambda| <= rel_tol * max(1, max_i |lambda_i|) counts as zero; < 0 picks sqrt(eps) of S (the
  // accuracy one can expect of a Hessian built from rounded data).
  double rel_tol = -1;
  // Dense eigendecomposition up to this n: at 300 the matrix is 0.7 MB and its eigenvalues take
  // ~20 ms (O(n^3)); forming it costs n Hessian columns, against <= lanczos_steps
  // products for Lanczos, so above a few hundred the dense path is the expensive one.
  Index dense_max_dim = 300;
  Index lanczos_steps = 50;  // at most; full reorthogonalisation keeps them orthonormal
};

// Classifies from a symmetric Hessian (dense). Throws std::invalid_argument for a non-square,
// empty or non-finite matrix.
template <class S>
CriticalPointInfo<S> classify_critical_point(const Mat<S>& hessian, double rel_tol = -1);

// Classifies from the extreme eigenvalues estimated by Lanczos on hv(v, &out) = H v.
template <class S>
CriticalPointInfo<S> classify_by_lanczos(Index n,
                                         const std::function<void(const Vec<S>&, Vec<S>*)>& hv,
                                         const ClassifyOptions& opts = {});

// Classifies the point x of an objective that provides its Hessian (throws std::invalid_argument
// when it does not): dense up to opts.dense_max_dim; above it Lanczos on Hessian-vector products
// taken as central differences of the objective's exact gradient (the provider's own product may
// form the n x n matrix, see objective.hpp), so memory stays O(k n). Whether x is critical at all
// (gradient ~ 0) is the caller's judgement.
template <class S>
CriticalPointInfo<S> classify_point(Objective<S>& objective, const Vec<S>& x,
                                    const ClassifyOptions& opts);
template <class S>
CriticalPointInfo<S> classify_point(Objective<S>& objective, const Vec<S>& x, double rel_tol = -1) {
  ClassifyOptions opts;
  opts.rel_tol = rel_tol;
  return classify_point<S>(objective, x, opts);
}

}  // namespace optim
