#include "optim/first_order/proximal_l1.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "optim/params.hpp"

namespace optim {

template <class S>
void soft_threshold(Vec<S>& x, S t, const std::vector<CoordinateRange>& ranges) {
  auto shrink = [t](S* v, Index count) {
    for (Index i = 0; i < count; ++i) {
      const S a = std::abs(v[i]) - t;
      // sign(v) max(|v| - t, 0); a shrunk-to-zero entry is +0 whatever its sign was.
      v[i] = a > S(0) ? std::copysign(a, v[i]) : S(0);
    }
  };
  if (ranges.empty()) {
    shrink(x.data(), x.size());
    return;
  }
  for (const CoordinateRange& r : ranges) shrink(x.data() + r.first, r.count);
}

namespace {
template <class S>
class ProximalL1State final : public RuleState<S> {
 public:
  ProximalL1State(std::unique_ptr<RuleState<S>> inner, double mu,
                  const std::vector<CoordinateRange>& ranges)
      : inner_(std::move(inner)), mu_(mu), ranges_(ranges) {}

  const Vec<S>* gradient_point(const Vec<S>& x) override { return inner_->gradient_point(x); }

  void update(Vec<S>& x, const Vec<S>& g, S f, S lr) override {
    inner_->update(x, g, f, lr);
    // eta_k mu formed in double, rounded once to S.
    soft_threshold(x, static_cast<S>(static_cast<double>(lr) * mu_), ranges_);
  }

  // The threshold carries no state: the checkpoint is the rule's, unchanged.
  void archive(StateArchive& a) override { inner_->archive(a); }

 private:
  std::unique_ptr<RuleState<S>> inner_;
  double mu_;
  std::vector<CoordinateRange> ranges_;  // a copy made at start(), so update() never allocates
};
}  // namespace

template <class S>
ProximalL1<S>::ProximalL1(std::shared_ptr<const UpdateRule<S>> rule, double mu,
                          std::vector<CoordinateRange> ranges)
    : rule_(std::move(rule)), mu_(mu), ranges_(std::move(ranges)) {
  if (!rule_) throw std::invalid_argument("proximal L1 needs an update rule");
  if (!(mu >= 0 && std::isfinite(mu))) throw_out_of_range("l1", mu, ">= 0 and finite");
  std::vector<CoordinateRange> sorted = ranges_;
  std::sort(sorted.begin(), sorted.end(),
            [](const CoordinateRange& a, const CoordinateRange& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i].first < 0 || sorted[i].count < 0 ||
        (i > 0 && sorted[i].first < sorted[i - 1].first + sorted[i - 1].count)) {
      throw std::invalid_argument(
          "proximal L1: coordinate ranges must be non-negative and disjoint");
    }
  }
}

template <class S>
std::unique_ptr<RuleState<S>> ProximalL1<S>::start(Index n) const {
  for (const CoordinateRange& r : ranges_) {
    if (r.first + r.count > n) {
      throw std::invalid_argument("proximal L1: coordinates [" + std::to_string(r.first) + ", " +
                                  std::to_string(r.first + r.count) +
                                  ") do not fit n = " + std::to_string(n));
    }
  }
  return std::make_unique<ProximalL1State<S>>(rule_->start(n), mu_, ranges_);
}

template void soft_threshold<float>(Vec<float>&, float, const std::vector<CoordinateRange>&);
template void soft_threshold<double>(Vec<double>&, double, const std::vector<CoordinateRange>&);
template class ProximalL1<float>;
template class ProximalL1<double>;

}  // namespace optim
