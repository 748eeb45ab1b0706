#include "optim/first_order/gradient_clip.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "optim/parallel/thread_pool.hpp"

namespace optim {

const settings::FieldTable<GradientClipParams>& gradient_clip_fields() {
  using namespace settings;
  using P = GradientClipParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        real("clip_norm", &P::clip_norm,
             "clip the gradient by global norm before each step: g <- g min(1, C / ||g||_2)",
             Range::positive().or_value(0, "off")),
        real("clip_value", &P::clip_value,
             "clip each gradient entry before each step: g_i <- clamp(g_i, -C, C)",
             Range::positive().or_value(0, "off")),
    };
    return t;
  }();
  return table;
}

void GradientClipParams::validate() const {
  gradient_clip_fields().validate(*this);
}

template <class S>
double clip_norm_factor(const Vec<S>& g, double c) {
  // Partial sums of squares per fixed chunk, combined in chunk order (thread_pool.hpp: the
  // partition depends on the length alone), in double so that a float gradient cannot overflow.
  const Chunking parts = chunking(g.size(), kElementwiseGrain);
  std::array<double, 64> partial{};
  parallel_chunks(parts.chunks, [&](Index chunk) {
    const Index first = chunk * parts.size;
    const Index last = std::min(g.size(), first + parts.size);
    double s = 0;
    for (Index i = first; i < last; ++i) {
      const double v = static_cast<double>(g[i]);
      s += v * v;
    }
    partial[static_cast<size_t>(chunk)] = s;
  });
  double sum = 0;
  for (Index chunk = 0; chunk < parts.chunks; ++chunk) sum += partial[static_cast<size_t>(chunk)];
  const double norm = std::sqrt(sum);
  if (!std::isfinite(norm) || norm <= c) return 1.0;
  return c / norm;
}

template double clip_norm_factor<float>(const Vec<float>&, double);
template double clip_norm_factor<double>(const Vec<double>&, double);

namespace {

template <class S>
class GradientClipState final : public RuleState<S> {
 public:
  GradientClipState(std::unique_ptr<RuleState<S>> inner, GradientClipParams p, Index n)
      : inner_(std::move(inner)), p_(p), clipped_(n) {}

  const Vec<S>* gradient_point(const Vec<S>& x) override { return inner_->gradient_point(x); }

  void update(Vec<S>& x, const Vec<S>& g, S f, S lr) override { inner_->update(x, clip(g), f, lr); }
  // Decoupled decay wrapped around the clip keeps the inner rule's fused kernel (Adam's).
  void update_with_decay(Vec<S>& x, const Vec<S>& g, S f, S lr, S keep) override {
    inner_->update_with_decay(x, clip(g), f, lr, keep);
  }

  // The clip keeps no state: the checkpoint is the rule's, unchanged.
  void archive(StateArchive& a) override { inner_->archive(a); }

 private:
  // The gradient the rule must see: g itself when no clip binds, else the clipped copy.
  const Vec<S>& clip(const Vec<S>& g) {
    const double factor = p_.clip_norm > 0 ? clip_norm_factor(g, p_.clip_norm) : 1.0;
    if (factor == 1.0 && p_.clip_value <= 0) return g;
    const S scale = static_cast<S>(factor);
    // No value clip: clamp to +-inf, which returns every finite entry unchanged.
    const S bound =
        p_.clip_value > 0 ? static_cast<S>(p_.clip_value) : std::numeric_limits<S>::infinity();
    const bool scaled = factor != 1.0;
    parallel_range(
        g.size(), kElementwiseGrain,
        [&](Index first, Index last, S s, S c, bool by_norm) {
          const S* __restrict in = g.data();
          S* __restrict out = clipped_.data();
          for (Index i = first; i < last; ++i) {
            const S v = by_norm ? in[i] * s : in[i];
            // clamp(v, -c, c); a NaN entry passes through for the driver to report.
            out[i] = v < -c ? -c : (v > c ? c : v);
          }
        },
        scale, bound, scaled);
    return clipped_;
  }

  std::unique_ptr<RuleState<S>> inner_;
  GradientClipParams p_;
  Vec<S> clipped_;
};

}  // namespace

template <class S>
GradientClip<S>::GradientClip(std::shared_ptr<const UpdateRule<S>> rule, GradientClipParams p)
    : rule_(std::move(rule)), p_(p) {
  if (!rule_) throw std::invalid_argument("gradient clipping needs an update rule");
  p_.validate();
}

template <class S>
std::unique_ptr<RuleState<S>> GradientClip<S>::start(Index n) const {
  return std::make_unique<GradientClipState<S>>(rule_->start(n), p_, n);
}

template class GradientClip<float>;
template class GradientClip<double>;

}  // namespace optim
