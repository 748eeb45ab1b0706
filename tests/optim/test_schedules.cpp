// Learning-rate schedules: formula values on hand-computable cases, the Robbins-Monro property of
// inverse-time decay, reduce-on-plateau's bookkeeping, the factory and its errors, and the
// composition of a schedule with an update rule inside the first-order loop.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "optim/optim.hpp"

namespace optim {
namespace {

// Schedule values are a handful of double operations on O(1) numbers: 1e-15 absolute covers the
// rounding of pow/cos (a few ulps) and nothing else.
constexpr double kTol = 1e-15;

TEST(Schedules, ConstantIsTheBaseRate) {
  ConstantSchedule s;
  EXPECT_EQ(s.rate(0, 0.3), 0.3);
  EXPECT_EQ(s.rate(12345, 0.3), 0.3);
}

TEST(Schedules, LinearAnnealingBlendsThenHolds) {
  // seed 000 Prop. 3.2: eta_k = (1 - k/tau) eta_0 + (k/tau) eta_tau, tau = 4, eta_0 = 1, eta_tau
  // = 0.2: 1, 0.8, 0.6, 0.4, 0.2, then held at 0.2.
  LinearSchedule s(4, 0.2);
  const double expected[] = {1.0, 0.8, 0.6, 0.4, 0.2, 0.2, 0.2};
  for (Index k = 0; k < 7; ++k) EXPECT_NEAR(s.rate(k, 1.0), expected[k], kTol) << "k = " << k;
  EXPECT_NEAR(s.rate(1000000, 1.0), 0.2, kTol);
  // Default eta_tau = eta_0 / 100: halfway it is (0.5 + 0.005) eta_0.
  LinearSchedule d(10);
  EXPECT_NEAR(d.rate(5, 2.0), 1.01, kTol);
  EXPECT_NEAR(d.rate(10, 2.0), 0.02, kTol);
}

TEST(Schedules, QuadraticDecayThenHolds) {
  // seed 004 sec. 4.7: eta_k = eta_tau + (eta_0 - eta_tau)(1 - k/tau)^2, tau = 4, eta_0 = 1,
  // eta_tau = 0.2: 1, 0.2 + 0.8 (9/16) = 0.65, 0.2 + 0.8/4 = 0.4, 0.2 + 0.8/16 = 0.25, 0.2, held.
  QuadraticSchedule s(4, 0.2);
  const double expected[] = {1.0, 0.65, 0.4, 0.25, 0.2, 0.2};
  for (Index k = 0; k < 6; ++k) EXPECT_NEAR(s.rate(k, 1.0), expected[k], kTol) << "k = " << k;
  // Default eta_tau = eta_0 / 100; below the linear blend at every k strictly inside (0, tau).
  QuadraticSchedule d(10);
  LinearSchedule l(10);
  EXPECT_NEAR(d.rate(10, 2.0), 0.02, kTol);
  for (Index k = 1; k < 10; ++k) EXPECT_LT(d.rate(k, 2.0), l.rate(k, 2.0)) << k;
  // Reachable by name with its keys.
  ScheduleSettings q;
  q.schedule = ScheduleKind::Quadratic;
  q.tau = 4;
  q.lr_final = 0.2;
  EXPECT_NEAR(make_schedule(q)->rate(2, 1.0), 0.4, kTol);
}

TEST(Schedules, StepDecay) {
  StepDecaySchedule s(3, 0.5);  // 1, 1, 1, 0.5, 0.5, 0.5, 0.25
  const double expected[] = {1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25};
  for (Index k = 0; k < 7; ++k) EXPECT_NEAR(s.rate(k, 1.0), expected[k], kTol) << "k = " << k;
}

TEST(Schedules, Exponential) {
  ExponentialSchedule s(0.9);
  EXPECT_NEAR(s.rate(0, 2.0), 2.0, kTol);
  EXPECT_NEAR(s.rate(1, 2.0), 1.8, kTol);
  EXPECT_NEAR(s.rate(2, 2.0), 1.62, kTol);
  EXPECT_NEAR(s.rate(10, 2.0), 2.0 * 0.3486784401, 1e-12);
}

TEST(Schedules, InverseTimeValuesAndRobbinsMonro) {
  InverseTimeSchedule s(10.0);  // eta_0 / (1 + k/10)
  EXPECT_NEAR(s.rate(0, 1.0), 1.0, kTol);
  EXPECT_NEAR(s.rate(10, 1.0), 0.5, kTol);
  EXPECT_NEAR(s.rate(30, 1.0), 0.25, kTol);
  InverseTimeSchedule r(10.0, 0.75);
  EXPECT_NEAR(r.rate(150, 1.0), 0.125, kTol);  // 16^-0.75 = 1/8
  // Robbins-Monro, power 1: sum_{k<K} eta_k >= eta_0 t0 ln(1 + K/t0) (integral bound, so the
  // series diverges), while sum_k eta_k^2 <= eta_0^2 (1 + t0) for every K (it converges).
  const Index K = 1000000;
  double sum = 0, sum_sq = 0;
  for (Index k = 0; k < K; ++k) {
    const double e = s.rate(k, 1.0);
    sum += e;
    sum_sq += e * e;
  }
  EXPECT_GE(sum, 10.0 * std::log(1.0 + K / 10.0));
  EXPECT_LE(sum_sq, 11.0);
}

TEST(Schedules, CosineWarmRestarts) {
  // T_0 = 10, T_mult = 2, eta_min = 0.1, eta_0 = 1.1: periods [0, 10), [10, 30), [30, 70).
  CosineRestartsSchedule s(10, 2, 0.1);
  EXPECT_NEAR(s.rate(0, 1.1), 1.1, kTol);   // start of a period: eta_0
  EXPECT_NEAR(s.rate(5, 1.1), 0.6, kTol);   // halfway: (eta_0 + eta_min) / 2
  EXPECT_NEAR(s.rate(10, 1.1), 1.1, kTol);  // restart
  EXPECT_NEAR(s.rate(20, 1.1), 0.6, kTol);  // halfway through the 20-update period
  EXPECT_NEAR(s.rate(25, 1.1), 0.1 + 1.0 * (1 + std::cos(std::numbers::pi * 0.75)) / 2, kTol);
  EXPECT_NEAR(s.rate(30, 1.1), 1.1, kTol);  // second restart
  EXPECT_NEAR(s.rate(50, 1.1), 0.6, kTol);
  // T_mult = 1: a plain period of 4.
  CosineRestartsSchedule p(4, 1, 0.0);
  EXPECT_NEAR(p.rate(2, 1.0), 0.5, kTol);
  EXPECT_NEAR(p.rate(4, 1.0), 1.0, kTol);
  EXPECT_NEAR(p.rate(6, 1.0), 0.5, kTol);
}

TEST(Schedules, ReduceOnPlateau) {
  ReduceOnPlateauSchedule s(0.5, 2, 0.1, 0.2);  // factor 0.5, patience 2, 10 % threshold
  EXPECT_EQ(s.rate(0, 1.0), 1.0);
  s.observe(10.0);  // best 10
  s.observe(9.5);   // not 10 % better: bad 1
  s.observe(9.2);   // bad 2
  EXPECT_EQ(s.rate(3, 1.0), 1.0);
  s.observe(9.1);  // bad 3 > patience: reduce
  EXPECT_EQ(s.rate(4, 1.0), 0.5);
  s.observe(8.0);  // 20 % better: new best, count restarts
  s.observe(7.9);
  s.observe(7.9);
  EXPECT_EQ(s.rate(7, 1.0), 0.5);
  s.observe(7.9);  // third bad update: reduce again, 0.25
  EXPECT_EQ(s.rate(8, 1.0), 0.25);
  for (int i = 0; i < 3; ++i) s.observe(7.9);  // would be 0.125: floored at lr_min = 0.2
  EXPECT_EQ(s.rate(9, 1.0), 0.2);
  // A clone is a fresh run: none of the reductions carry over.
  EXPECT_EQ(s.clone()->rate(0, 1.0), 1.0);
}

TEST(Schedules, FactoryBuildsEveryScheduleByName) {
  for (const char* name : {"constant", "linear", "step", "exponential", "inverse_time",
                           "cosine_restarts", "plateau"}) {
    auto s = make_schedule(ParamSet{{"schedule", name}});
    ASSERT_TRUE(s);
    EXPECT_EQ(s->name(), name);
    EXPECT_EQ(s->rate(0, 0.5), 0.5) << name;  // every schedule starts at eta_0
  }
  auto lin = make_schedule(ParamSet{{"schedule", "linear"}, {"tau", "4"}, {"lr_final", "0.2"}});
  EXPECT_NEAR(lin->rate(2, 1.0), 0.6, kTol);
  // Every listed key is documented with a default for `optim list`.
  for (const auto& hp : schedule_params()) EXPECT_FALSE(hp.default_value.empty()) << hp.name;
}

TEST(Schedules, BadInputThrowsNamingTheProblem) {
  auto expect_msg = [](const ParamSet& p, const std::string& piece) {
    try {
      make_schedule(p);
      ADD_FAILURE() << "no exception, expected one mentioning '" << piece << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(piece), std::string::npos) << e.what();
    }
  };
  expect_msg({{"schedule", "warp"}}, "unknown schedule 'warp'");
  expect_msg({{"schedule", "linear"}, {"tau", "0"}}, "tau");
  // -1 (lr_final) and 0 (gamma) are the listed defaults, meaning "derived"; others are refused.
  expect_msg({{"schedule", "linear"}, {"lr_final", "-2"}}, "lr_final");
  expect_msg({{"schedule", "step"}, {"gamma", "1.5"}}, "gamma");
  expect_msg({{"schedule", "step"}, {"step_every", "0"}}, "step_every");
  expect_msg({{"schedule", "exponential"}, {"gamma", "-0.5"}}, "gamma");
  EXPECT_EQ(make_schedule(ParamSet{{"schedule", "exponential"}, {"gamma", "0"}})->rate(1, 1.0),
            0.99);
  EXPECT_EQ(make_schedule(ParamSet{{"schedule", "step"}, {"gamma", "0"}, {"step_every", "1"}})
                ->rate(1, 1.0),
            0.5);
  EXPECT_EQ(make_schedule(ParamSet{{"schedule", "linear"}, {"tau", "1"}, {"lr_final", "-1"}})
                ->rate(1, 1.0),
            0.01);
  expect_msg({{"schedule", "inverse_time"}, {"power", "0.5"}}, "Robbins-Monro");
  expect_msg({{"schedule", "inverse_time"}, {"t0", "-3"}}, "t0");
  expect_msg({{"schedule", "cosine_restarts"}, {"restart_period", "0"}}, "restart_period");
  expect_msg({{"schedule", "cosine_restarts"}, {"restart_mult", "0"}}, "restart_mult");
  expect_msg({{"schedule", "plateau"}, {"factor", "1"}}, "factor");
  expect_msg({{"schedule", "plateau"}, {"plateau_patience", "-1"}}, "plateau_patience");
  // A key of another schedule is an error, not silently ignored.
  expect_msg({{"tau", "10"}}, "belongs to schedule 'linear'");
  expect_msg({{"schedule", "step"}, {"t0", "10"}}, "belongs to schedule 'inverse_time'");
  expect_msg({{"schedule", "linear"}, {"gamma", "0.5"}}, "'step', 'exponential'");
}

// f(x) = 1/2 |x|^2: the loop's records must carry the scheduled rate and GD must use it.
class Sphere : public Objective<double> {
 public:
  Index dim() const override { return 2; }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    if (g) *g = x;
    return 0.5 * x.squaredNorm();
  }
};

TEST(Schedules, ComposeWithAnUpdateRuleInTheLoop) {
  Sphere obj;
  auto method = make_method<double>(
      "gd", ParamSet{{"lr", "0.5"}, {"schedule", "linear"}, {"tau", "2"}, {"lr_final", "0.1"}});
  std::vector<double> lrs, x0s;
  CallbackObserver<double> obs([&](const IterationRecord<double>& r) {
    lrs.push_back(r.lr);
    x0s.push_back((*r.x)[0]);
    return true;
  });
  Observer<double>* observers[] = {&obs};
  StopOptions stop;
  stop.max_iter = 4;
  stop.gtol = 0;
  Vec<double> x0(2);
  x0 << 1.0, -2.0;
  minimize<double>(obj, x0, *method, stop, observers);
  // Rates 0.5, 0.3, 0.1, 0.1; on the sphere x <- (1 - eta) x: 0.5, 0.35, 0.315, 0.2835.
  ASSERT_EQ(lrs.size(), 4u);
  const double eta[] = {0.5, 0.3, 0.1, 0.1}, xs[] = {0.5, 0.35, 0.315, 0.2835};
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(lrs[k], eta[k], kTol) << "k = " << k;
    EXPECT_NEAR(x0s[k], xs[k], 1e-15) << "k = " << k;
  }
}

}  // namespace
}  // namespace optim
