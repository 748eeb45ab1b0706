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
  NesterovState(Index n, S alpha) : v_(Vec<S>::Zero(n)), y_(n), alpha_(alpha) {}

  // The "location preview" W_t + alpha v_t of seed 000 Prop. 3.9, written into a buffer sized once.
  const Vec<S>* gradient_point(const Vec<S>& x) override {
    parallel_range(x.size(), kElementwiseGrain, [&](Index first, Index last) {
      const Index len = last - first;
      y_.segment(first, len).array() =
          x.segment(first, len).array() + alpha_ * v_.segment(first, len).array();
    });
    return &y_;
  }

  // g was taken at the look-ahead point: v <- alpha v - eta g; W <- W + v.
  void update(Vec<S>& x, const Vec<S>& g, S /*f*/, S lr) override {
    velocity_step(x, v_, g, alpha_, lr);
  }

  // y_ is scratch (rebuilt from x and v before every gradient).
  void archive(StateArchive& a) override { a.field("v", v_); }

 private:
  Vec<S> v_;
  Vec<S> y_;
  S alpha_;
};
}  // namespace

template <class S>
Nesterov<S>::Nesterov(NesterovParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<RuleState<S>> Nesterov<S>::start(Index n) const {
  return std::make_unique<NesterovState<S>>(n, static_cast<S>(p_.momentum));
}

template class Nesterov<float>;
template class Nesterov<double>;

}  // namespace optim
