#include "optim/first_order/first_order.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <span>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/parallel/thread_pool.hpp"

namespace optim {
namespace {

template <class S>
class FirstOrderState final : public MethodState<S> {
 public:
  FirstOrderState(const UpdateRule<S>& rule, const Schedule& schedule, const BatchOptions& batch,
                  Index n, Index samples, Index updates_per_epoch)
      : rule_state_(rule.start(n)),
        schedule_(schedule.clone()),
        eta0_(rule.lr()),
        batch_(batch),
        gy_(n),
        rng_(batch.seed),
        updates_per_epoch_(updates_per_epoch) {
    if (batch_.batch_size > 0) {
      order_.resize(static_cast<size_t>(samples));
      std::iota(order_.begin(), order_.end(), Index{0});
      cursor_ = order_.size();  // forces a (re)shuffle before the first batch
    }
  }

  bool exact() const override { return batch_.batch_size == 0; }

  // A run on a box: every update is followed by the projection x <- P(x) (projected gradient
  // descent and its momentum / adaptive variants, Bertsekas, Nonlinear Programming, 2nd ed.,
  // section 2.3), and a look-ahead gradient point (Nesterov) is projected too, so the objective is
  // never evaluated outside the box. The rule's own state (moments, velocities) is left as the
  // rule made it.
  void set_box(const Bounds<S>* box) {
    box_ = box;
    if (box_) look_.resize(gy_.size());
  }

  // Minibatch / online: the start point is evaluated on the first batch, not on the whole data
  // set (an extra full pass would cost as much as an epoch of training); that gradient is the one
  // the first update needs, so step 1 reuses it.
  void evaluate_start(Evaluator<S>& eval, Iterate<S>& x0) {
    pending_ = next_batch();
    x0.f = eval.batch_value_gradient(x0.x, pending_, &x0.g);
    x0.exact = false;
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    const S lr = static_cast<S>(schedule_->rate(k_, eta0_));
    const Vec<S>* at = rule_state_->gradient_point(cur.x);
    if (at != nullptr && box_ != nullptr) {
      look_ = *at;
      box_->project(look_);
      at = &look_;
    }
    next.x.resize(cur.x.size());
    parallel_range(cur.x.size(), kElementwiseGrain, [&](Index first, Index last) {
      next.x.segment(first, last - first) = cur.x.segment(first, last - first);
    });
    if (batch_.batch_size == 0) {
      // Full batch: the gradient at x is the accepted iterate's; a look-ahead point costs one more.
      const Vec<S>* g = &cur.g;
      if (at != nullptr) {
        eval.value_gradient(*at, gy_);
        g = &gy_;
      }
      if (box_) {
        rule_state_->update_projected(next.x, *g, cur.f, lr, *box_);
      } else {
        rule_state_->update(next.x, *g, cur.f, lr);
      }
      next.f = eval.value_gradient(next.x, next.g);
      next.exact = true;
    } else {
      // Minibatch / online: the record carries the batch estimate at the point where the gradient
      // was taken (no extra pass over the data).
      if (!pending_.empty() && at == nullptr) {  // the start point's batch gradient
        next.f = cur.f;
        next.g = cur.g;
      } else {
        const std::span<const Index> batch = pending_.empty() ? next_batch() : pending_;
        next.f = eval.batch_value_gradient(at != nullptr ? *at : cur.x, batch, &next.g);
      }
      pending_ = {};
      if (box_) {
        rule_state_->update_projected(next.x, next.g, next.f, lr, *box_);
      } else {
        rule_state_->update(next.x, next.g, next.f, lr);
      }
      next.exact = false;
    }
    schedule_->observe(static_cast<double>(next.f));
    ++k_;
    StepReport report{Status::Running, static_cast<double>(lr), {}};
    report.epoch = k_ / updates_per_epoch_;
    report.epoch_end = k_ % updates_per_epoch_ == 0;
    return report;
  }

  // The loop's own state (update count, epoch order, position in it, shuffling RNG) plus the
  // rule's and the schedule's. The RNG goes through its standard text form, which the C++
  // standard guarantees to restore the engine exactly ([rand.req.eng]).
  void archive(StateArchive& a) override {
    Index k = k_, batch = batch_.batch_size;
    auto cursor = static_cast<std::int64_t>(cursor_);
    bool pending = !pending_.empty();
    std::vector<std::int64_t> order;
    std::string rng;
    if (a.saving()) {
      order.assign(order_.begin(), order_.end());
      std::ostringstream text;
      text << rng_;
      rng = text.str();
    }
    a.scalar("k", k);
    a.scalar("batch_size", batch);
    a.scalar("cursor", cursor);
    a.scalar("start_batch_pending", pending);
    a.field("order", order);
    a.field("rng", rng);
    std::mt19937_64 engine;
    if (a.loading()) {
      check_loaded(batch, order, cursor, k, pending);
      std::istringstream text(rng);
      text >> engine;
      if (!text) throw std::runtime_error("checkpoint field 'rng' is not a valid engine state");
    }
    {
      ArchiveScope<StateArchive> s(a, "rule");
      rule_state_->archive(a);
    }
    {
      ArchiveScope<StateArchive> s(a, "schedule");
      schedule_->archive(a);
    }
    if (!a.loading()) return;
    std::copy(order.begin(), order.end(), order_.begin());
    cursor_ = static_cast<size_t>(cursor);
    const std::int64_t len = std::min<std::int64_t>(batch, std::int64_t(order.size()));
    pending_ =
        pending ? std::span<const Index>(order_.data() + cursor - batch, static_cast<size_t>(len))
                : std::span<const Index>();
    k_ = k;
    rng_ = engine;
  }

 private:
  // A loaded loop state must fit this run before it replaces anything (the checkpoint may come
  // from a run with another batch size or data set, or be damaged behind a valid checksum).
  void check_loaded(Index b, const std::vector<std::int64_t>& order, std::int64_t cursor, Index k,
                    bool pending) const {
    if (b != batch_.batch_size) {
      throw std::runtime_error("checkpoint was written with batch_size = " + std::to_string(b) +
                               ", this run uses " + std::to_string(batch_.batch_size));
    }
    if (order.size() != order_.size()) {
      throw std::runtime_error("checkpoint shuffles " + std::to_string(order.size()) +
                               " samples, this objective has " + std::to_string(order_.size()));
    }
    if (cursor < 0 || k < 0) throw std::runtime_error("checkpoint has a negative counter");
    const std::int64_t len = std::min<std::int64_t>(b, std::int64_t(order.size()));
    if (pending && (b <= 0 || cursor < b || cursor - b + len > std::int64_t(order.size()))) {
      throw std::runtime_error("checkpoint has a pending start batch that does not fit its cursor");
    }
    for (std::int64_t i : order) {
      if (i < 0 || i >= static_cast<std::int64_t>(order_.size()))
        throw std::runtime_error("checkpoint sample order holds an index out of range");
    }
  }

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
  const Bounds<S>* box_ = nullptr;
  Vec<S> look_;  // the projected look-ahead point (runs on a box)
  // The batch the start point was evaluated on, until step 1 has used it (empty otherwise).
  std::span<const Index> pending_;
  std::vector<Index> order_;
  size_t cursor_ = 0;
  std::mt19937_64 rng_;
  Index updates_per_epoch_;  // FirstOrder::epoch_shape: the same rule as next_batch()
  Index k_ = 0;
};

}  // namespace

template <class S>
FirstOrder<S>::FirstOrder(std::shared_ptr<const UpdateRule<S>> rule,
                          std::shared_ptr<const Schedule> schedule, BatchOptions batch,
                          std::string name)
    : rule_(std::move(rule)),
      schedule_(std::move(schedule)),
      batch_(batch),
      name_(std::move(name)) {
  if (!rule_) throw std::invalid_argument("first-order method needs an update rule");
  if (!schedule_) throw std::invalid_argument("first-order method needs a schedule");
  batch_.validate();
}

template <class S>
EpochShape FirstOrder<S>::epoch_shape(Index samples) const {
  if (batch_.batch_size == 0 || samples <= 0) return {1, samples};
  // next_batch() starts a new epoch when the next batch would run past the end: from cursor 0 it
  // serves floor(N / B) batches of B (a batch larger than N is the whole set, once per epoch).
  const Index b = std::min(batch_.batch_size, samples);
  return {samples / b, (samples / b) * b};
}

template <class S>
std::unique_ptr<MethodState<S>> FirstOrder<S>::start(Evaluator<S>& eval, Iterate<S>& x0) const {
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
  auto state = std::make_unique<FirstOrderState<S>>(*rule_, *schedule_, batch_, eval.dim(), samples,
                                                    epoch_shape(samples).updates);
  state->set_box(eval.bounds());
  if (batch_.batch_size > 0) state->evaluate_start(eval, x0);
  return state;
}

template class FirstOrder<float>;
template class FirstOrder<double>;

}  // namespace optim
