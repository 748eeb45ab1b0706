// Learning-rate warmup (optim/first_order/warmup_schedule.hpp) and the chain spelling of the key
// `schedule` ("warmup:N,NAME"): the factors (k+1)/N at given steps, the inner schedule starting
// after the warmup, reduce-on-plateau ignoring warmup observations, both spellings giving one
// method and one signature, the chain's errors, and the warmup inside the first-order loop and
// the hand-stepped Stepper.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "checkpoint_test_support.hpp"
#include "optim/optim.hpp"

namespace optim {
namespace {

using testing::bit_identical;

TEST(Warmup, FactorsAreKPlusOneOverN) {
  WarmupSchedule s(ConstantSchedule(), 4);
  // eta_0 = 0.8: 0.8 (k+1)/4 for k = 0..3, then the constant 0.8.
  const double expected[] = {0.2, 0.4, 0.6000000000000001, 0.8, 0.8, 0.8};
  for (Index k = 0; k < 6; ++k) EXPECT_EQ(s.rate(k, 0.8), expected[k]) << "k = " << k;
  EXPECT_EQ(s.rate(0, 0.8), 0.8 * 1.0 / 4.0);
  EXPECT_EQ(s.rate(3, 0.8), 0.8);  // the last warmup update runs at the base rate
  // N = 1: the warmup's one update is already at the base rate.
  WarmupSchedule one(ConstantSchedule(), 1);
  EXPECT_EQ(one.rate(0, 0.3), 0.3);
}

TEST(Warmup, TheScheduleStartsAfterTheWarmup) {
  // Step decay every 2 updates by 0.5 after 3 warmup updates: 1/3, 2/3, 1 | 1, 1, 0.5, 0.5, 0.25.
  WarmupSchedule s(StepDecaySchedule(2, 0.5), 3);
  const double expected[] = {1.0 / 3.0, 2.0 / 3.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.25};
  for (Index k = 0; k < 8; ++k) EXPECT_DOUBLE_EQ(s.rate(k, 1.0), expected[k]) << "k = " << k;
  // Cosine with restarts, period 4, after 2 warmup updates: update 2 is the cosine's update 0.
  WarmupSchedule c(CosineRestartsSchedule(4, 1, 0.0), 2);
  CosineRestartsSchedule plain(4, 1, 0.0);
  for (Index k = 2; k < 12; ++k) EXPECT_EQ(c.rate(k, 0.1), plain.rate(k - 2, 0.1)) << k;
  EXPECT_EQ(s.name(), "warmup:3,step");
}

TEST(Warmup, PlateauCountsFromItsOwnStart) {
  // Patience 0: any update without improvement halves the rate. During the 3 warmup updates the
  // objective rises and nothing happens; afterwards the first stall halves the rate.
  WarmupSchedule s(ReduceOnPlateauSchedule(0.5, 0, 0.0), 3);
  double f = 1.0;
  for (Index k = 0; k < 3; ++k) {
    s.rate(k, 1.0);
    s.observe(f += 1.0);  // worse every time
  }
  EXPECT_EQ(s.rate(3, 1.0), 1.0);
  s.observe(10.0);  // the plateau's first observation: its best
  EXPECT_EQ(s.rate(4, 1.0), 1.0);
  s.observe(11.0);  // no improvement: halved
  EXPECT_EQ(s.rate(5, 1.0), 0.5);
}

TEST(Warmup, ChainAndKeySpellingsAreOneMethodAndOneSignature) {
  const MethodInfo& gd = find_method("gd");
  const ParamSet chain{{"schedule", "warmup:5,step"}, {"step_every", "3"}};
  const ParamSet keys{{"schedule", "step"}, {"warmup", "5"}, {"step_every", "3"}};
  const ParamSet both{{"schedule", "warmup:5,step"}, {"warmup", "5"}, {"step_every", "3"}};
  EXPECT_EQ(gd.signature(chain), gd.signature(keys));
  EXPECT_EQ(gd.signature(both), gd.signature(keys));
  EXPECT_NE(gd.signature(chain).find("warmup=5"), std::string::npos) << gd.signature(chain);
  EXPECT_NE(gd.signature(chain), gd.signature({{"schedule", "step"}, {"step_every", "3"}}));
  EXPECT_EQ(parse_schedule_chain("warmup:7").name, "constant");
  EXPECT_EQ(parse_schedule_chain("warmup:7").warmup, 7);
  EXPECT_EQ(parse_schedule_chain("cosine_restarts").warmup, 0);
  const auto s = make_schedule(chain);
  EXPECT_EQ(s->name(), "warmup:5,step");
  EXPECT_EQ(make_schedule(ParamSet{{"schedule", "step"}})->name(), "step");  // no wrapper
  ScheduleSettings typed;
  typed.schedule = ScheduleKind::Exponential;
  typed.warmup = 10;
  EXPECT_DOUBLE_EQ(make_schedule(typed)->rate(4, 1.0), 0.5);
  EXPECT_DOUBLE_EQ(make_schedule(typed)->rate(12, 1.0), 0.99 * 0.99);
}

TEST(Warmup, BadChainsAreRefusedNamingTheKey) {
  const auto refuses = [](const ParamSet& p, const std::string& word) {
    try {
      make_schedule(p);
      ADD_FAILURE() << "accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(word), std::string::npos) << e.what();
    }
  };
  refuses({{"schedule", "warmup:0,step"}}, "schedule");
  refuses({{"schedule", "warmup:x,step"}}, "'x' is not a whole number");
  refuses({{"schedule", "warmup:-3"}}, "schedule");
  refuses({{"schedule", "warmup:3,"}}, "no schedule after the warmup");
  refuses({{"schedule", "warmup:3,warmup:2,step"}}, "only one warmup");
  refuses({{"schedule", "warmup:3,nosuch"}}, "unknown schedule 'nosuch'");
  refuses({{"schedule", "warmup:3,step"}, {"warmup", "4"}}, "give the warmup once");
  refuses({{"warmup", "-1"}}, "warmup");
  refuses({{"schedule", "warmup:3,step"}, {"restart_period", "4"}}, "cosine_restarts");
  EXPECT_THROW(WarmupSchedule(ConstantSchedule(), 0), std::invalid_argument);
}

TEST(Warmup, InTheLoopTheRecordedRatesAreTheWarmupThenTheSchedule) {
  testing::Separable<double> obj(40, 6);
  const Vec<double> x0 = Vec<double>::Constant(6, 0.5);
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = 9;
  struct Rates : Observer<double> {
    std::vector<double> lr;
    Status on_iteration(const IterationRecord<double>& r) override {
      if (r.k > 0) lr.push_back(r.lr);
      return Status::Running;
    }
  } rates;
  auto m = make_method<double>("momentum", {{"lr", "0.2"},
                                            {"schedule", "warmup:4,step"},
                                            {"step_every", "2"},
                                            {"gamma", "0.5"},
                                            {"batch_size", "8"}});
  Observer<double>* obs[] = {&rates};
  minimize<double>(obj, x0, *m, stop, obs);
  const std::vector<double> expected = {0.05, 0.1, 0.15000000000000002, 0.2, 0.2, 0.2, 0.1,
                                        0.1,  0.05};
  ASSERT_EQ(rates.lr.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_DOUBLE_EQ(rates.lr[i], expected[i]) << i;
}

TEST(Warmup, StepperByHandEqualsTheLoopBitForBit) {
  testing::Separable<double> obj(40, 6);
  const Vec<double> x0 = Vec<double>::Constant(6, 0.5);
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = 25;
  auto m = make_method<double>("adam", {{"lr", "0.05"}, {"warmup", "10"}, {"clip_norm", "0.05"}});
  const Result<double> loop = minimize<double>(obj, x0, *m, stop);
  Stepper<double> step(GradientClip<double>(Adam<double>({.lr = 0.05}), {.clip_norm = 0.05}), 6,
                       WarmupSchedule(ConstantSchedule(), 10));
  Vec<double> x = x0, g(6);
  for (int k = 0; k < 25; ++k) {
    const double f = obj.evaluate(x, &g);
    step(x, g, f);
  }
  EXPECT_TRUE(bit_identical(x, loop.x)) << x.transpose() << "\n" << loop.x.transpose();
}

}  // namespace
}  // namespace optim
