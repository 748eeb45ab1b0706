#pragma once
// Linear learning-rate warmup in front of any schedule, the usual recipe of torch's
// SequentialLR([LinearLR(...), main], milestones=[N]) and of Goyal et al. 2017 ("Accurate, large
// minibatch SGD", sec. 2.2, gradual warmup): for the first N updates the rate climbs linearly to
// the base rate, then the wrapped schedule runs from ITS update 0 (it starts after the warmup, as
// the scheduler after a SequentialLR milestone does):
//   eta_k = eta_0 (k + 1) / N          for k < N   (k = 0-based update count)
//   eta_k = inner.rate(k - N, eta_0)   for k >= N
// so eta_0 / N is the first rate, eta_0 the last warmup rate and the inner schedule's own first
// rate (eta_0 for every schedule here) follows. torch's LinearLR(start_factor = 1/N,
// total_iters = N) climbs from eta_0 / N to eta_0 at update N instead of N - 1.
//
// Observations (reduce-on-plateau) made during the warmup are not passed on: the inner
// schedule's patience counts from its own start. The warmup is a function of k (saved by the
// loop), so a checkpoint holds only the inner schedule's state, under the same names as without
// the warmup.
#include <memory>

#include "optim/first_order/schedule.hpp"

namespace optim {

class WarmupSchedule final : public Schedule {
 public:
  // N >= 1 warmup updates before `inner` (cloned per run with this schedule).
  WarmupSchedule(std::unique_ptr<Schedule> inner, Index updates);
  WarmupSchedule(const Schedule& inner, Index updates) : WarmupSchedule(inner.clone(), updates) {}

  std::string name() const override {
    return "warmup:" + std::to_string(n_) + "," + inner_->name();
  }
  std::unique_ptr<Schedule> clone() const override;
  double rate(Index k, double eta0) override;
  void observe(double f) override;
  void archive(StateArchive& a) override;

  Index updates() const { return n_; }
  const Schedule& inner() const { return *inner_; }

 private:
  std::unique_ptr<Schedule> inner_;
  Index n_;
  Index last_k_ = -1;  // update count of the last rate() asked for
};

}  // namespace optim
