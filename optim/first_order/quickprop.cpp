#include "optim/first_order/quickprop.hpp"

#include <algorithm>
#include <cmath>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/parallel/thread_pool.hpp"
#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<QuickpropParams>& quickprop_fields() {
  using namespace settings;
  using P = QuickpropParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        real("lr", &P::lr, "gradient-term / fallback rate eta", Range::positive()),
        real("mu", &P::mu, "maximum growth factor", Range::positive()),
        boolean("gradient_term", &P::gradient_term, "add -eta g while the slope keeps its sign"),
    };
    return t;
  }();
  return table;
}

void QuickpropParams::validate() const {
  quickprop_fields().validate(*this);
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
    const bool use_gradient_term = p_.gradient_term;
    const Index n = x.size();
    // One pass with selects instead of branches (so that it vectorises); every candidate step is
    // formed and the rules below pick one. Division by a zero denominator yields inf/NaN in a lane
    // whose value is then discarded.
    parallel_range(
        n, kElementwiseGrain,
        [&](Index first, Index last, S lr, S mu, S shrink, bool use_gradient_term) {
          // Restrict pointers and by-value scalars (see parallel_range) let g++ vectorise this.
          S* __restrict w = x.data();
          S* __restrict gprev = g_prev_.data();
          S* __restrict dwprev = dw_prev_.data();
          const S* __restrict gr = g.data();
          for (Index i = first; i < last; ++i) {
            const S gi = gr[i], gp = gprev[i], dp = dwprev[i];
            const S gd_step = -lr * gi;
            // Slopes along the previous step's direction: s = -g sign(dw_prev) > 0 means downhill.
            const S dir = dp > S(0) ? S(1) : S(-1);
            const S s = -gi * dir, sp = -gp * dir;
            const bool term = use_gradient_term & (s > S(0));  // Fahlman's gradient term
            const S ratio =
                std::max(-mu, std::min(gi / (gp - gi), mu));  // parabola step, capped at mu
            // The jump would exceed mu dw_prev (or the parabola opens downward): take mu dw_prev.
            const S quad = s > shrink * sp ? mu * dp
                           : gp != gi      ? ratio * dp
                           : term          ? S(0)
                                           : gd_step;   // degenerate parabola: gradient descent
            const S dw = dp == S(0) ? gd_step  // first step or stalled weight: gradient descent
                                    : (term ? gd_step : S(0)) + quad;
            w[i] += dw;
            dwprev[i] = dw;
            gprev[i] = gi;
          }
        },
        lr, mu, shrink, use_gradient_term);
  }

  void archive(StateArchive& a) override {
    a.field("g_prev", g_prev_);
    a.field("dw_prev", dw_prev_);
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
