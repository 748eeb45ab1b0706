#include "optim/first_order/momentum.hpp"

#include "optim/checkpoint/state_archive.hpp"
#include "optim/parallel/thread_pool.hpp"
#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<MomentumParams>& momentum_fields() {
  using namespace settings;
  using P = MomentumParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        real("lr", &P::lr, "learning rate eta", Range::positive()),
        real("momentum", &P::momentum, "momentum parameter alpha", Range::unit_interval()),
    };
    t.embed(&P::schedule, momentum_schedule_fields());
    return t;
  }();
  return table;
}

void MomentumParams::validate() const {
  momentum_fields().validate(*this);
}

template <class S>
void velocity_step(Vec<S>& x, Vec<S>& v, const Vec<S>& g, S alpha, S lr) {
  parallel_range(
      x.size(), kElementwiseGrain,
      [&](Index first, Index last, S a, S eta) {
        // Restrict pointers and by-value scalars (see parallel_range) let g++ vectorise this.
        S* __restrict w = x.data();
        S* __restrict vel = v.data();
        const S* __restrict gr = g.data();
        for (Index i = first; i < last; ++i) {
          const S vi = a * vel[i] - eta * gr[i];
          vel[i] = vi;
          w[i] += vi;
        }
      },
      alpha, lr);
}

template void velocity_step<float>(Vec<float>&, Vec<float>&, const Vec<float>&, float, float);
template void velocity_step<double>(Vec<double>&, Vec<double>&, const Vec<double>&, double, double);

namespace {
template <class S>
class MomentumState final : public RuleState<S> {
 public:
  MomentumState(Index n, const MomentumParams& p)
      : v_(Vec<S>::Zero(n)), alpha_(static_cast<S>(p.momentum)), p_(p) {}

  // v <- mu_k v - eta g; w <- w + v (seed 000 Prop. 3.8; mu_k of the schedule, seed 003).
  void update(Vec<S>& x, const Vec<S>& g, S /*f*/, S lr) override {
    const S alpha =
        p_.schedule.constant() ? alpha_ : static_cast<S>(momentum_at(p_.schedule, p_.momentum, k_));
    velocity_step(x, v_, g, alpha, lr);
    ++k_;
  }

  // A constant coefficient keeps the checkpoint entries it always had; a schedule adds its
  // update count.
  void archive(StateArchive& a) override {
    a.field("v", v_);
    if (!p_.schedule.constant()) a.scalar("momentum_k", k_);
  }

 private:
  Vec<S> v_;
  S alpha_;
  MomentumParams p_;
  std::int64_t k_ = 0;  // updates so far: the k of mu_k
};
}  // namespace

template <class S>
Momentum<S>::Momentum(MomentumParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<RuleState<S>> Momentum<S>::start(Index n) const {
  return std::make_unique<MomentumState<S>>(n, p_);
}

template class Momentum<float>;
template class Momentum<double>;

}  // namespace optim
