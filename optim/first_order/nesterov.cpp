#include "optim/first_order/nesterov.hpp"

#include "optim/checkpoint/state_archive.hpp"
#include "optim/first_order/momentum.hpp"
#include "optim/parallel/thread_pool.hpp"
#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<NesterovParams>& nesterov_fields() {
  using namespace settings;
  using P = NesterovParams;
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

void NesterovParams::validate() const {
  nesterov_fields().validate(*this);
}

namespace {
template <class S>
class NesterovState final : public RuleState<S> {
 public:
  NesterovState(Index n, const NesterovParams& p)
      : v_(Vec<S>::Zero(n)), y_(n), alpha_(static_cast<S>(p.momentum)), p_(p) {}

  // mu_k of update k: the look-ahead and the update of one step share it (Sutskever et al. 2013,
  // eqs. 3-4, write NAG with mu_t in both places).
  S alpha() const {
    return p_.schedule.constant() ? alpha_
                                  : static_cast<S>(momentum_at(p_.schedule, p_.momentum, k_));
  }

  // The "location preview" W_t + alpha v_t of seed 000 Prop. 3.9, written into a buffer sized once.
  const Vec<S>* gradient_point(const Vec<S>& x) override {
    const S a = alpha();
    parallel_range(x.size(), kElementwiseGrain, [&](Index first, Index last) {
      const Index len = last - first;
      y_.segment(first, len).array() =
          x.segment(first, len).array() + a * v_.segment(first, len).array();
    });
    return &y_;
  }

  // g was taken at the look-ahead point: v <- alpha v - eta g; W <- W + v.
  void update(Vec<S>& x, const Vec<S>& g, S /*f*/, S lr) override {
    velocity_step(x, v_, g, alpha(), lr);
    ++k_;
  }

  // y_ is scratch (rebuilt from x and v before every gradient). A constant coefficient keeps the
  // checkpoint entries it always had; a schedule adds its update count.
  void archive(StateArchive& a) override {
    a.field("v", v_);
    if (!p_.schedule.constant()) a.scalar("momentum_k", k_);
  }

 private:
  Vec<S> v_;
  Vec<S> y_;
  S alpha_;
  NesterovParams p_;
  std::int64_t k_ = 0;  // updates so far: the k of mu_k
};
}  // namespace

template <class S>
Nesterov<S>::Nesterov(NesterovParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<RuleState<S>> Nesterov<S>::start(Index n) const {
  return std::make_unique<NesterovState<S>>(n, p_);
}

template class Nesterov<float>;
template class Nesterov<double>;

}  // namespace optim
