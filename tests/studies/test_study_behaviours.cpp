// The seeds' optimizer behaviours (studies/behaviours.hpp): every verdict follows from the figures
// by its stated criterion, and the figures obey what the dynamics guarantee.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "studies/behaviours.hpp"

namespace optim::studies {
namespace {

const std::vector<Behaviour>& study() {
  static const std::vector<Behaviour> s = run_behaviours({});
  return s;
}

const Behaviour& find(const std::string& name) {
  for (const auto& b : study())
    if (b.name == name) return b;
  throw std::runtime_error("no behaviour " + name);
}

double fig(const Behaviour& b, const std::string& name) {
  for (const auto& f : b.measured)
    if (f.name == name) return f.value;
  throw std::runtime_error(b.name + " has no figure " + name);
}

TEST(StudyBehaviours, EveryBehaviourStatesItsClaimSetupAndCriterion) {
  ASSERT_EQ(study().size(), 5u);
  for (const auto& b : study()) {
    SCOPED_TRACE(b.name);
    EXPECT_FALSE(b.claim.empty());
    EXPECT_FALSE(b.source.empty());
    EXPECT_FALSE(b.setup.empty());
    EXPECT_FALSE(b.criterion.empty());
    EXPECT_FALSE(b.verdict.empty());
    EXPECT_FALSE(b.measured.empty());
    EXPECT_FALSE(b.picture.empty());
  }
}

TEST(StudyBehaviours, PlateauVerdictFollowsTheCrossingSteps) {
  const auto& b = find("momentum_plateau");
  const double gd = fig(b, "gd_steps"), mom = fig(b, "momentum_steps");
  ASSERT_TRUE(std::isfinite(gd) && std::isfinite(mom)) << b.verdict;
  EXPECT_DOUBLE_EQ(fig(b, "speedup"), gd / mom);
  EXPECT_EQ(b.agrees, gd / mom < 2);
  // The velocity's fixed point on a constant gradient is eta g / (1 - alpha): the bound quoted.
  EXPECT_DOUBLE_EQ(fig(b, "terminal_speedup"), 10);
  // Both start on the plateau (f(x0) = 1 - exp(-8.125) > 1/2) and both reach the well.
  EXPECT_GT(gd, 0);
  EXPECT_GT(mom, 0);
  ASSERT_EQ(b.paths.size(), 3u);
  EXPECT_EQ(b.paths[0].x.front(), 0);
  EXPECT_EQ(b.paths[0].y.front(), 0.5);
}

TEST(StudyBehaviours, GradientDescentWithEtaLambdaAtMostOneNeverPassesTheCentre) {
  const auto& b = find("momentum_overshoot");
  // Along x the well's curvature is at most 1 (at the centre), so GD with eta = 1 moves at most
  // the whole distance to the centre in one step: it cannot pass it.
  EXPECT_LE(fig(b, "gd_overshoot"), 1e-9);
  EXPECT_EQ(b.agrees, fig(b, "momentum_overshoot") >= 0.1 && fig(b, "gd_overshoot") < 0.1);
  // The look-ahead gradient brakes earlier than the heavy ball.
  EXPECT_LT(fig(b, "nesterov_overshoot"), fig(b, "momentum_overshoot"));
}

TEST(StudyBehaviours, NesterovVerdictCountsThePairs) {
  const auto& b = find("nesterov_vs_momentum");
  const double pairs = fig(b, "pairs"), nag = fig(b, "nesterov_wins"),
               mom = fig(b, "momentum_wins"), ties = fig(b, "ties");
  EXPECT_GT(pairs, 0);
  EXPECT_EQ(nag + mom + ties, pairs);
  EXPECT_EQ(b.agrees, 3 * nag >= 2 * pairs);
  ASSERT_EQ(b.curves.size(), 2u);
  EXPECT_EQ(b.curves[0].f.size(), 20001u);  // the whole budget: no gradient stop
}

TEST(StudyBehaviours, AdagradRatesShrinkBelowRmspropsAndTheVerdictCountsRates) {
  const auto& b = find("adagrad_stops_early");
  const int n = static_cast<int>(fig(b, "etas"));
  ASSERT_EQ(n, 5);
  int worse = 0;
  for (const auto& f : b.measured) {
    const auto at = f.name.find("_adagrad_f");
    if (at == std::string::npos) continue;
    const std::string eta = f.name.substr(0, at);
    worse += f.value > fig(b, eta + "_rmsprop_f");
    // A_i only grows with every gradient while RMSProp's v_i forgets: after 20000 steps AdaGrad's
    // effective rate is below RMSProp's at the same eta on this problem.
    EXPECT_LT(fig(b, eta + "_adagrad_final_rate"), fig(b, eta + "_rmsprop_final_rate")) << eta;
  }
  EXPECT_EQ(worse, static_cast<int>(fig(b, "adagrad_worse")));
  EXPECT_EQ(b.agrees, 2 * worse > n);
}

TEST(StudyBehaviours, NewtonEndPointsAreClassifiedAndCounted) {
  const auto& b = find("newton_saddles");
  const double starts = fig(b, "starts");
  EXPECT_EQ(starts, 25);
  EXPECT_EQ(fig(b, "plain_newton_minima") + fig(b, "plain_newton_saddles") +
                fig(b, "plain_newton_maxima") + fig(b, "plain_newton_other"),
            starts);
  // The identity shift makes every Newton direction one of descent, and the line search demands
  // decrease, so from these starts the safeguarded method never settles on a saddle or maximum.
  EXPECT_EQ(fig(b, "safeguarded_newton_non_minima"), 0);
  EXPECT_DOUBLE_EQ(fig(b, "plain_newton_non_minimum_share"),
                   (fig(b, "plain_newton_saddles") + fig(b, "plain_newton_maxima")) / starts);
  EXPECT_EQ(b.agrees,
            fig(b, "plain_newton_non_minimum_share") - fig(b, "gd_non_minimum_share") >= 0.1);
  // A path pair (plain Newton, GD) for each of the first starts that ended off a minimum.
  EXPECT_EQ(b.paths.size() % 2, 0u);
  EXPECT_GT(b.paths.size(), 0u);
}

}  // namespace
}  // namespace optim::studies
