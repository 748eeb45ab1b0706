#include "optim/first_order/adam.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/parallel/thread_pool.hpp"
#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<AdamParams>& adam_fields() {
  using namespace settings;
  using P = AdamParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        real("lr", &P::lr, "learning rate eta", Range::positive()),
        real("beta1", &P::beta1, "first-moment decay", Range::unit_interval()),
        real("beta2", &P::beta2, "second-moment decay", Range::unit_interval()),
        real("eps", &P::eps, "denominator guard", Range::positive()),
        boolean("eps_inside", &P::eps_inside,
                "sqrt(A_hat + eps) (seeds 000/001) instead of sqrt(A_hat) + eps"),
        boolean("amsgrad", &P::amsgrad, "keep the running maximum of the second moment"),
        boolean("bias_correction", &P::bias_correction,
                "divide the moments by 1 - beta^t (false: seed 002's idea 1, biased toward 0)"),
    };
    return t;
  }();
  return table;
}

void AdamParams::validate() const {
  adam_fields().validate(*this);
}

namespace {
template <class S>
class AdamState final : public RuleState<S> {
 public:
  AdamState(Index n, const AdamParams& p)
      : m_(Vec<S>::Zero(n)),
        v_(Vec<S>::Zero(n)),
        vmax_(p.amsgrad ? Vec<S>::Zero(n) : Vec<S>()),
        p_(p) {}

  void update(Vec<S>& x, const Vec<S>& g, S f, S lr) override {
    update_with_decay(x, g, f, lr, S(1));  // keep = 1: w unchanged before the step, exactly
  }

  // One fused pass for AdamW too: W <- keep W - step, keep = 1 - eta lambda (DecoupledDecay).
  void update_with_decay(Vec<S>& x, const Vec<S>& g, S /*f*/, S lr, S keep) override {
    step(x, g, lr, keep, NoClip{});
  }

  // The projection is fused into the kernel: each w_i is clipped as it is written, min(max(w_i,
  // l_i), u_i), the value Bounds::project gives. On a box made of few runs of one interval each
  // (Bounds::runs: one value per side, as the common `--lower 0`, or a layer's weights bounded
  // and its biases free) the clip takes the two scalars of its run, at no extra memory traffic;
  // per-coordinate bounds are read as two more arrays (9 streams instead of 7, the least they
  // can cost; a separate projection pass would make it 11).
  void update_projected(Vec<S>& x, const Vec<S>& g, S /*f*/, S lr, const Bounds<S>& box) override {
    if (box.uniform()) {
      step(x, g, lr, S(1), ScalarClip{box.lower()[0], box.upper()[0]});
    } else if (!box.runs().empty()) {
      step(x, g, lr, S(1), RunClips{box.runs().data(), box.runs().size()});
    } else {
      step(x, g, lr, S(1), ArrayClip{box.lower().data(), box.upper().data()});
    }
  }

  void archive(StateArchive& a) override {
    a.scalar("t", t_);
    a.field("m", m_);
    a.field("v", v_);
    a.field("vmax", vmax_);  // empty unless amsgrad; the length check catches a mismatch
  }

 private:
  struct NoClip {
    S operator()(Index, S w) const { return w; }
  };
  struct ScalarClip {
    S lo, hi;
    S operator()(Index, S w) const { return std::min(std::max(w, lo), hi); }
  };
  struct ArrayClip {
    const S* __restrict lo;
    const S* __restrict hi;
    S operator()(Index i, S w) const { return std::min(std::max(w, lo[i]), hi[i]); }
  };
  // The runs of a box: the kernel's range is cut at the runs' ends, each piece a ScalarClip.
  struct RunClips {
    const typename Bounds<S>::Run* runs;
    std::size_t count;
  };

  template <class Clip>
  void step(Vec<S>& x, const Vec<S>& g, S lr, S keep, Clip clip) {
    ++t_;
    // Bias corrections in double: beta^t is formed once per step, not per element.
    const bool correct = p_.bias_correction;
    const double bc1 = correct ? 1.0 - std::pow(p_.beta1, static_cast<double>(t_)) : 1.0;
    const double bc2 = correct ? 1.0 - std::pow(p_.beta2, static_cast<double>(t_)) : 1.0;
    const S step = static_cast<S>(static_cast<double>(lr) / bc1);  // eta / (1 - beta1^t)
    const S inv_bc2 = static_cast<S>(1.0 / bc2);                   // 1 / (1 - beta2^t)
    const S eps = static_cast<S>(p_.eps);
    // Four kernels so that the per-element loop carries no branch.
    auto outside = [eps](S a_hat) { return std::sqrt(a_hat) + eps; };
    auto inside = [eps](S a_hat) { return std::sqrt(a_hat + eps); };
    if (p_.amsgrad) {
      if (p_.eps_inside)
        run<true>(x, g, step, inv_bc2, keep, inside, clip);
      else
        run<true>(x, g, step, inv_bc2, keep, outside, clip);
    } else {
      if (p_.eps_inside)
        run<false>(x, g, step, inv_bc2, keep, inside, clip);
      else
        run<false>(x, g, step, inv_bc2, keep, outside, clip);
    }
  }

  // One fused pass over w, g, G, A (and A_max): the whole update of one element at a time.
  template <bool kAms, class Denom, class Clip>
  void run(Vec<S>& x, const Vec<S>& g, S step, S inv_bc2, S keep, Denom denom, Clip clip) {
    const S beta1 = static_cast<S>(p_.beta1), one_minus_beta1 = static_cast<S>(1.0 - p_.beta1);
    const S beta2 = static_cast<S>(p_.beta2), one_minus_beta2 = static_cast<S>(1.0 - p_.beta2);
    auto kernel = [&](Index first, Index last, S b1, S c1, S b2, S c2, S keep_w, S eta, S inv_c2,
                      Denom den, auto cl) {
      S* __restrict w = x.data();
      S* __restrict m = m_.data();
      S* __restrict v = v_.data();
      S* __restrict vmax = kAms ? vmax_.data() : nullptr;
      const S* __restrict gr = g.data();
      for (Index i = first; i < last; ++i) {
        const S gi = gr[i];
        const S mi = b1 * m[i] + c1 * gi;
        const S vi = b2 * v[i] + c2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        S vu = vi;
        if constexpr (kAms) {
          vu = std::max(vmax[i], vi);
          vmax[i] = vu;
        }
        w[i] = cl(i, keep_w * w[i] - eta * mi / den(vu * inv_c2));
      }
    };
    if constexpr (std::is_same_v<Clip, RunClips>) {
      auto pieces = [&](Index first, Index last, S b1, S c1, S b2, S c2, S keep_w, S eta, S inv_c2,
                        Denom den, RunClips rc) {
        // The run holding `first`: the last one beginning at or before it.
        const auto* r = std::upper_bound(rc.runs, rc.runs + rc.count, first,
                                         [](Index i, const auto& run) { return i < run.begin; }) -
                        1;
        for (Index a = first; a < last; ++r) {
          const Index b = std::min(last, r->end);
          kernel(a, b, b1, c1, b2, c2, keep_w, eta, inv_c2, den, ScalarClip{r->lower, r->upper});
          a = b;
        }
      };
      parallel_range(x.size(), kElementwiseGrain, pieces, beta1, one_minus_beta1, beta2,
                     one_minus_beta2, keep, step, inv_bc2, denom, clip);
    } else {
      parallel_range(x.size(), kElementwiseGrain, kernel, beta1, one_minus_beta1, beta2,
                     one_minus_beta2, keep, step, inv_bc2, denom, clip);
    }
  }

  Vec<S> m_, v_, vmax_;
  AdamParams p_;
  long t_ = 0;
};
}  // namespace

template <class S>
Adam<S>::Adam(AdamParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<RuleState<S>> Adam<S>::start(Index n) const {
  return std::make_unique<AdamState<S>>(n, p_);
}

template class Adam<float>;
template class Adam<double>;

}  // namespace optim
