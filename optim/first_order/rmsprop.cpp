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
        inside_(p.eps_inside) {}

  void update(Vec<S>& x, const Vec<S>& g, S /*f*/, S lr) override {
    if (inside_) {
      run(x, g, lr, [e = eps_](S acc) { return std::sqrt(acc + e); });  // seed 000 Prop. 3.11
    } else {
      run(x, g, lr, [e = eps_](S acc) { return std::sqrt(acc) + e; });  // seed 002, torch
    }
  }

  void archive(StateArchive& a) override { a.field("a", a_); }

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

  Vec<S> a_;
  S beta_;
  S eps_;
  bool inside_;
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
