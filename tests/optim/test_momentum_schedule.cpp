// The momentum coefficient's schedule mu_k (optim/first_order/momentum_schedule.hpp): Sutskever et
// al. 2013's formula as the paper writes it, the linear ramp, the mu_k the rules actually use
// (against a hand recurrence), and a checkpointed run resumed bit for bit across the schedule's
// steps.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "optim/checkpoint/run_checkpoint.hpp"
#include "optim/driver.hpp"
#include "optim/first_order/momentum.hpp"
#include "optim/first_order/nesterov.hpp"
#include "optim/first_order/stepper.hpp"
#include "optim/registry.hpp"

namespace optim {
namespace {

TEST(MomentumSchedule, SutskeverIsThePapersFormula) {
  MomentumSchedule s;
  s.kind = MomentumScheduleKind::Sutskever;
  s.period = 250;
  const double mu_max = 0.995;
  for (std::int64_t k : {0, 1, 249, 250, 499, 500, 749, 750, 1000, 5000, 12345, 100000}) {
    // Sutskever, Martens, Dahl & Hinton 2013, sec. 3.2, literally (pow and log2): the closed
    // form 1 - 1/(2m) agrees to rounding of pow/log2 (a few ulps), so 1e-15.
    const double paper =
        std::min(1 - std::pow(2.0, -1 - std::log2(std::floor(double(k) / 250) + 1)), mu_max);
    EXPECT_NEAR(momentum_at(s, mu_max, k), paper, 1e-15) << "k = " << k;
  }
  // Hand values: 0.5 on the first 250 updates, then 0.75, then 5/6, capped at mu_max.
  EXPECT_EQ(momentum_at(s, mu_max, 0), 0.5);
  EXPECT_EQ(momentum_at(s, mu_max, 249), 0.5);
  EXPECT_EQ(momentum_at(s, mu_max, 250), 0.75);
  EXPECT_DOUBLE_EQ(momentum_at(s, mu_max, 500), 1 - 1.0 / 6);
  EXPECT_EQ(momentum_at(s, 0.9, 100000), 0.9);
}

TEST(MomentumSchedule, LinearRampAndConstant) {
  MomentumSchedule s;
  EXPECT_EQ(momentum_at(s, 0.9, 0), 0.9);  // constant: mu whatever k
  EXPECT_EQ(momentum_at(s, 0.9, 77777), 0.9);
  s.kind = MomentumScheduleKind::Linear;
  s.start = 0.5;
  s.ramp = 100;
  EXPECT_EQ(momentum_at(s, 0.9, 0), 0.5);
  EXPECT_DOUBLE_EQ(momentum_at(s, 0.9, 50), 0.7);
  EXPECT_DOUBLE_EQ(momentum_at(s, 0.9, 100), 0.9);
  EXPECT_DOUBLE_EQ(momentum_at(s, 0.9, 1000), 0.9);
}

TEST(MomentumSchedule, SettingsByNameAndTheirRanges) {
  auto m = make_method<double>(
      "momentum", ParamSet{{"momentum_schedule", "sutskever"}, {"momentum_period", "10"}});
  EXPECT_NE(m, nullptr);
  EXPECT_THROW(make_method<double>("nesterov", ParamSet{{"momentum_schedule", "cubic"}}),
               std::invalid_argument);
  EXPECT_THROW(make_method<double>("momentum", ParamSet{{"momentum_period", "0"}}),
               std::invalid_argument);
  EXPECT_THROW(make_method<double>("momentum", ParamSet{{"momentum_start", "1"}}),
               std::invalid_argument);
}

// On f(x) = x^2/2 (g = x) the rules' iterates follow v <- mu_k v - eta g, x <- x + v, with g at
// x for momentum and at x + mu_k v for Nesterov. The hand recurrence does the same operations in
// double, so the two agree to a few ulps (1e-14 relative over 60 updates of O(1) numbers).
TEST(MomentumSchedule, TheRulesUseMuK) {
  MomentumSchedule s;
  s.kind = MomentumScheduleKind::Sutskever;
  s.period = 10;  // steps up at k = 10, 20, ...
  for (bool nesterov : {false, true}) {
    SCOPED_TRACE(nesterov ? "nesterov" : "momentum");
    const double eta = 0.05, mu = 0.95;
    Vec<double> x = Vec<double>::Constant(1, 1.0), g(1);
    auto stepped = [&](auto rule) {
      Stepper<double> step(rule, 1);
      double hx = 1, hv = 0;
      for (std::int64_t k = 0; k < 60; ++k) {
        g = step.gradient_point(x);  // gradient of x^2/2 is the point itself
        step(x, g);
        const double muk = momentum_at(s, mu, k);
        const double gk = nesterov ? hx + muk * hv : hx;
        hv = muk * hv - eta * gk;
        hx += hv;
        ASSERT_NEAR(x[0], hx, 1e-14 * (1 + std::abs(hx))) << "k = " << k;
      }
    };
    if (nesterov) {
      stepped(Nesterov<double>({.lr = eta, .momentum = mu, .schedule = s}));
    } else {
      stepped(Momentum<double>({.lr = eta, .momentum = mu, .schedule = s}));
    }
  }
}

// f(x) = sum_i (i+1) x_i^2 / 2 with its exact gradient.
class Bowl final : public Objective<double> {
 public:
  Index dim() const override { return 3; }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    double f = 0;
    for (Index i = 0; i < 3; ++i) {
      f += 0.5 * double(i + 1) * x[i] * x[i];
      if (g) (*g)[i] = double(i + 1) * x[i];
    }
    return f;
  }
};

TEST(MomentumSchedule, ResumedRunIsBitIdentical) {
  Bowl bowl;
  const Vec<double> x0 = Vec<double>::Constant(3, 1.0);
  for (const char* method : {"momentum", "nesterov"}) {
    for (const char* kind : {"sutskever", "linear"}) {
      SCOPED_TRACE(std::string(method) + " " + kind);
      auto m = make_method<double>(method, ParamSet{{"lr", "0.05"},
                                                    {"momentum", "0.97"},
                                                    {"momentum_schedule", kind},
                                                    {"momentum_period", "7"},
                                                    {"momentum_ramp", "30"}});
      StopOptions stop;
      stop.gtol = 0;
      stop.max_iter = 60;
      const Result<double> whole = minimize<double>(bowl, x0, *m, stop);
      CheckpointOptions ck;
      ck.path = ::testing::TempDir() + "momentum_schedule_" + method + "_" + kind + ".ckpt";
      std::remove(ck.path.c_str());
      StopOptions first = stop;
      first.max_iter = 25;  // mid-period for P = 7 and mid-ramp for K = 30
      minimize<double>(bowl, x0, *m, first, {}, ck);
      ck.resume = true;
      const Result<double> resumed = minimize<double>(bowl, x0, *m, stop, {}, ck);
      EXPECT_EQ(resumed.iterations, whole.iterations);
      EXPECT_EQ(resumed.x, whole.x);  // bit for bit
      EXPECT_EQ(resumed.f, whole.f);
      std::remove(ck.path.c_str());
    }
  }
}

}  // namespace
}  // namespace optim
