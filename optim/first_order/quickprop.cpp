#include "optim/first_order/quickprop.hpp"

#include <algorithm>
#include <cmath>

#include "optim/params.hpp"

namespace optim {

void QuickpropParams::validate() const {
  require_positive("lr", lr);
  require_positive("mu", mu);
}

namespace {
template <class S>
class QuickpropState final : public RuleState<S> {
 public:
  QuickpropState(Index n, const QuickpropParams& p)
      : g_prev_(Vec<S>::Zero(n)), dw_prev_(Vec<S>::Zero(n)), p_(p) {}

  void update(Vec<S>& x, const Vec<S>& g, S /*f*/, S lr) override {
    const S mu = static_cast<S>(p_.mu);
    const S shrink = mu / (S(1) + mu);  // Fahlman's mu / (1 + mu)
    const Index n = x.size();
    for (Index i = 0; i < n; ++i) {
      const S gi = g[i], gp = g_prev_[i], dp = dw_prev_[i];
      S dw;
      if (dp == S(0)) {
        dw = -lr * gi;  // gradient-descent fallback (first step, stalled weight)
      } else {
        // Slopes along the previous step's direction: s = -g sign(dw_prev) > 0 means downhill.
        const S dir = dp > S(0) ? S(1) : S(-1);
        const S s = -gi * dir, sp = -gp * dir;
        const bool downhill = s > S(0);
        dw = (p_.gradient_term && downhill) ? -lr * gi : S(0);
        if (s > shrink * sp) {
          dw += mu * dp;  // the jump would exceed mu dw_prev (or the parabola opens downward)
        } else if (gp != gi) {
          const S ratio = std::clamp(gi / (gp - gi), -mu, mu);  // parabola step, capped
          dw += ratio * dp;
        } else if (!(p_.gradient_term && downhill)) {
          dw += -lr * gi;  // degenerate parabola: gradient-descent fallback
        }
      }
      x[i] += dw;
      dw_prev_[i] = dw;
      g_prev_[i] = gi;
    }
  }

 private:
  Vec<S> g_prev_;
  Vec<S> dw_prev_;
  QuickpropParams p_;
};
}  // namespace

template <class S>
Quickprop<S>::Quickprop(QuickpropParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<RuleState<S>> Quickprop<S>::start(Index n) const {
  return std::make_unique<QuickpropState<S>>(n, p_);
}

template class Quickprop<float>;
template class Quickprop<double>;

}  // namespace optim
