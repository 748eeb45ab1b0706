#pragma once
// The generalized Cauchy point of L-BFGS-B (Byrd, Lu, Nocedal & Zhu 1995, section 4, Algorithm
// CP): the first local minimiser of the quadratic model
//   m(x) = f + g'(x - x_k) + 1/2 (x - x_k)' B (x - x_k)
// along the projected steepest-descent path x(t) = P(x_k - t g), t >= 0, with B in compact form
// (optim/second_order/compact_lbfgs.hpp). The path is piecewise linear, bending at the
// breakpoints t_i where coordinate i reaches its bound:
//   t_i = (x_i - u_i) / g_i  if g_i < 0,   (x_i - l_i) / g_i  if g_i > 0,   inf otherwise.
// On each segment the model is 1/2 f'' dt^2 + f' dt; the segments are examined in increasing t
// (a heap, so only the breakpoints actually passed are sorted), updating f', f'' in O(k^2) per
// breakpoint with the formulas of BLNZ eqs. 4.9-4.10 (p = W'd, c = W'(x^c - x_k)):
//   f'  <- f' + dt f'' + g_b^2 + theta g_b z_b - g_b w_b'M c
//   f'' <- f'' - theta g_b^2 - 2 g_b w_b'M p - g_b^2 w_b'M w_b,     p <- p + g_b w_b,
// until the segment minimiser -f'/f'' lies before the next breakpoint. f'' is kept at least
// eps * its first value (the safeguard of L-BFGS-B 3.0 against cancellation).
//
// Only the work the path needs is done: the heap is built when the first breakpoint is passed
// (the segment minimiser often lies before it, as with a box that is far away: no sort at all),
// and p = W'd at t = 0 is -W'g (which the compact matrix formed with its update) plus the
// rows the path does not move, when those are few; else it is one product over n.
#include <vector>

#include "optim/bounds/bounds.hpp"
#include "optim/second_order/compact_lbfgs.hpp"

namespace optim {

template <class S>
class CauchyPoint {
 public:
  // Scratch for dimension n and at most m pairs, allocated once.
  CauchyPoint(Index n, Index m);

  // x^c into xcp (in the box, exactly on the bounds it reached) and c = W'(x^c - x) into c (a
  // buffer of length 2m). Afterwards active_flags() marks the variables held at x^c; the others
  // (off their bounds, or on a bound that the path leaves) are free.
  // wg = W'g (CompactLbfgs::gradient_products).
  void compute(const Bounds<S>& box, const Vec<S>& x, const Vec<S>& g, CompactLbfgs<S>& b,
               const Vec<S>& wg, Vec<S>& xcp, Vec<S>& c);

  // The path direction at x: d = -g, zero where x sits on a bound that -g points out of or
  // where g = 0 (the rule compute() starts from); returns the count of such zeros.
  static Index path_direction(const Bounds<S>& box, const Vec<S>& x, const Vec<S>& g, Vec<S>& d);
  // Whether the last compute() took p = W'd at t = 0 from CompactLbfgs::path_products (the path
  // holds many variables still): an update that forms that product saves a sweep.
  bool used_path_products() const { return used_path_products_; }

  // t at x^c: the free variables moved by x^c - x = -t g all the way.
  S path_time() const { return tsum_; }

  Index free_count() const { return n_free_; }
  Index active_count() const { return n_active_; }
  // Per variable: nonzero when it is held on a bound at x^c.
  const char* active_flags() const { return at_bound_.data(); }

  // Whether the Cauchy point fixes no variable: none sits on a bound that -g points out of (or
  // along), and the model's minimiser along -g, t* = g'g / (theta g'g - g'W M W'g), lies before
  // the first breakpoint. The subspace minimisation then runs over every variable, and its
  // minimiser is x - B^-1 g whichever point of the first segment it starts from (BLNZ section 5
  // with Z = I): the Cauchy point need not be formed. One read-only pass over x, g and the box,
  // ending at the first variable that is held.
  bool fixes_none(const Bounds<S>& box, const Vec<S>& x, const Vec<S>& g, CompactLbfgs<S>& b,
                  const Vec<S>& wg);

 private:
  // p = W'd at t = 0 from wg = W'g and the nstill rows the path does not move.
  void initial_slopes(CompactLbfgs<S>& b, const Vec<S>& g, const Vec<S>& wg, Index nstill);
  // xcp <- P(xcp + tsum d).
  void move(const Bounds<S>& box, S tsum, Vec<S>& xcp);

  Vec<S> d_, t_;                // the path direction and each variable's breakpoint
  std::vector<Index> heap_;     // variables with a finite breakpoint (a heap on t) from the
                                // front, variables the path does not move (g != 0) from the back
  std::vector<char> at_bound_;  // per variable: on a bound at x^c (not free)
  Index n_free_ = 0, n_active_ = 0;
  bool used_path_products_ = false;
  S tsum_ = 0;         // t at x^c
  Vec<S> p_, v_, wb_;  // length 2m
};

}  // namespace optim
