#pragma once
// The allocation check of a bounded method's steps: a weighted bowl with quartic terms whose
// centre lies outside [0, 1] in about half the coordinates (so bounds become active), stepped from
// the box's middle through the method's own step/accept loop, with the allocations counted.
#include <limits>
#include <string>
#include <utility>

#include "optim/optim.hpp"
#include "support/alloc_counter.hpp"

namespace optim::testfn {

// f = sum_i 1/2 w_i (x_i - c_i)^2 + 0.01 (x_i - c_i)^4, c spread over [-1, 2], w_i in [1, 1.6].
template <class S>
class OffsetBowl final : public Objective<S> {
 public:
  explicit OffsetBowl(Index n) : c_(Vec<S>::LinSpaced(n, S(-1), S(2))) {}
  Index dim() const override { return c_.size(); }
  S evaluate(const Vec<S>& x, Vec<S>* g) override {
    S f = 0;
    for (Index i = 0; i < x.size(); ++i) {
      const S d = x[i] - c_[i];
      const S w = S(1) + S(0.1) * static_cast<S>(i % 7);
      f += S(0.5) * w * d * d + S(0.01) * d * d * d * d;
      if (g) (*g)[i] = w * d + S(0.04) * d * d * d;
    }
    return f;
  }

 private:
  Vec<S> c_;
};

// Steps `method` on OffsetBowl(n) from x = 1/2, on [0, 1]^n (or with no box when !bounded),
// until the projected gradient is at a tolerance the scalar resolves (a step past convergence
// may fail, and a failure builds its message), at most 40 steps. A method that needs a Hessian
// gets it from differences (the evaluator supplies them). Returns the allocations counted and the
// steps taken; {-1, steps} when a step does not end Running.
template <class S>
std::pair<long, int> allocations_in_bounded_steps(const std::string& method, const ParamSet& params,
                                                  Index n, bool bounded = true) {
  OffsetBowl<S> obj(n);
  const S inf = std::numeric_limits<S>::infinity();
  const Bounds<S> box(n, S(0), S(1)), none(n, -inf, inf);
  const Bounds<S>& b = bounded ? box : none;
  auto m = make_method<S>(method, params);
  Evaluator<S> eval(obj);
  if (bounded) eval.set_bounds(&box);
  if (m->needs_hessian()) eval.supply_hessian_by_differences();
  Iterate<S> cur, next;
  cur.resize(n);
  next.resize(n);
  cur.x.setConstant(S(0.5));
  auto state = m->start(eval, cur);
  cur.f = eval.value_gradient(cur.x, cur.g);
  int steps = 0;
  testing::AllocationCounter c;
  // Float resolves |g| to about sqrt(eps |f| L) ~ 1e-3 here (|f| ~ 10, L ~ 2).
  const double tol = sizeof(S) == sizeof(float) ? 1e-3 : 1e-8;
  while (steps < 40 && b.projected_gradient_norm(cur.x, cur.g) > tol) {
    const StepReport rep = state->step(eval, cur, next);
    if (rep.status != Status::Running) return {-1, steps};
    state->accepted(cur, next);
    cur.x.swap(next.x);
    cur.g.swap(next.g);
    std::swap(cur.f, next.f);
    ++steps;
  }
  return {c.count(), steps};
}

}  // namespace optim::testfn
