// Bad inputs at library level that no other test file covers (the full catalogue, with pointers
// to the tests elsewhere, is the table in docs/reliability.md). Each case must end in a typed
// Status or a std::invalid_argument whose message names the problem; none may crash.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "nn/mlp_objective.hpp"
#include "nn/synthetic.hpp"
#include "optim/optim.hpp"
#include "problems/registry.hpp"

namespace optim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

FirstOrder<double> gd(double lr) {
  return FirstOrder<double>(std::make_shared<GradientDescent<double>>(GradientDescentParams{lr}));
}

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<no std::invalid_argument thrown>";
}

// f = 1/2 |x|^2 with knobs for the failure modes below.
class Sphere : public Objective<double> {
 public:
  explicit Sphere(Index n) : n_(n) {}
  Index dim() const override { return n_; }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    if (g) {
      if (resize_gradient_) g->resize(n_ + 1);
      g->head(n_) = x;
      if (nan_gradient_) (*g)[0] = kNaN;
    }
    return 0.5 * x.squaredNorm();
  }
  bool nan_gradient_ = false;
  bool resize_gradient_ = false;

 private:
  Index n_;
};

TEST(BadInputs, NaNOnlyInTheGradientAtTheStartIsANonFiniteStatus) {
  Sphere s(3);
  s.nan_gradient_ = true;
  const auto res = minimize<double>(s, Vec<double>::Ones(3), gd(0.1));
  EXPECT_EQ(res.status, Status::NonFinite);
  EXPECT_EQ(res.iterations, 0);
  EXPECT_NE(res.message.find("gradient has NaN/Inf"), std::string::npos) << res.message;
  EXPECT_EQ(res.x, Vec<double>::Ones(3));  // nothing was committed
}

TEST(BadInputs, AnObjectiveThatResizesTheGradientIsRejected) {
  Sphere s(3);
  s.resize_gradient_ = true;
  const auto msg = message_of([&] { minimize<double>(s, Vec<double>::Ones(3), gd(0.1)); });
  EXPECT_NE(msg.find("gradient of length 4, expected 3"), std::string::npos) << msg;
}

TEST(BadInputs, AZeroDimensionalObjectiveIsRejected) {
  Sphere s(0);
  const auto msg = message_of([&] { minimize<double>(s, Vec<double>(0), gd(0.1)); });
  EXPECT_NE(msg.find("dimension 0"), std::string::npos) << msg;
}

TEST(BadInputs, AHugeProblemDimensionIsAClearErrorNotBadAlloc) {
  const auto msg = message_of([] { problems::make_problem<double>("rosenbrock", 10'000'000'000); });
  EXPECT_NE(msg.find("exceeds the maximum"), std::string::npos) << msg;
  EXPECT_NE(msg.find("10000000000"), std::string::npos) << msg;
}

// f = 1/2 x'Ax - b'x with A = [[2, 1], [1, 2]], but the provider returns the asymmetric
// [[2, 2], [0, 2]] whose symmetric part is A. Newton uses the symmetric part, so one unit step
// lands on A^{-1} b exactly (up to rounding); reading only the lower triangle ([[2, 0], [0, 2]])
// would land on b/2 instead.
class AsymmetricHessianQuadratic : public Objective<double>, public HessianProvider<double> {
 public:
  Index dim() const override { return 2; }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    // A x written out (an Eigen product of these 2x2 temporaries trips a false -Warray-bounds).
    const double ax0 = 2 * x[0] + x[1], ax1 = x[0] + 2 * x[1];
    if (g) *g << ax0 - 1, ax1 + 2;
    return 0.5 * (x[0] * ax0 + x[1] * ax1) - (x[0] - 2 * x[1]);
  }
  void hessian(const Vec<double>&, Mat<double>* h) override { *h << 2, 2, 0, 2; }
};

TEST(BadInputs, NewtonUsesTheSymmetricPartOfAnAsymmetricHessian) {
  AsymmetricHessianQuadratic q;
  NewtonParams p;
  p.modification = HessianModification::None;
  p.line_search.kind = LineSearchKind::None;
  StopOptions stop;
  stop.max_iter = 1;
  stop.gtol = 0;
  const auto res = minimize<double>(q, Vec<double>::Constant(2, 5.0), Newton<double>(p), stop);
  // A^{-1} = (1/3) [[2, -1], [-1, 2]], so A^{-1} b = (4/3, -5/3) by hand.
  const Vec<double> x_star = (Vec<double>(2) << 4.0 / 3.0, -5.0 / 3.0).finished();
  // One exact Newton step on a quadratic with condition 3: error is rounding only (~1e-15).
  EXPECT_LT((res.x - x_star).norm(), 1e-12) << res.x.transpose();
}

// The IDX loader's label check is tested in tests/nn/test_data.cpp; this is the in-memory path
// (a Dataset built by hand and handed to the objective).
TEST(BadInputs, AnInMemoryLabelOutsideTheClassRangeIsRejected) {
  nn::Dataset<double> d = nn::make_xor<double>();
  d.labels[1] = d.classes;  // one past the last class
  nn::Network<double> net({{2, 4, 2}});
  const auto msg = message_of([&] { nn::MlpObjective<double>(net, d); });
  EXPECT_NE(msg.find("label " + std::to_string(d.classes)), std::string::npos) << msg;
}

}  // namespace
}  // namespace optim
