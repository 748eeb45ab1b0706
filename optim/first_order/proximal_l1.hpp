#pragma once
// The proximal (soft-threshold) step of an L1 penalty mu sum_{i in C} |x_i| around ANY first-order
// update rule (seed 002 "L1 and L2 Weight Decay", taken as a proximal gradient method: Duchi &
// Singer 2009, "Efficient online and batch learning using forward backward splitting"; Beck &
// Teboulle 2009, ISTA). After the rule's own step with the scheduled rate eta_k, every covered
// coordinate is shrunk toward 0 and clamped there:
//   x_i <- sign(x_i) max(|x_i| - eta_k mu, 0),   i in C,
// the proximal map of eta_k mu |.|. Unlike the subgradient mu sign(x_i) in the loss, which makes
// small weights oscillate around 0, this sets them to exactly 0: the sparsity the penalty aims
// at. C is a list of coordinate ranges (a network's weight matrices, not its biases), all of x
// when empty. The penalty is not part of the objective's value or gradient.
#include <memory>
#include <utility>
#include <vector>

#include "optim/first_order/update_rule.hpp"

namespace optim {

// Coordinates [first, first + count) of the covered set C.
struct CoordinateRange {
  Index first = 0, count = 0;
};

template <class S>
class ProximalL1 final : public UpdateRule<S> {
 public:
  // mu >= 0 and finite (std::invalid_argument naming "l1" otherwise); ranges must not overlap
  // (a coordinate shrunk twice would see 2 eta mu) and must fit the n given to start().
  ProximalL1(std::shared_ptr<const UpdateRule<S>> rule, double mu,
             std::vector<CoordinateRange> ranges = {});

  std::string name() const override { return rule_->name(); }
  double lr() const override { return rule_->lr(); }
  std::unique_ptr<RuleState<S>> start(Index n) const override;
  double mu() const { return mu_; }

 private:
  std::shared_ptr<const UpdateRule<S>> rule_;
  double mu_;
  std::vector<CoordinateRange> ranges_;
};

// x_i <- sign(x_i) max(|x_i| - t, 0) for i in ranges (all of x when empty).
template <class S>
void soft_threshold(Vec<S>& x, S t, const std::vector<CoordinateRange>& ranges);

}  // namespace optim
