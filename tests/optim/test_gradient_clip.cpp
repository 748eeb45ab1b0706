// Gradient clipping (optim/first_order/gradient_clip.hpp): the two formulas on hand-computed
// gradients, their composition, the wrapper on every first-order rule in every batch mode (a clip
// that never binds leaves the run bit for bit unchanged, one that binds changes it), the field
// validation, the signature, and the composition with decoupled weight decay.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "checkpoint_test_support.hpp"
#include "optim/optim.hpp"

namespace optim {
namespace {

using testing::bit_identical;
using testing::Separable;

// One gradient-descent step with lr = 1 from x = 0 moves x to -g', so x shows the clipped g'.
Vec<double> clipped_by_one_gd_step(const Vec<double>& g, GradientClipParams p) {
  Stepper<double> step(GradientClip<double>(GradientDescent<double>({.lr = 1.0}), p), g.size());
  Vec<double> x = Vec<double>::Zero(g.size());
  step(x, g);
  return -x;
}

TEST(GradientClip, ByNormScalesToTheBoundOnAHandComputedGradient) {
  // g = (3, 4): ||g||_2 = 5; C = 1 gives g min(1, 1/5) = (0.6, 0.8).
  Vec<double> g(2);
  g << 3, 4;
  const Vec<double> out = clipped_by_one_gd_step(g, {.clip_norm = 1.0});
  EXPECT_DOUBLE_EQ(out[0], 0.6);
  EXPECT_DOUBLE_EQ(out[1], 0.8);
  EXPECT_NEAR(out.norm(), 1.0, 1e-15);
  // C = 5 exactly (the bound is met, min(1, 5/5) = 1) and C = 10: g unchanged, bit for bit.
  EXPECT_TRUE(bit_identical(clipped_by_one_gd_step(g, {.clip_norm = 5.0}), g));
  EXPECT_TRUE(bit_identical(clipped_by_one_gd_step(g, {.clip_norm = 10.0}), g));
}

TEST(GradientClip, ByValueClampsEachEntry) {
  Vec<double> g(4);
  g << 3, -0.5, -7, 2;
  // C = 2: clamp to [-2, 2] entry by entry (the entry at the bound stays as it is).
  const Vec<double> out = clipped_by_one_gd_step(g, {.clip_value = 2.0});
  EXPECT_EQ(out[0], 2.0);
  EXPECT_EQ(out[1], -0.5);
  EXPECT_EQ(out[2], -2.0);
  EXPECT_EQ(out[3], 2.0);
}

TEST(GradientClip, NormClipComesBeforeTheValueClip) {
  // g = (3, 4), C_norm = 2.5: (1.5, 2); then C_value = 1.8: (1.5, 1.8). The other order would
  // give (1.8, 1.8) first and then 1.8 (1, 1) (norm 2.55 > 2.5) scaled to (1.7678, 1.7678).
  Vec<double> g(2);
  g << 3, 4;
  const Vec<double> out = clipped_by_one_gd_step(g, {.clip_norm = 2.5, .clip_value = 1.8});
  EXPECT_DOUBLE_EQ(out[0], 1.5);
  EXPECT_DOUBLE_EQ(out[1], 1.8);
}

TEST(GradientClip, NormFactorIsTheFormulaAndDoesNotDependOnTheThreadCount) {
  // Long enough for several chunks of the parallel passes.
  const Index n = 300000;
  Vec<float> g(n);
  for (Index i = 0; i < n; ++i) g[i] = static_cast<float>(std::sin(0.001 * double(i)) * 1e-2);
  double sq = 0;
  for (Index i = 0; i < n; ++i) sq += double(g[i]) * double(g[i]);
  const double norm = std::sqrt(sq);
  EXPECT_NEAR(clip_norm_factor(g, 0.5 * norm), 0.5, 1e-12);
  EXPECT_EQ(clip_norm_factor(g, 2 * norm), 1.0);
  const double one = clip_norm_factor(g, 0.25);
  double two = 0;
  {
    ContextScope scope(RunContext{.threads = 2});
    two = clip_norm_factor(g, 0.25);
  }
  EXPECT_EQ(one, two);
  // A float gradient whose squares overflow float: the norm is taken in double.
  Vec<float> big = Vec<float>::Constant(4, 1e30f);
  EXPECT_DOUBLE_EQ(clip_norm_factor(big, 1.0), 1.0 / (2.0 * double(1e30f)));
  // A non-finite gradient is not scaled (the driver reports it).
  Vec<double> bad(2);
  bad << 1, std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(clip_norm_factor(bad, 1e-3), 1.0);
}

template <class S>
Result<S> run(const std::string& method, ParamSet p, Index iters = 40) {
  Separable<S> obj(40, 6);
  const Vec<S> x0 = Vec<S>::Constant(6, S(0.5));
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = iters;
  auto m = make_method<S>(method, p);
  return minimize<S>(obj, x0, *m, stop);
}

// Rprop's steps depend on gradient signs alone, which no clip changes: a binding clip leaves its
// run as it is. Every other rule reads magnitudes.
bool sign_based(const std::string& method) {
  return method == "rprop";
}

TEST(GradientClip,
     EveryRuleInEveryBatchModeIsUnchangedWhereTheClipNeverBindsAndChangedWhereItDoes) {
  for (const char* m : {"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw",
                        "amsgrad", "rprop", "quickprop"}) {
    for (const char* batch : {"0", "7", "1"}) {
      SCOPED_TRACE(std::string(m) + " batch_size=" + batch);
      // lr 0.01: every rule converges here (momentum and Nesterov diverge online at 0.05, and
      // then even C = 1e30 binds).
      ParamSet base{{"lr", "0.01"}, {"batch_size", batch}, {"seed", "3"}};
      const Result<double> plain = run<double>(m, base);
      ASSERT_LT(plain.f, 10.0) << plain.message;  // f(x0) is about 1.5: no divergence
      for (const char* key : {"clip_norm", "clip_value"}) {
        ParamSet loose = base, tight = base;
        loose.set(key, "1e30");
        tight.set(key, "1e-3");
        const Result<double> never = run<double>(m, loose);
        EXPECT_TRUE(bit_identical(never.x, plain.x)) << key << " never binds";
        EXPECT_EQ(never.f, plain.f);
        const Result<double> binds = run<double>(m, tight);
        if (sign_based(m)) {
          EXPECT_TRUE(bit_identical(binds.x, plain.x)) << key << ": signs are unchanged";
        } else {
          EXPECT_GT((binds.x - plain.x).norm(), 1e-6) << key << " binds";
        }
      }
    }
  }
  // Float as well.
  const Result<float> plain = run<float>("adam", {{"lr", "0.05"}, {"batch_size", "4"}});
  const Result<float> never =
      run<float>("adam", {{"lr", "0.05"}, {"batch_size", "4"}, {"clip_norm", "1e30"}});
  EXPECT_TRUE(bit_identical(never.x, plain.x));
}

TEST(GradientClip, ABindingNormClipIsTheLoopOnTheClippedGradient) {
  // Full-batch gradient descent with lr eta and clip C: every step moves x by at most eta C.
  Separable<double> obj(40, 6);
  const Vec<double> x0 = Vec<double>::Constant(6, 3.0);  // far out: the quartic term is steep
  Vec<double> g(6);
  obj.evaluate(x0, &g);
  ASSERT_GT(g.norm(), 1.0);
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = 1;
  auto m = make_method<double>("gd", {{"lr", "0.1"}, {"clip_norm", "1"}});
  const Result<double> r = minimize<double>(obj, x0, *m, stop);
  const Vec<double> expected = x0 - 0.1 * g / g.norm();
  EXPECT_NEAR((r.x - expected).norm(), 0.0, 1e-14);
  EXPECT_NEAR((r.x - x0).norm(), 0.1, 1e-14);
}

TEST(GradientClip, UnderDecoupledDecayItIsTheRegistrysAdamwWithClipping) {
  // adamw --clip-norm C = DecoupledDecay(GradientClip(Adam)): the decay shrinks w, the clip only
  // the gradient; built by hand from the library the run is the same bit for bit.
  Separable<double> obj(40, 6);
  const Vec<double> x0 = Vec<double>::Constant(6, 0.5);
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = 30;
  auto reg = make_method<double>("adamw", {{"lr", "0.05"}, {"clip_norm", "0.01"}});
  auto clipped = std::make_shared<GradientClip<double>>(Adam<double>({.lr = 0.05}),
                                                        GradientClipParams{.clip_norm = 0.01});
  FirstOrder<double> by_hand(std::make_shared<DecoupledDecay<double>>(
      clipped, DecoupledDecayParams{.weight_decay = 0.01}));
  const Result<double> a = minimize<double>(obj, x0, *reg, stop);
  const Result<double> b = minimize<double>(obj, x0, by_hand, stop);
  EXPECT_TRUE(bit_identical(a.x, b.x));
  EXPECT_GT((a.x - run<double>("adamw", {{"lr", "0.05"}}, 30).x).norm(), 1e-6);
}

TEST(GradientClip, BadBoundsAreRefusedNamingTheField) {
  for (const char* key : {"clip_norm", "clip_value"}) {
    for (const char* v : {"-1", "inf", "nan"}) {
      try {
        make_method<double>("adam", {{key, v}});
        ADD_FAILURE() << key << " = " << v << " accepted";
      } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("> 0 and finite"), std::string::npos) << e.what();
      }
    }
  }
  EXPECT_THROW(GradientClip<double>(Adam<double>(), {.clip_norm = -2}), std::invalid_argument);
  EXPECT_NO_THROW(make_method<double>("adam", {{"clip_norm", "0"}}));  // 0: off
}

TEST(GradientClip, IsPartOfEveryFirstOrderSignatureAndListing) {
  for (const char* m : {"gd", "adam", "rprop", "quickprop"}) {
    const MethodInfo& info = find_method(m);
    const std::string sig = info.signature({{"clip_norm", "0.5"}, {"clip_value", "2"}});
    EXPECT_NE(sig.find("clip_norm=0.5"), std::string::npos) << sig;
    EXPECT_NE(sig.find("clip_value=2"), std::string::npos) << sig;
    EXPECT_NE(sig, info.signature({})) << m;
    bool listed = false;
    for (const auto& hp : info.params) listed = listed || hp.name == "clip_norm";
    EXPECT_TRUE(listed) << m;
  }
}

}  // namespace
}  // namespace optim
