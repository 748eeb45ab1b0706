#include "optim/first_order/decoupled_decay.hpp"

#include <stdexcept>

#include "optim/parallel/thread_pool.hpp"
#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<DecoupledDecayParams>& decoupled_decay_fields() {
  using namespace settings;
  using P = DecoupledDecayParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        real("weight_decay", &P::weight_decay,
             "decoupled weight decay lambda: w <- w (1 - lr lambda) before each step (AdamW, SGDW)",
             Range::at_least(0)),
    };
    return t;
  }();
  return table;
}

void DecoupledDecayParams::validate() const {
  decoupled_decay_fields().validate(*this);
}

template <class S>
void scale_in_place(Vec<S>& x, S keep) {
  parallel_range(
      x.size(), kElementwiseGrain,
      [&](Index first, Index last, S k) {
        S* __restrict w = x.data();
        for (Index i = first; i < last; ++i) w[i] *= k;
      },
      keep);
}

template void scale_in_place<float>(Vec<float>&, float);
template void scale_in_place<double>(Vec<double>&, double);

namespace {
template <class S>
class DecoupledDecayState final : public RuleState<S> {
 public:
  DecoupledDecayState(std::unique_ptr<RuleState<S>> inner, double lambda)
      : inner_(std::move(inner)), lambda_(lambda) {}

  const Vec<S>* gradient_point(const Vec<S>& x) override { return inner_->gradient_point(x); }

  void update(Vec<S>& x, const Vec<S>& g, S f, S lr) override {
    // 1 - eta lambda formed in double, then rounded once to S.
    const S keep = static_cast<S>(1.0 - static_cast<double>(lr) * lambda_);
    inner_->update_with_decay(x, g, f, lr, keep);
  }

  // The decay carries no state of its own: the checkpoint is the rule's, unchanged.
  void archive(StateArchive& a) override { inner_->archive(a); }

 private:
  std::unique_ptr<RuleState<S>> inner_;
  double lambda_;
};
}  // namespace

template <class S>
DecoupledDecay<S>::DecoupledDecay(std::shared_ptr<const UpdateRule<S>> rule, DecoupledDecayParams p)
    : rule_(std::move(rule)), p_(p) {
  if (!rule_) throw std::invalid_argument("decoupled weight decay needs an update rule");
  p_.validate();
}

template <class S>
std::unique_ptr<RuleState<S>> DecoupledDecay<S>::start(Index n) const {
  return std::make_unique<DecoupledDecayState<S>>(rule_->start(n), p_.weight_decay);
}

template class DecoupledDecay<float>;
template class DecoupledDecay<double>;

}  // namespace optim
