#include "optim/first_order/rprop.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/parallel/thread_pool.hpp"
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

const settings::FieldTable<RpropParams>& rprop_fields() {
  using namespace settings;
  using P = RpropParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        real("lr", &P::lr, "initial step Delta_0, in [step_min, step_max]", Range::positive()),
        choice("variant", &P::variant,
               {{"rprop-", RpropVariant::RpropMinus},
                {"rprop+", RpropVariant::RpropPlus},
                {"irprop+", RpropVariant::IRpropPlus},
                {"irprop-", RpropVariant::IRpropMinus}},
               "rprop+ / irprop+ backtrack; irprop- is torch's"),
        real("eta_minus", &P::eta_minus, "step shrink factor", Range::open_unit()),
        real("eta_plus", &P::eta_plus, "step growth factor", Range::greater(1)),
        real("step_min", &P::step_min, "smallest step", Range::positive()),
        real("step_max", &P::step_max, "largest step, >= step_min", Range::positive()),
    };
    t.rules = {[](const P& p, const std::string& o) {
      if (p.step_max < p.step_min) {
        settings::throw_field(o, "step_max", p.step_max,
                              ">= step_min = " + settings::real_text(p.step_min));
      }
      if (p.lr < p.step_min || p.lr > p.step_max) {
        settings::throw_field(o, "lr", p.lr,
                              "in [step_min, step_max] (it is the initial step size)");
      }
    }};
    return t;
  }();
  return table;
}

void RpropParams::validate() const {
  rprop_fields().validate(*this);
}

namespace {

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
    const RpropVariant var = p_.variant;
    // Loop-invariant choices of this step. iRprop+ backtracks only if the error went up,
    // E_t > E_{t-1}; rprop+ always does; the i-variants treat a flipped g_i as 0.
    const bool backtrack =
        var == RpropVariant::RpropPlus || (var == RpropVariant::IRpropPlus && f > f_prev_);
    const bool zero_on_flip = var != RpropVariant::RpropMinus;
    run(x, g, backtrack, zero_on_flip);
    f_prev_ = f;
  }

  void archive(StateArchive& a) override {
    a.scalar("first", first_);
    a.scalar("f_prev", f_prev_);
    a.field("delta", delta_);
    a.field("g_prev", g_prev_);
    a.field("dw", dw_);
  }

 private:
  // One pass, written with selects instead of branches so that it vectorises.
  void run(Vec<S>& x, const Vec<S>& g, bool backtrack, bool zero_on_flip) {
    const S up = static_cast<S>(p_.eta_plus), down = static_cast<S>(p_.eta_minus);
    const S lo = static_cast<S>(p_.step_min), hi = static_cast<S>(p_.step_max);
    const Index n = x.size();
    parallel_range(
        n, kElementwiseGrain,
        [&](Index first, Index last, S up, S down, S lo, S hi, bool backtrack, bool zero_on_flip) {
          // Restrict pointers and by-value scalars (see parallel_range) let g++ vectorise this.
          S* __restrict w = x.data();
          S* __restrict delta = delta_.data();
          S* __restrict gprev = g_prev_.data();
          S* __restrict dwprev = dw_.data();
          const S* __restrict gr = g.data();
          for (Index i = first; i < last; ++i) {
            const S gi = gr[i], gp = gprev[i], d = delta[i], dp = dwprev[i];
            // Signs compared directly: a product g_prev g could underflow to 0 for tiny gradients.
            // Bitwise & and | (not && and ||): no short-circuit branches in the loop.
            const bool pos = gi > S(0), neg = gi<S(0), ppos = gp> S(0), pneg = gp < S(0);
            const bool same = (pos & ppos) | (neg & pneg);
            const bool flip = (pos & pneg) | (neg & ppos);
            const S grown = std::min(d * up, hi), shrunk = std::max(d * down, lo);
            const S dn = same ? grown : (flip ? shrunk : d);
            const S ge = (flip & zero_on_flip) ? S(0) : gi;  // i-variants: no move, no sign memory
            const S sg = (ge > S(0) ? S(1) : S(0)) - (ge < S(0) ? S(1) : S(0));
            const S step = -sg * dn;
            const bool back = flip & backtrack;  // weight backtracking: undo the previous step
            const S dw = back ? -dp : step;
            w[i] += dw;
            delta[i] = dn;
            dwprev[i] = dw;
            gprev[i] = back ? S(0) : ge;
          }
        },
        up, down, lo, hi, backtrack, zero_on_flip);
  }

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
