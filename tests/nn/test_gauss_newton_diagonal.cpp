// The Gauss-Newton diagonal of a network's loss (nn/gauss_newton_diagonal.hpp) against the full
// matrix G = (1/N) sum_i J_i' H_i J_i formed from Jacobians of the logits by central differences
// and the losses' output Hessians written out by hand; and diag-newton's step
// x - lr g / (diag + damping) (optim/second_order/diag_newton.hpp) on a network.
#include <gtest/gtest.h>

#include <cmath>

#include "nn/mlp_objective.hpp"
#include "nn/synthetic.hpp"
#include "optim/driver.hpp"
#include "optim/registry.hpp"
#include "support/alloc_counter.hpp"

namespace optim::nn {
namespace {

Dataset<double> set_for(Loss loss) {
  if (loss == Loss::Mse) {
    Dataset<double> d = make_sine<double>(9, 0.1, 5);
    Dataset<double> e;
    e.name = "sine3";
    e.x = Mat<double>(3, 9);
    e.x << d.x, d.x.array().square().matrix(), d.x.array().cos().matrix();
    e.y = Mat<double>(2, 9);
    e.y << d.y, -d.y;
    return e;
  }
  return make_blobs<double>(6, loss == Loss::BinaryCrossEntropy ? 2 : 3, 3, 5);
}

// The Hessian of one sample's loss with respect to its logits z, by hand.
Mat<double> output_hessian(Loss loss, const Vec<double>& z) {
  const Index k = z.size();
  switch (loss) {
    case Loss::Mse:
      return Mat<double>::Identity(k, k);  // L = |z - y|^2 / 2
    case Loss::BinaryCrossEntropy: {
      const double s = 1 / (1 + std::exp(-z[0]));
      return Mat<double>::Constant(1, 1, s * (1 - s));
    }
    case Loss::SoftmaxCrossEntropy: {
      const Vec<double> p =
          (z.array() - z.maxCoeff()).exp().matrix() / (z.array() - z.maxCoeff()).exp().sum();
      return Mat<double>(p.asDiagonal()) - p * p.transpose();
    }
    case Loss::L1:
      break;
  }
  return Mat<double>::Zero(k, k);
}

TEST(GaussNewtonDiagonal, IsTheDiagonalOfTheFullMatrixByDifferences) {
  for (Loss loss : {Loss::Mse, Loss::BinaryCrossEntropy, Loss::SoftmaxCrossEntropy}) {
    for (double lambda : {0.0, 0.05}) {
      SCOPED_TRACE(std::to_string(int(loss)) + " lambda " + std::to_string(lambda));
      NetworkSpec s;
      s.hidden = Activation::Tanh;
      s.loss = loss;
      s.init = Init::Glorot;
      const Index out =
          loss == Loss::BinaryCrossEntropy ? 1 : (loss == Loss::SoftmaxCrossEntropy ? 3 : 2);
      s.layers = {3, 4, out};
      Network<double> net(s);
      const Dataset<double> d = set_for(loss);
      MlpObjective<double> obj(net, d, lambda);
      Vec<double> x;
      net.init_params(x, 11);
      const Index np = x.size(), n = d.size();
      Vec<double> diag(np);
      obj.curvature_diagonal(x, &diag);
      // The full G by central differences of the logits, h = 1e-5: truncation h^2 ~ 1e-10 and
      // rounding eps / h ~ 1e-11 on O(1) logits, so 1e-7 relative to the largest entry.
      const double h = 1e-5;
      Mat<double> g = Mat<double>::Zero(np, np), jac(out, np);
      Vec<double> xp = x, xm = x;
      for (Index i = 0; i < n; ++i) {
        for (Index j = 0; j < np; ++j) {
          xp[j] = x[j] + h;
          xm[j] = x[j] - h;
          const Vec<double> zp = net.forward(xp, d.x.col(i)).col(0);
          const Vec<double> zm = net.forward(xm, d.x.col(i)).col(0);
          jac.col(j) = (zp - zm) / (2 * h);
          xp[j] = xm[j] = x[j];
        }
        const Vec<double> z = net.forward(x, d.x.col(i)).col(0);
        g += jac.transpose() * output_hessian(loss, z) * jac / double(n);
      }
      // L2: the Hessian of lambda ||W||^2 is 2 lambda on the weights (not the biases).
      for (const auto& sl : net.slots())
        g.diagonal().segment(sl.w, sl.in * sl.out).array() += 2 * lambda;
      const double scale = std::max(1.0, g.diagonal().cwiseAbs().maxCoeff());
      EXPECT_LT((diag - g.diagonal()).cwiseAbs().maxCoeff(), 1e-7 * scale)
          << diag.transpose() << "\n"
          << g.diagonal().transpose();
      EXPECT_GE(diag.minCoeff(), 0.0);
    }
  }
}

TEST(GaussNewtonDiagonal, DiagNewtonStepsByTheFormulaAndLowersTheLoss) {
  NetworkSpec s;
  s.hidden = Activation::Tanh;
  s.loss = Loss::SoftmaxCrossEntropy;
  s.layers = {3, 6, 3};
  Network<double> net(s);
  const Dataset<double> d = make_blobs<double>(60, 3, 3, 9);
  MlpObjective<double> obj(net, d);
  Vec<double> x0;
  net.init_params(x0, 3);
  Vec<double> g0(x0.size()), d0(x0.size());
  const double f0 = obj.evaluate(x0, &g0);
  obj.curvature_diagonal(x0, &d0);
  // line_search=none: the fixed step x - lr g / (diag + damping) of the formula.
  auto method = make_method<double>(
      "diag-newton", ParamSet{{"lr", "0.5"}, {"damping", "0.01"}, {"line_search", "none"}});
  StopOptions one;
  one.gtol = 0;
  one.max_iter = 1;
  const Result<double> r1 = minimize<double>(obj, x0, *method, one);
  ASSERT_EQ(r1.iterations, 1) << r1.message;
  // The same elementwise operations as the method: equal to rounding (1e-15 relative).
  const Vec<double> expected = x0 - 0.5 * (g0.array() / (d0.array() + 0.01)).matrix();
  EXPECT_LT((r1.x - expected).cwiseAbs().maxCoeff(), 1e-15 * (1 + expected.cwiseAbs().maxCoeff()));
  StopOptions some;
  some.gtol = 0;
  some.max_iter = 30;
  // With its default Armijo search from alpha = 1, the loss halves within 30 steps.
  const Result<double> r =
      minimize<double>(obj, x0, *make_method<double>("diag-newton", ParamSet{}), some);
  EXPECT_LT(r.f, 0.5 * f0) << r.message;
  EXPECT_TRUE(r.status == Status::MaxIterations || r.converged()) << r.message;
}

TEST(GaussNewtonDiagonal, RepeatedDiagonalsAllocateNothing) {
  // diag-newton asks for the diagonal at every iteration: after the first call has sized the
  // buffers, none (DESIGN.md: no allocation inside an iteration loop).
  OPTIM_REQUIRE_ALLOC_COUNTING();
  NetworkSpec s;
  s.hidden = Activation::Tanh;
  s.loss = Loss::SoftmaxCrossEntropy;
  s.layers = {3, 6, 3};
  Network<double> net(s);
  const Dataset<double> d = make_blobs<double>(10, 3, 3, 9);
  MlpObjective<double> obj(net, d, 0.01);
  Vec<double> x, diag;
  net.init_params(x, 3);
  diag.resize(x.size());
  obj.curvature_diagonal(x, &diag);
  testing::AllocationCounter count;
  obj.curvature_diagonal(x, &diag);
  EXPECT_EQ(count.count(), 0);
}

TEST(GaussNewtonDiagonal, AnObjectiveWithoutTheDiagonalIsRefused) {
  class Bowl final : public Objective<double> {
   public:
    Index dim() const override { return 2; }
    double evaluate(const Vec<double>& x, Vec<double>* g) override {
      if (g) *g = x;
      return 0.5 * x.squaredNorm();
    }
  } bowl;
  try {
    minimize<double>(bowl, Vec<double>::Ones(2), *make_method<double>("diag-newton"));
    ADD_FAILURE() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("Gauss-Newton"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace optim::nn
