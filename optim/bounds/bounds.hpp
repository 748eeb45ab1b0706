#pragma once
// A box l <= x <= u (DESIGN.md "Bounds"): part of a run like its stopping tests. Entries may be
// -inf / +inf (that side is unbounded); l_i == u_i fixes variable i. The constructor checks the
// box (equal lengths, no NaN, l <= u, no l_i = +inf or u_i = -inf) and throws
// std::invalid_argument naming the coordinate.
//
// The operations a bound-constrained method and the driver need, each one pass over the vectors
// without allocation:
//   project(x)                    P(x) = min(max(x, l), u)                (componentwise)
//   projected_gradient_norm(x, g) ||P(x - g) - x||, the first-order optimality measure of
//                                 bound-constrained problems (zero exactly at a KKT point; the
//                                 `pgtol` test of L-BFGS-B, Byrd, Lu, Nocedal & Zhu 1995, eq. 6.1)
//   max_step(x, d)                the largest a >= 0 with l <= x + a d <= u, for x in the box
//   active(x)                     the indices with x_i on a bound
#include <limits>
#include <vector>

#include "optim/bounds/active_bounds.hpp"
#include "optim/stop_options.hpp"
#include "optim/types.hpp"

namespace optim {

template <class S>
class Bounds {
 public:
  // No default constructor: a run without bounds simply passes none (and `{}` at a call site
  // keeps meaning the stop options).
  Bounds(Vec<S> lower, Vec<S> upper);
  // One interval [lower, upper] for each of n coordinates.
  Bounds(Index n, S lower, S upper);
  // Only lower (resp. upper) bounds: the other side is unbounded.
  static Bounds lower_only(Vec<S> lower);
  static Bounds upper_only(Vec<S> upper);

  Index size() const { return lower_.size(); }
  const Vec<S>& lower() const { return lower_; }
  const Vec<S>& upper() const { return upper_; }
  // Whether any bound is finite: a box with none constrains nothing and a run treats it as no
  // box at all (any method accepts it).
  bool constrains() const { return constrains_; }
  // Whether every variable has both bounds finite.
  bool boxed() const { return boxed_; }
  // Whether each side is one value for every coordinate (l_i = l_0, u_i = u_0; infinities
  // included), as a bound given once for all coordinates is: a fused kernel then clips with two
  // scalars instead of reading l and u.
  bool uniform() const { return uniform_; }
  // The box as its maximal runs of consecutive coordinates sharing one interval, [begin, end)
  // with bounds lower, upper, in order; kept only when there are few (on average at least
  // kMinRunLength coordinates per run: a layer's weights bounded, its biases free, say), else
  // empty. A fused kernel then clips each run with two scalars instead of reading l and u.
  struct Run {
    Index begin, end;
    S lower, upper;
  };
  static constexpr Index kMinRunLength = 256;
  const std::vector<Run>& runs() const { return runs_; }

  // A pass over the coordinates in order, reading the bounds through `lo[i]` and `hi[i]`:
  // body(begin, end, lo, hi) is called for each run with two constants (the pass then reads
  // neither l nor u: a memory-bound pass over x and g costs half of what it does with them), or
  // once over [0, n) with the vectors when the box has no runs. body returns false to stop the
  // pass; for_each_run returns whether it went to the end.
  struct Constant {
    S value;
    S operator[](Index) const { return value; }
  };
  struct PerCoordinate {
    const S* values;
    S operator[](Index i) const { return values[i]; }
  };
  template <class Body>
  bool for_each_run(Body&& body) const {
    if (runs_.empty()) {
      return body(Index(0), size(), PerCoordinate{lower_.data()}, PerCoordinate{upper_.data()});
    }
    for (const Run& r : runs_) {
      if (!body(r.begin, r.end, Constant{r.lower}, Constant{r.upper})) return false;
    }
    return true;
  }

  bool contains(const Vec<S>& x) const;
  // The first coordinate of x outside the box (or NaN), -1 when x is inside.
  Index first_outside(const Vec<S>& x) const;
  // x <- P(x); returns whether x changed.
  bool project(Vec<S>& x) const;
  // ||P(x - g) - x|| in the norm `kind` (infinity norm by default, as L-BFGS-B's pgtol); NaN when
  // g has a NaN or Inf entry.
  double projected_gradient_norm(const Vec<S>& x, const Vec<S>& g,
                                 NormKind kind = NormKind::Inf) const;
  // The largest a >= 0 such that x + a d stays in the box, for x in the box; +inf when no bound
  // limits the ray (d_i = 0 or that side unbounded for every i); 0 when x already lies on a bound
  // that d points out of.
  S max_step(const Vec<S>& x, const Vec<S>& d) const;
  // The bounds that hold with equality at x (exact comparison: a bound-constrained method puts
  // its iterates exactly on the bounds it activates).
  ActiveBounds active(const Vec<S>& x) const;
  // Throws std::invalid_argument when the box does not have length n.
  void check_size(Index n) const;

  // When on, the Evaluator of a run throws std::logic_error as soon as a method asks for the
  // objective outside this box (a method bug, never a user error). On by default in builds
  // without NDEBUG; tests turn it on explicitly. Costs one pass over x per evaluation.
  Bounds& guard_evaluations(bool on = true) {
    guard_ = on;
    return *this;
  }
  bool guards_evaluations() const { return guard_; }
  // Throws std::logic_error naming the first coordinate of x outside the box (the guard).
  void require_inside(const Vec<S>& x) const;

 private:
  void check();

  Vec<S> lower_, upper_;
  std::vector<Run> runs_;
  bool constrains_ = false, boxed_ = false, uniform_ = false;
#ifdef NDEBUG
  bool guard_ = false;
#else
  bool guard_ = true;
#endif
};

}  // namespace optim
