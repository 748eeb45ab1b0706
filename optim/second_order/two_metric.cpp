#include "optim/second_order/two_metric.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optim {

template <class S>
Index TwoMetricProjection<S>::classify(const Bounds<S>& box, const Vec<S>& x, const Vec<S>& g) {
  const S eps = std::min(static_cast<S>(eps_),
                         static_cast<S>(box.projected_gradient_norm(x, g, NormKind::Two)));
  const Vec<S>& l = box.lower();
  const Vec<S>& u = box.upper();
  Index count = 0;
  for (Index i = 0; i < x.size(); ++i) {
    const bool on =
        l[i] == u[i] || (x[i] <= l[i] + eps && g[i] > 0) || (x[i] >= u[i] - eps && g[i] < 0);
    active_[static_cast<std::size_t>(i)] = on ? 1 : 0;
    count += on ? 1 : 0;
  }
  return count;
}

template <class S>
typename TwoMetricProjection<S>::Outcome TwoMetricProjection<S>::search(Evaluator<S>& eval,
                                                                        const Bounds<S>& box,
                                                                        const Iterate<S>& cur,
                                                                        const Vec<S>& d,
                                                                        Iterate<S>& next) const {
  const Vec<S>& l = box.lower();
  const Vec<S>& u = box.upper();
  const Index n = cur.x.size();
  // The free variables' part of the predicted decrease is linear in a: -a sum_free g_i d_i.
  S free_slope = 0;
  for (Index i = 0; i < n; ++i) {
    if (!active(i)) free_slope += cur.g[i] * d[i];
  }
  // Near a solution the decrease the rule asks for falls below the rounding of f (about
  // u |f| per evaluation), and values alone cannot confirm it: there a trial whose f is not
  // larger beyond that rounding and whose projected gradient is smaller is accepted instead
  // (progress in the first-order optimality measure, which the gradient still resolves).
  const S noise = S(4) * std::numeric_limits<S>::epsilon() * std::abs(cur.f);
  double pg_cur = -1;  // ||P(x - g) - x|| at cur, computed when first needed
  S alpha = 1;
  for (int trial = 0; trial < kMaxTrials; ++trial, alpha *= static_cast<S>(kBeta)) {
    // x(a) = P(x + a d) and the active variables' part of the decrease in one pass.
    S active_decrease = 0;
    for (Index i = 0; i < n; ++i) {
      const S xi = std::min(std::max(cur.x[i] + alpha * d[i], l[i]), u[i]);
      next.x[i] = xi;
      if (active(i)) active_decrease += cur.g[i] * (cur.x[i] - xi);
    }
    const S predicted = -alpha * free_slope + active_decrease;
    if (!(predicted > 0)) {
      // Either the direction is no descent on the free variables (the metric lost positive
      // definiteness) or the projected arc does not move: nothing to accept.
      if (trial == 0 || !(free_slope < 0)) {
        return {false, 0,
                "the projected arc P(x + a d) gives no predicted decrease (free-variable slope " +
                    std::to_string(static_cast<double>(free_slope)) + ")"};
      }
      continue;  // rounding at tiny a; keep shrinking until the trials run out
    }
    next.f = eval.value_gradient(next.x, next.g);
    next.exact = true;
    if (!std::isfinite(static_cast<double>(next.f))) continue;
    const S wanted = static_cast<S>(kSigma) * predicted;
    if (cur.f - next.f >= wanted) return {true, alpha, {}};
    if (wanted <= noise && next.f <= cur.f + noise) {
      if (pg_cur < 0) pg_cur = box.projected_gradient_norm(cur.x, cur.g, NormKind::Two);
      if (box.projected_gradient_norm(next.x, next.g, NormKind::Two) < pg_cur) {
        return {true, alpha, {}};
      }
    }
  }
  return {false, 0,
          "the projected Armijo arc search found no sufficient decrease in " +
              std::to_string(kMaxTrials) + " trials"};
}

template class TwoMetricProjection<float>;
template class TwoMetricProjection<double>;

}  // namespace optim
