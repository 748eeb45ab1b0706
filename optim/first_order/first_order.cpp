#include "optim/first_order/first_order.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <span>
#include <stdexcept>
#include <vector>

namespace optim {
namespace {

template <class S>
class FirstOrderState final : public MethodState<S> {
 public:
  FirstOrderState(const UpdateRule<S>& rule, const Schedule& schedule, const BatchOptions& batch,
                  Index n, Index samples)
      : rule_state_(rule.start(n)),
        schedule_(schedule.clone()),
        eta0_(rule.lr()),
        batch_(batch),
        gy_(n),
        rng_(batch.seed) {
    if (batch_.batch_size > 0) {
      order_.resize(static_cast<size_t>(samples));
      std::iota(order_.begin(), order_.end(), Index{0});
      cursor_ = order_.size();  // forces a (re)shuffle before the first batch
    }
  }

  bool exact() const override { return batch_.batch_size == 0; }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    const S lr = static_cast<S>(schedule_->rate(k_, eta0_));
    const Vec<S>* at = rule_state_->gradient_point(cur.x);
    next.x = cur.x;
    if (batch_.batch_size == 0) {
      // Full batch: the gradient at x is the accepted iterate's; a look-ahead point costs one more.
      const Vec<S>* g = &cur.g;
      if (at != nullptr) {
        eval.value_gradient(*at, gy_);
        g = &gy_;
      }
      rule_state_->update(next.x, *g, cur.f, lr);
      next.f = eval.value_gradient(next.x, next.g);
      next.exact = true;
    } else {
      // Minibatch / online: the record carries the batch estimate at the point where the gradient
      // was taken (no extra pass over the data).
      const std::span<const Index> batch = next_batch();
      next.f = eval.batch_value_gradient(at != nullptr ? *at : cur.x, batch, &next.g);
      rule_state_->update(next.x, next.g, next.f, lr);
      next.exact = false;
    }
    schedule_->observe(static_cast<double>(next.f));
    ++k_;
    return {Status::Running, static_cast<double>(lr), {}};
  }

 private:
  std::span<const Index> next_batch() {
    const size_t b = static_cast<size_t>(batch_.batch_size);
    if (cursor_ + b > order_.size()) {  // new epoch: drop the ragged tail, reshuffle
      if (batch_.shuffle) std::shuffle(order_.begin(), order_.end(), rng_);
      cursor_ = 0;
    }
    std::span<const Index> out(order_.data() + cursor_, std::min(b, order_.size()));
    cursor_ += b;
    return out;
  }

  std::unique_ptr<RuleState<S>> rule_state_;
  std::unique_ptr<Schedule> schedule_;
  double eta0_;
  BatchOptions batch_;
  Vec<S> gy_;  // gradient at a look-ahead point
  std::vector<Index> order_;
  size_t cursor_ = 0;
  std::mt19937_64 rng_;
  Index k_ = 0;
};

}  // namespace

template <class S>
FirstOrder<S>::FirstOrder(std::shared_ptr<const UpdateRule<S>> rule,
                          std::shared_ptr<const Schedule> schedule, BatchOptions batch)
    : rule_(std::move(rule)), schedule_(std::move(schedule)), batch_(batch) {
  if (!rule_) throw std::invalid_argument("first-order method needs an update rule");
  if (!schedule_) throw std::invalid_argument("first-order method needs a schedule");
  require_at_least("batch_size", static_cast<double>(batch_.batch_size), 0.0);
}

template <class S>
std::unique_ptr<MethodState<S>> FirstOrder<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  Index samples = 0;
  if (batch_.batch_size > 0) {
    if (eval.separable() == nullptr) {
      throw std::invalid_argument("batch_size = " + std::to_string(batch_.batch_size) +
                                  " needs a separable (sample-wise) objective; use batch_size = 0 "
                                  "(full batch) for this objective");
    }
    samples = eval.separable()->size();
    if (samples <= 0) throw std::invalid_argument("separable objective has no samples");
  }
  return std::make_unique<FirstOrderState<S>>(*rule_, *schedule_, batch_, eval.dim(), samples);
}

template class FirstOrder<float>;
template class FirstOrder<double>;

}  // namespace optim
