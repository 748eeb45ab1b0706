// The generic driver: acceptance, best point, non-finite handling, stopping tests, observers.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "optim/optim.hpp"

namespace optim {
namespace {

// f(x) = 1/2 sum_i d_i x_i^2 with d_i = i + 1; NaN once |x_0| exceeds nan_beyond.
class Quadratic : public Objective<double> {
 public:
  explicit Quadratic(Index n, double nan_beyond = 1e300) : n_(n), nan_beyond_(nan_beyond) {}
  Index dim() const override { return n_; }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    if (std::abs(x[0]) > nan_beyond_) return std::numeric_limits<double>::quiet_NaN();
    double f = 0;
    for (Index i = 0; i < n_; ++i) f += 0.5 * double(i + 1) * x[i] * x[i];
    if (g)
      for (Index i = 0; i < n_; ++i) (*g)[i] = double(i + 1) * x[i];
    return f;
  }

 private:
  Index n_;
  double nan_beyond_;
};

FirstOrder<double> gd(double lr) {
  return FirstOrder<double>(std::make_shared<GradientDescent<double>>(GradientDescentParams{lr}));
}

TEST(Driver, GradientDescentConvergesOnGradientTest) {
  Quadratic q(3);
  StopOptions stop;
  stop.gtol = 1e-8;
  stop.max_iter = 10000;
  auto res = minimize<double>(q, Vec<double>::Ones(3), gd(0.3), stop);
  EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
  EXPECT_LE(res.grad_norm, 1e-8);
  EXPECT_LT(res.x.norm(), 1e-8);
  // One value+gradient per iteration plus the start.
  EXPECT_EQ(res.evals.g, res.iterations + 1);
}

TEST(Driver, MaxIterationsIsAStatus) {
  Quadratic q(2);
  StopOptions stop;
  stop.max_iter = 5;
  auto res = minimize<double>(q, Vec<double>::Ones(2), gd(0.01), stop);
  EXPECT_EQ(res.status, Status::MaxIterations);
  EXPECT_EQ(res.iterations, 5);
}

TEST(Driver, NonFiniteCandidateIsNeverCommittedAndBestPointReturned) {
  // lr = 1.1 on curvature 3 diverges (|1 - 3.3| > 1); NaN appears once |x0| > 10.
  Quadratic q(3, 10.0);
  StopOptions stop;
  stop.max_iter = 1000;
  auto res = minimize<double>(q, Vec<double>::Ones(3), gd(1.1), stop);
  EXPECT_EQ(res.status, Status::NonFinite) << res.message;
  EXPECT_TRUE(std::isfinite(res.f));
  EXPECT_TRUE(res.x.allFinite());
  EXPECT_LE(std::abs(res.x[0]), 10.0);
}

TEST(Driver, NonFiniteStartIsAStatus) {
  Quadratic q(2, 0.5);
  auto res = minimize<double>(q, Vec<double>::Ones(2), gd(0.1));
  EXPECT_EQ(res.status, Status::NonFinite);
  EXPECT_EQ(res.iterations, 0);
  EXPECT_NE(res.message.find("start"), std::string::npos);
}

// f = c sum_i x_i, g = (c, ..., c); g_1 becomes +Inf (f stays finite) once x_0 < inf_below.
class Linear : public Objective<double> {
 public:
  Linear(double c, double inf_below) : c_(c), inf_below_(inf_below) {}
  Index dim() const override { return 4; }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    if (g) {
      g->setConstant(c_);
      if (x[0] < inf_below_) (*g)[1] = std::numeric_limits<double>::infinity();
    }
    return c_ * x.sum();
  }

 private:
  double c_, inf_below_;
};

TEST(Driver, InfiniteGradientEntryIsNonFiniteInBothNorms) {
  // The driver folds the finiteness test of g into its norm (one pass): an Inf entry (not only a
  // NaN) must still end the run with NonFinite, for the inf-norm and for the 2-norm.
  for (NormKind kind : {NormKind::Inf, NormKind::Two}) {
    Linear f(1.0, 0.5);  // one GD step of lr 1 from x = 1 lands on x = 0 < 0.5
    StopOptions stop;
    stop.grad_norm = kind;
    stop.max_iter = 10;
    auto res = minimize<double>(f, Vec<double>::Ones(4), gd(1.0), stop);
    EXPECT_EQ(res.status, Status::NonFinite) << res.message;
    EXPECT_EQ(res.iterations, 0);
    EXPECT_TRUE(res.x.isOnes());
  }
}

TEST(Driver, OverflowingTwoNormOfAFiniteGradientIsNotNonFinite) {
  // g = (1e200, ...): ||g||_2 overflows to Inf, but every entry is finite, so the candidate is
  // a valid point (the norm is Inf, no convergence) and the run goes on to its iteration limit.
  Linear f(1e200, -1e300);
  StopOptions stop;
  stop.grad_norm = NormKind::Two;
  stop.max_iter = 2;
  auto res = minimize<double>(f, Vec<double>::Ones(4), gd(1e-200), stop);
  EXPECT_EQ(res.status, Status::MaxIterations) << res.message;
  EXPECT_EQ(res.iterations, 2);
}

TEST(Driver, BadX0Throws) {
  Quadratic q(2);
  EXPECT_THROW(minimize<double>(q, Vec<double>::Ones(3), gd(0.1)), std::invalid_argument);
  Vec<double> x0(2);
  x0 << 1.0, std::numeric_limits<double>::infinity();
  EXPECT_THROW(minimize<double>(q, x0, gd(0.1)), std::invalid_argument);
}

TEST(Driver, ObserverCanStop) {
  Quadratic q(2);
  CallbackObserver<double> stop_at_3([](const IterationRecord<double>& r) { return r.k < 3; });
  Observer<double>* obs[] = {&stop_at_3};
  auto res = minimize<double>(q, Vec<double>::Ones(2), gd(0.01), {}, obs);
  EXPECT_EQ(res.status, Status::StoppedByObserver);
  EXPECT_EQ(res.iterations, 3);
}

TEST(Driver, StepAndFChangeTests) {
  Quadratic q(2);
  StopOptions stop;
  stop.gtol = 0;
  stop.xtol = 1e-6;
  stop.max_iter = 100000;
  auto res = minimize<double>(q, Vec<double>::Ones(2), gd(0.01), stop);
  EXPECT_EQ(res.status, Status::ConvergedStep);
  stop.xtol = 0;
  stop.ftol = 1e-6;
  res = minimize<double>(q, Vec<double>::Ones(2), gd(0.01), stop);
  EXPECT_EQ(res.status, Status::ConvergedFChange);
}

TEST(Driver, InvalidStopOptionsThrowNamingTheField) {
  Quadratic q(2);
  StopOptions stop;
  stop.gtol = -1;
  try {
    minimize<double>(q, Vec<double>::Ones(2), gd(0.1), stop);
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("gtol"), std::string::npos);
  }
}

// A method that moves by +1 and reports the same f with a zero gradient: the driver converges on
// the gradient test and must return that newest point, not the equally good start.
class FlatStepMethod : public Method<double> {
  struct State : MethodState<double> {
    StepReport step(Evaluator<double>&, const Iterate<double>& cur,
                    Iterate<double>& next) override {
      next.x = cur.x.array() + 1.0;
      next.f = cur.f;
      next.g.setZero();
      return {};
    }
  };

 public:
  std::string name() const override { return "flat"; }
  std::unique_ptr<MethodState<double>> start(Evaluator<double>&, Iterate<double>&) const override {
    return std::make_unique<State>();
  }
};

class Constant : public Objective<double> {
 public:
  Index dim() const override { return 2; }
  double evaluate(const Vec<double>&, Vec<double>* g) override {
    if (g) g->setOnes();
    return 1.0;
  }
};

TEST(Driver, TieInFKeepsTheNewestPointAndItsGradient) {
  Constant c;
  auto res = minimize<double>(c, Vec<double>::Zero(2), FlatStepMethod{});
  EXPECT_EQ(res.status, Status::ConvergedGradient);
  EXPECT_EQ(res.x, Vec<double>::Ones(2));
  EXPECT_EQ(res.grad_norm, 0.0);
}

}  // namespace
}  // namespace optim
