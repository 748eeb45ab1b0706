#include "optim/first_order/rprop.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "optim/params.hpp"

namespace optim {

const char* to_string(RpropVariant v) {
  switch (v) {
    case RpropVariant::RpropMinus:
      return "rprop-";
    case RpropVariant::RpropPlus:
      return "rprop+";
    case RpropVariant::IRpropPlus:
      return "irprop+";
    case RpropVariant::IRpropMinus:
      return "irprop-";
  }
  return "?";
}

RpropVariant parse_rprop_variant(const std::string& text) {
  for (auto v : {RpropVariant::RpropMinus, RpropVariant::RpropPlus, RpropVariant::IRpropPlus,
                 RpropVariant::IRpropMinus}) {
    if (text == to_string(v)) return v;
  }
  throw std::invalid_argument("invalid variant = '" + text +
                              "': must be one of rprop-, rprop+, irprop+, irprop-");
}

void RpropParams::validate() const {
  require_in_open_unit_interval("eta_minus", eta_minus);
  if (!(eta_plus > 1) || !std::isfinite(eta_plus)) throw_out_of_range("eta_plus", eta_plus, "> 1");
  require_positive("step_min", step_min);
  require_positive("step_max", step_max);
  if (step_max < step_min) {
    throw_out_of_range("step_max", step_max, ">= step_min = " + std::to_string(step_min));
  }
  require_positive("lr", lr);
  if (lr < step_min || lr > step_max) {
    throw_out_of_range("lr", lr, "in [step_min, step_max] (it is the initial step size)");
  }
}

namespace {

template <class S>
int sign_of(S v) {
  return (v > S(0)) - (v < S(0));
}

template <class S>
class RpropState final : public RuleState<S> {
 public:
  RpropState(Index n, const RpropParams& p)
      : delta_(n), g_prev_(Vec<S>::Zero(n)), dw_(Vec<S>::Zero(n)), p_(p) {}

  void update(Vec<S>& x, const Vec<S>& g, S f, S lr) override {
    if (first_) {
      delta_.setConstant(std::clamp(lr, static_cast<S>(p_.step_min), static_cast<S>(p_.step_max)));
      first_ = false;
    }
    const S up = static_cast<S>(p_.eta_plus), down = static_cast<S>(p_.eta_minus);
    const S lo = static_cast<S>(p_.step_min), hi = static_cast<S>(p_.step_max);
    // iRprop+ backtracks only when the error went up: E_t > E_{t-1}.
    const bool error_rose = f > f_prev_;
    const RpropVariant var = p_.variant;
    const Index n = x.size();
    for (Index i = 0; i < n; ++i) {
      S gi = g[i];
      const int s = sign_of(g_prev_[i]) * sign_of(gi);
      if (s > 0) {
        delta_[i] = std::min(delta_[i] * up, hi);
      } else if (s < 0) {
        delta_[i] = std::max(delta_[i] * down, lo);
        if (var == RpropVariant::RpropPlus || (var == RpropVariant::IRpropPlus && error_rose)) {
          // Weight backtracking: undo the previous step, forget the sign.
          x[i] -= dw_[i];
          dw_[i] = -dw_[i];
          g_prev_[i] = S(0);
          continue;
        }
        if (var != RpropVariant::RpropMinus) gi = S(0);  // i-variants: no move, no sign memory
      }
      const S dw = -static_cast<S>(sign_of(gi)) * delta_[i];
      x[i] += dw;
      dw_[i] = dw;
      g_prev_[i] = gi;
    }
    f_prev_ = f;
  }

 private:
  Vec<S> delta_;   // per-weight step sizes Delta_i
  Vec<S> g_prev_;  // previous gradient (0 after a flip in the + and i variants)
  Vec<S> dw_;      // previous weight change, for backtracking
  RpropParams p_;
  S f_prev_ = std::numeric_limits<S>::infinity();
  bool first_ = true;
};

}  // namespace

template <class S>
Rprop<S>::Rprop(RpropParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<RuleState<S>> Rprop<S>::start(Index n) const {
  return std::make_unique<RpropState<S>>(n, p_);
}

template class Rprop<float>;
template class Rprop<double>;

}  // namespace optim
