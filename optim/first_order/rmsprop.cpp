#include "optim/first_order/rmsprop.hpp"

#include <cmath>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/parallel/thread_pool.hpp"
#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<RmspropParams>& rmsprop_fields() {
  using namespace settings;
  using P = RmspropParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        real("lr", &P::lr, "learning rate eta", Range::positive()),
        real("beta", &P::beta, "smoothing beta (torch's alpha)", Range::unit_interval()),
        real("eps", &P::eps, "denominator guard", Range::positive()),
        boolean("eps_inside", &P::eps_inside, "sqrt(A + eps) (seed 000) instead of sqrt(A) + eps"),
        real("momentum", &P::momentum, "heavy-ball mu on the rescaled gradient (torch's momentum)",
             Range::unit_interval()),
        boolean("centered", &P::centered,
                "divide by the running variance A - G^2 of g (torch's centered)"),
    };
    return t;
  }();
  return table;
}

void RmspropParams::validate() const {
  rmsprop_fields().validate(*this);
}

namespace {
template <class S>
class RmspropState final : public RuleState<S> {
 public:
  RmspropState(Index n, const RmspropParams& p)
      : a_(Vec<S>::Zero(n)),
        beta_(static_cast<S>(p.beta)),
        eps_(static_cast<S>(p.eps)),
        inside_(p.eps_inside),
        mu_(static_cast<S>(p.momentum)),
        centered_(p.centered) {
    if (centered_) mean_ = Vec<S>::Zero(n);
    if (p.momentum > 0) buf_ = Vec<S>::Zero(n);
  }

  void update(Vec<S>& x, const Vec<S>& g, S /*f*/, S lr) override {
    if (centered_ || buf_.size() > 0) {
      if (inside_) {
        run_variant(x, g, lr, [e = eps_](S acc) { return std::sqrt(acc + e); });
      } else {
        run_variant(x, g, lr, [e = eps_](S acc) { return std::sqrt(acc) + e; });
      }
    } else if (inside_) {
      run(x, g, lr, [e = eps_](S acc) { return std::sqrt(acc + e); });  // seed 000 Prop. 3.11
    } else {
      run(x, g, lr, [e = eps_](S acc) { return std::sqrt(acc) + e; });  // seed 002, torch
    }
  }

  // The variants' buffers only when in use: a plain run's checkpoint keeps its layout.
  void archive(StateArchive& a) override {
    a.field("a", a_);
    if (centered_) a.field("mean", mean_);
    if (buf_.size() > 0) a.field("momentum", buf_);
  }

 private:
  // One fused pass over w, g, A: A <- beta A + (1 - beta) g^2; w <- w - eta g / denom(A).
  template <class Denom>
  void run(Vec<S>& x, const Vec<S>& g, S lr, Denom denom) {
    const S b = beta_, one_minus_b = S(1) - beta_;
    const Index n = x.size();
    parallel_range(
        n, kElementwiseGrain,
        [&](Index first, Index last, S b, S one_minus_b, S lr, Denom denom) {
          // Restrict pointers and by-value scalars (see parallel_range) let g++ vectorise this.
          S* __restrict w = x.data();
          S* __restrict acc = a_.data();
          const S* __restrict gr = g.data();
          for (Index i = first; i < last; ++i) {
            const S gi = gr[i];
            const S ai = b * acc[i] + one_minus_b * gi * gi;
            acc[i] = ai;
            w[i] -= lr * gi / denom(ai);
          }
        },
        b, one_minus_b, lr, denom);
  }

  // The centred and/or momentum form: A and G as above, d = g / denom(A - G^2 or A), then
  // B <- mu B + d and w <- w - eta B (or w <- w - eta d without momentum).
  template <class Denom>
  void run_variant(Vec<S>& x, const Vec<S>& g, S lr, Denom denom) {
    const S b = beta_, one_minus_b = S(1) - beta_, mu = mu_;
    const bool centered = centered_, heavy = buf_.size() > 0;
    parallel_range(
        x.size(), kElementwiseGrain,
        [&](Index first, Index last, S b, S one_minus_b, S lr, S mu, Denom denom) {
          S* __restrict w = x.data();
          S* __restrict acc = a_.data();
          S* __restrict avg = centered ? mean_.data() : nullptr;
          S* __restrict bb = heavy ? buf_.data() : nullptr;
          const S* __restrict gr = g.data();
          for (Index i = first; i < last; ++i) {
            const S gi = gr[i];
            const S ai = b * acc[i] + one_minus_b * gi * gi;
            acc[i] = ai;
            S second = ai;
            if (centered) {
              const S mi = b * avg[i] + one_minus_b * gi;
              avg[i] = mi;
              second = ai - mi * mi;
            }
            const S d = gi / denom(second);
            if (heavy) {
              const S v = mu * bb[i] + d;
              bb[i] = v;
              w[i] -= lr * v;
            } else {
              w[i] -= lr * d;
            }
          }
        },
        b, one_minus_b, lr, mu, denom);
  }

  Vec<S> a_;
  Vec<S> mean_;  // G (centered only)
  Vec<S> buf_;   // B (momentum > 0 only)
  S beta_;
  S eps_;
  bool inside_;
  S mu_;
  bool centered_;
};
}  // namespace

template <class S>
Rmsprop<S>::Rmsprop(RmspropParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<RuleState<S>> Rmsprop<S>::start(Index n) const {
  return std::make_unique<RmspropState<S>>(n, p_);
}

template class Rmsprop<float>;
template class Rmsprop<double>;

}  // namespace optim
