#include "optim/first_order/adagrad.hpp"

#include <cmath>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/parallel/thread_pool.hpp"
#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<AdagradParams>& adagrad_fields() {
  using namespace settings;
  using P = AdagradParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        real("lr", &P::lr, "learning rate eta", Range::positive()),
        real("eps", &P::eps, "denominator guard", Range::positive()),
        boolean("eps_inside", &P::eps_inside, "sqrt(A + eps) (seed 000) instead of sqrt(A) + eps"),
        real("initial_accumulator", &P::initial_accumulator, "initial A", Range::at_least(0)),
    };
    return t;
  }();
  return table;
}

void AdagradParams::validate() const {
  adagrad_fields().validate(*this);
}

namespace {
template <class S>
class AdagradState final : public RuleState<S> {
 public:
  AdagradState(Index n, const AdagradParams& p)
      : a_(Vec<S>::Constant(n, static_cast<S>(p.initial_accumulator))),
        eps_(static_cast<S>(p.eps)),
        inside_(p.eps_inside) {}

  void update(Vec<S>& x, const Vec<S>& g, S /*f*/, S lr) override {
    if (inside_) {
      run(x, g, lr, [e = eps_](S acc) { return std::sqrt(acc + e); });  // seed 000 Def. 3.7
    } else {
      run(x, g, lr, [e = eps_](S acc) { return std::sqrt(acc) + e; });  // seed 002, Duchi et al.
    }
  }

  void archive(StateArchive& a) override { a.field("a", a_); }

 private:
  // One fused pass over w, g, A: A <- A + g^2; w <- w - eta g / denom(A).
  template <class Denom>
  void run(Vec<S>& x, const Vec<S>& g, S lr, Denom denom) {
    const Index n = x.size();
    parallel_range(
        n, kElementwiseGrain,
        [&](Index first, Index last, S lr, Denom denom) {
          // Restrict pointers and by-value scalars (see parallel_range) let g++ vectorise this.
          S* __restrict w = x.data();
          S* __restrict acc = a_.data();
          const S* __restrict gr = g.data();
          for (Index i = first; i < last; ++i) {
            const S gi = gr[i];
            const S ai = acc[i] + gi * gi;
            acc[i] = ai;
            w[i] -= lr * gi / denom(ai);
          }
        },
        lr, denom);
  }

  Vec<S> a_;
  S eps_;
  bool inside_;
};
}  // namespace

template <class S>
Adagrad<S>::Adagrad(AdagradParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<RuleState<S>> Adagrad<S>::start(Index n) const {
  return std::make_unique<AdagradState<S>>(n, p_);
}

template class Adagrad<float>;
template class Adagrad<double>;

}  // namespace optim
