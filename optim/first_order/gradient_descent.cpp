#include "optim/first_order/gradient_descent.hpp"

#include "optim/checkpoint/state_archive.hpp"
#include "optim/parallel/thread_pool.hpp"
#include "optim/params.hpp"

namespace optim {

void GradientDescentParams::validate() const {
  require_positive("lr", lr);
}

namespace {
template <class S>
class GradientDescentState final : public RuleState<S> {
 public:
  void update(Vec<S>& x, const Vec<S>& g, S /*f*/, S lr) override {
    parallel_range(x.size(), kElementwiseGrain, [&](Index first, Index last) {
      x.segment(first, last - first) -= lr * g.segment(first, last - first);
    });
  }
  // Plain gradient descent carries nothing from one step to the next.
  void save_state(StateWriter&) const override {}
  void load_state(StateReader&) override {}
};
}  // namespace

template <class S>
GradientDescent<S>::GradientDescent(GradientDescentParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<RuleState<S>> GradientDescent<S>::start(Index) const {
  return std::make_unique<GradientDescentState<S>>();
}

template class GradientDescent<float>;
template class GradientDescent<double>;

}  // namespace optim
