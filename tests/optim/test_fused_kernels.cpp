// The fused element-wise kernels of the update rules against plain Eigen statements of their
// formulas, step by step on random data: Adam in its four forms (eps outside / inside the root,
// with and without AMSGrad), each without and with decoupled weight decay (AdamW's one-pass
// kernel), and the fallback decay path (a scaling pass, then the rule's step) of gradient descent
// and momentum (SGDW).
//
// Tolerance: 0 ulps. The references apply the same IEEE operations (+, *, /, sqrt, max; all
// correctly rounded, in scalar code and in Eigen 3.4's packets alike, the root taken with
// std::sqrt) in the same order to the same prefactors, so without fused multiply-add the results
// are bit for bit the same. A build
// with -march=native (OPTIM_NATIVE) lets the compiler contract a*b + c into one FMA differently
// in the two codes; each contraction changes one rounding (<= 0.5 ulp of that operation), so
// there the comparison allows a few ulps per step.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <type_traits>

#include "optim/bounds/bounds.hpp"
#include "optim/first_order/adam.hpp"
#include "optim/first_order/decoupled_decay.hpp"
#include "optim/first_order/gradient_descent.hpp"
#include "optim/first_order/momentum.hpp"
#include "optim/parallel/thread_pool.hpp"
#include "optim/run_context.hpp"

namespace optim {
namespace {

template <class S>
using Arr = Eigen::Array<S, Eigen::Dynamic, 1>;

constexpr int kSteps = 6;
#ifdef __FMA__
constexpr std::int64_t kUlpsPerStep = 4;
#else
constexpr std::int64_t kUlpsPerStep = 0;
#endif

// Distance in units in the last place between two finite values of one sign convention.
template <class S>
std::int64_t ulps(S a, S b) {
  using I = std::conditional_t<sizeof(S) == 8, std::int64_t, std::int32_t>;
  I ia, ib;
  std::memcpy(&ia, &a, sizeof a);
  std::memcpy(&ib, &b, sizeof b);
  // Map the sign-magnitude encoding onto a monotone integer line.
  const auto line = [](I i) -> std::int64_t {
    return i < 0 ? std::int64_t(std::numeric_limits<I>::min()) - std::int64_t(i) : std::int64_t(i);
  };
  const std::int64_t d = line(ia) - line(ib);
  return d < 0 ? -d : d;
}

template <class S>
Vec<S> random_vec(Index n, unsigned seed, double scale) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal;
  Vec<S> v(n);
  for (Index i = 0; i < n; ++i) v[i] = static_cast<S>(scale * normal(rng));
  return v;
}

template <class S>
void expect_same(const Vec<S>& got, const Vec<S>& want, int step, const std::string& label) {
  ASSERT_EQ(got.size(), want.size());
  std::int64_t worst = 0;
  Index at = 0;
  for (Index i = 0; i < got.size(); ++i) {
    ASSERT_TRUE(std::isfinite(static_cast<double>(got[i]))) << label << " step " << step;
    const std::int64_t d = ulps(got[i], want[i]);
    if (d > worst) worst = d, at = i;
  }
  EXPECT_LE(worst, kUlpsPerStep * step) << label << " step " << step << ": element " << at << " is "
                                        << got[at] << ", the formula " << want[at];
}

// The gradient of step k: fresh random numbers of varying size, so that AMSGrad's maximum and the
// bias corrections are exercised on every element.
template <class S>
Vec<S> gradient(Index n, int k) {
  return random_vec<S>(n, 100u + unsigned(k), k % 2 == 0 ? 1.0 : 0.1);
}

// Kingma & Ba's Adam with Reddi et al.'s AMSGrad option and Loshchilov & Hutter's decoupled decay,
// one vector statement per line of the algorithm.
template <class S>
struct AdamReference {
  AdamParams p;
  double lambda;
  Arr<S> m, v, vmax;
  long t = 0;

  AdamReference(const AdamParams& params, double weight_decay, Index n)
      : p(params),
        lambda(weight_decay),
        m(Arr<S>::Zero(n)),
        v(Arr<S>::Zero(n)),
        vmax(Arr<S>::Zero(n)) {}

  void step(Vec<S>& x, const Vec<S>& g_vec, S lr) {
    const Arr<S> g = g_vec.array();
    ++t;
    const S b1 = S(p.beta1), c1 = S(1.0 - p.beta1), b2 = S(p.beta2), c2 = S(1.0 - p.beta2);
    const S eta_hat = S(double(lr) / (1.0 - std::pow(p.beta1, double(t))));  // eta / (1 - b1^t)
    const S inv_bc2 = S(1.0 / (1.0 - std::pow(p.beta2, double(t))));         // 1 / (1 - b2^t)
    const S keep = S(1.0 - double(lr) * lambda);                             // 1 - eta lambda
    m = b1 * m + c1 * g;                                                     // G
    v = b2 * v + (c2 * g) * g;                                               // A
    if (p.amsgrad) vmax = vmax.max(v);                                       // A_max
    const Arr<S> a_hat = (p.amsgrad ? vmax : v) * inv_bc2;
    // The root element by element with std::sqrt: Eigen 3.4's float packet sqrt under its default
    // EIGEN_FAST_MATH is an rsqrt estimate refined by one Newton step (1-2 bits short of the
    // correctly rounded root), so Eigen's .sqrt() would not be a statement of the formula here.
    const auto root = [](S a) { return std::sqrt(a); };
    const Arr<S> denom = p.eps_inside ? Arr<S>((a_hat + S(p.eps)).unaryExpr(root))
                                      : Arr<S>(a_hat.unaryExpr(root) + S(p.eps));
    x.array() = keep * x.array() - (eta_hat * m) / denom;
  }
};

template <class S>
class FusedKernels : public ::testing::Test {};
using Scalars = ::testing::Types<float, double>;
TYPED_TEST_SUITE(FusedKernels, Scalars);

TYPED_TEST(FusedKernels, AdamAndAdamWMatchTheFormula) {
  using S = TypeParam;
  // Two chunks of the library's threads and a ragged tail, on one thread and on two.
  const Index n = 2 * kElementwiseGrain + 37;
  for (int threads : {1, 2}) {
    const ContextScope scope(RunContext{.threads = threads});
    for (bool ams : {false, true}) {
      for (bool inside : {false, true}) {
        for (double lambda : {0.0, 0.05}) {
          AdamParams p;
          p.lr = 0.01;
          p.beta2 = 0.9;  // a short memory, so that A falls and AMSGrad's maximum acts
          p.amsgrad = ams;
          p.eps_inside = inside;
          const std::string label = std::string(ams ? "amsgrad" : "adam") +
                                    (inside ? " eps inside" : "") + " lambda " +
                                    std::to_string(lambda) + " threads " + std::to_string(threads);
          std::shared_ptr<const UpdateRule<S>> rule = std::make_shared<Adam<S>>(p);
          if (lambda > 0)
            rule = std::make_shared<DecoupledDecay<S>>(rule, DecoupledDecayParams{lambda});
          auto state = rule->start(n);
          AdamReference<S> ref(p, lambda, n);
          Vec<S> x = random_vec<S>(n, 7, 1.0), x_ref = x;
          for (int k = 1; k <= kSteps; ++k) {
            const Vec<S> g = gradient<S>(n, k);
            const S lr = static_cast<S>(p.lr * (1.0 - 0.1 * k));  // a schedule's varying rate
            state->update(x, g, S(0), lr);
            ref.step(x_ref, g, lr);
            expect_same(x, x_ref, k, label);
          }
          EXPECT_NE(x, random_vec<S>(n, 7, 1.0)) << label;  // the steps did move x
        }
      }
    }
  }
}

TYPED_TEST(FusedKernels, DecayFallbackOfGradientDescentAndMomentumMatchesSgdw) {
  using S = TypeParam;
  const Index n = kElementwiseGrain + 11;
  const double lambda = 0.2;
  const MomentumParams mp{0.05, 0.9};
  DecoupledDecay<S> sgdw(GradientDescent<S>({0.05}), {lambda});
  DecoupledDecay<S> momentum_w(Momentum<S>(mp), {lambda});
  EXPECT_EQ(sgdw.name(), "gdw");
  EXPECT_EQ(momentum_w.name(), "momentumw");
  auto gd_state = sgdw.start(n);
  auto mom_state = momentum_w.start(n);
  Vec<S> x_gd = random_vec<S>(n, 9, 1.0), x_mom = x_gd, ref_gd = x_gd, ref_mom = x_gd;
  Arr<S> vel = Arr<S>::Zero(n);
  for (int k = 1; k <= kSteps; ++k) {
    const Vec<S> g = gradient<S>(n, k);
    const S lr = static_cast<S>(0.05);
    const S keep = S(1.0 - double(lr) * lambda);
    gd_state->update(x_gd, g, S(0), lr);
    mom_state->update(x_mom, g, S(0), lr);
    // SGDW (Loshchilov & Hutter, Algorithm 1): w <- (1 - eta lambda) w, then w <- w - eta g ...
    ref_gd.array() = keep * ref_gd.array();
    ref_gd.array() = ref_gd.array() - lr * g.array();
    // ... and with heavy-ball momentum: v <- a v - eta g; w <- w + v after the shrinkage.
    ref_mom.array() = keep * ref_mom.array();
    vel = S(mp.momentum) * vel - lr * g.array();
    ref_mom.array() = ref_mom.array() + vel;
    expect_same(x_gd, ref_gd, k, "gd + decay");
    expect_same(x_mom, ref_mom, k, "momentum + decay");
  }
}

TYPED_TEST(FusedKernels, AdamOnABoxClipsInItsKernelAsTheProjectionDoes) {
  // update_projected fuses the projection into Adam's pass: bit for bit the step followed by
  // Bounds::project, for a box with one value per side (clipped by scalars), one of three runs
  // (each clipped by its scalars) and one with per-coordinate bounds (read as arrays), in the
  // four forms of Adam.
  using S = TypeParam;
  const Index n = 3000;
  const Bounds<S> uniform(n, S(-0.5), S(0.5));
  Vec<S> lo = random_vec<S>(n, 21, 1.0).cwiseAbs() * S(-1),
         hi = random_vec<S>(n, 22, 1.0).cwiseAbs();
  lo[7] = -std::numeric_limits<S>::infinity();
  const Bounds<S> arrays(lo, hi);
  constexpr S inf = std::numeric_limits<S>::infinity();
  Vec<S> rlo(n), rhi(n);
  rlo.head(1000).setConstant(S(0));  // non-negative "weights"
  rhi.head(1000).setConstant(inf);
  rlo.segment(1000, 500).setConstant(-inf);  // free "biases"
  rhi.segment(1000, 500).setConstant(inf);
  rlo.tail(1500).setConstant(S(-0.3));
  rhi.tail(1500).setConstant(S(0.4));
  const Bounds<S> runs(rlo, rhi);
  ASSERT_TRUE(uniform.uniform());
  ASSERT_FALSE(arrays.uniform());
  ASSERT_TRUE(arrays.runs().empty());
  ASSERT_EQ(runs.runs().size(), 3u);
  ASSERT_FALSE(runs.uniform());
  for (const Bounds<S>* box : {&uniform, &runs, &arrays}) {
    for (bool ams : {false, true}) {
      for (bool inside : {false, true}) {
        AdamParams p;
        p.amsgrad = ams;
        p.eps_inside = inside;
        auto fused = Adam<S>(p).start(n);
        auto plain = Adam<S>(p).start(n);
        Vec<S> xf = random_vec<S>(n, 23, 1.0), xp = xf;
        box->project(xf);
        box->project(xp);
        Index clipped = 0;
        for (int k = 1; k <= kSteps; ++k) {
          const Vec<S> g = gradient<S>(n, k);
          fused->update_projected(xf, g, S(0), S(0.05), *box);
          plain->update(xp, g, S(0), S(0.05));
          Vec<S> unclipped = xp;
          box->project(xp);
          clipped += (unclipped.array() != xp.array()).count();
          ASSERT_TRUE(box->contains(xf));
          EXPECT_EQ(std::memcmp(xf.data(), xp.data(), sizeof(S) * std::size_t(n)), 0)
              << (box == &uniform ? "uniform"
                  : box == &runs  ? "runs"
                                  : "arrays")
              << " amsgrad " << ams << " inside " << inside << " step " << k;
        }
        EXPECT_GT(clipped, 0);  // the box binds: the clip is exercised
      }
    }
  }
}

TYPED_TEST(FusedKernels, AdamOnABoxOfRunsCutsEachChunkAtTheRunsEnds) {
  // Long enough for several chunks of kElementwiseGrain, with runs that begin and end inside
  // chunks: each chunk finds the run it starts in and changes scalars at the runs' ends.
  using S = TypeParam;
  const Index n = 3 * kElementwiseGrain + 1000;
  constexpr S inf = std::numeric_limits<S>::infinity();
  Vec<S> lo = Vec<S>::Constant(n, S(-0.2)), hi = Vec<S>::Constant(n, S(0.3));
  lo.segment(kElementwiseGrain - 100, kElementwiseGrain + 5000).setConstant(S(0));
  hi.segment(kElementwiseGrain - 100, kElementwiseGrain + 5000).setConstant(inf);
  lo.tail(7).setConstant(-inf);
  const Bounds<S> box(lo, hi);
  ASSERT_EQ(box.runs().size(), 4u);
  auto fused = Adam<S>(AdamParams{}).start(n);
  auto plain = Adam<S>(AdamParams{}).start(n);
  Vec<S> xf = random_vec<S>(n, 31, 1.0), xp = xf;
  box.project(xf);
  box.project(xp);
  for (int k = 1; k <= 5; ++k) {
    const Vec<S> g = gradient<S>(n, k);
    fused->update_projected(xf, g, S(0), S(0.05), box);
    plain->update(xp, g, S(0), S(0.05));
    box.project(xp);
    ASSERT_EQ(std::memcmp(xf.data(), xp.data(), sizeof(S) * std::size_t(n)), 0) << "step " << k;
  }
}

TEST(FusedKernels, DecayOfZeroIsTheRuleBitForBit) {
  // keep = 1 - eta 0 = 1 exactly: the wrapped rule moves x exactly as the bare one.
  const Index n = 1000;
  AdamParams p;
  p.lr = 0.01;
  DecoupledDecay<double> wrapped(Adam<double>(p), {0.0});
  auto a = Adam<double>(p).start(n);
  auto b = wrapped.start(n);
  Vec<double> xa = random_vec<double>(n, 3, 1.0), xb = xa;
  for (int k = 1; k <= kSteps; ++k) {
    const Vec<double> g = gradient<double>(n, k);
    a->update(xa, g, 0.0, 0.01);
    b->update(xb, g, 0.0, 0.01);
  }
  EXPECT_EQ(xa, xb);
}

}  // namespace
}  // namespace optim
