#include "optim/first_order/gradient_descent.hpp"

#include "optim/checkpoint/state_archive.hpp"
#include "optim/parallel/thread_pool.hpp"
#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<GradientDescentParams>& gradient_descent_fields() {
  using namespace settings;
  using P = GradientDescentParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        real("lr", &P::lr, "learning rate eta", Range::positive()),
    };
    return t;
  }();
  return table;
}

void GradientDescentParams::validate() const {
  gradient_descent_fields().validate(*this);
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
  void archive(StateArchive&) override {}  // stateless: x and the rate are all it needs
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
