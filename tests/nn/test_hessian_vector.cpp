// The network's exact Hessian-vector product (Pearlmutter's R-operator, nn/hessian_vector.hpp):
// the activations' second derivatives against differences of their first derivatives, and H v
// against central differences of the gradient, (g(x + h v) - g(x - h v)) / 2h, for every
// activation and loss.
#include <gtest/gtest.h>

#include <cmath>

#include "nn/activation_second.hpp"
#include "nn/mlp_objective.hpp"
#include "nn/synthetic.hpp"
#include "optim/run_context.hpp"

namespace optim::nn {
namespace {

TEST(HessianVector, ActivationSecondDerivativesAreTheDerivativesOfTheFirst) {
  // Central differences with h = 1e-5 in double: truncation h^2 g'''' ~ 1e-10, rounding
  // eps / h ~ 1e-11; 1e-7 leaves room. The points avoid the kinks of the piecewise-linear units.
  const double h = 1e-5;
  for (const auto& name : activation_names()) {
    const Activation a = parse_activation(name);
    const double p = has_learned_param(a) ? 0.6 : default_activation_param(a);
    for (double z : {-2.1, -0.7, -0.2, 0.3, 1.4}) {
      const SecondDerivatives<double> d = activate_d2(a, z, p);
      const double zz = (activate_dz(a, z + h, p) - activate_dz(a, z - h, p)) / (2 * h);
      EXPECT_NEAR(d.zz, zz, 1e-7) << name << " z " << z;
      if (!has_learned_param(a)) continue;
      const double zp = (activate_dz(a, z, p + h) - activate_dz(a, z, p - h)) / (2 * h);
      const double pp = (activate_dp(a, z, p + h) - activate_dp(a, z, p - h)) / (2 * h);
      EXPECT_NEAR(d.zp, zp, 1e-7) << name << " z " << z;
      EXPECT_NEAR(d.pp, pp, 1e-7) << name << " z " << z;
    }
  }
}

Dataset<double> set_for(Loss loss) {
  if (loss == Loss::Mse || loss == Loss::L1) {
    Dataset<double> d = make_sine<double>(9, 0.1, 5);
    Dataset<double> e;
    e.name = "sine3";
    e.x = Mat<double>(3, 9);
    e.x << d.x, d.x.array().square().matrix(), d.x.array().cos().matrix();
    e.y = Mat<double>(2, 9);
    e.y << d.y, -d.y;
    return e;
  }
  return make_blobs<double>(4, loss == Loss::BinaryCrossEntropy ? 2 : 3, 3, 5);
}

TEST(HessianVector, EqualsDifferencesOfTheGradientForEveryActivationAndLoss) {
  for (const auto& name : activation_names()) {
    for (Loss loss : {Loss::Mse, Loss::BinaryCrossEntropy, Loss::SoftmaxCrossEntropy, Loss::L1}) {
      NetworkSpec s;
      s.hidden = parse_activation(name);
      s.loss = loss;
      s.init = Init::Glorot;
      const Index out =
          loss == Loss::BinaryCrossEntropy ? 1 : (loss == Loss::SoftmaxCrossEntropy ? 3 : 2);
      s.layers = {3, 5, 4, out};
      if (has_learned_param(s.hidden)) s.activation_param = 0.6;
      Network<double> net(s);
      const Dataset<double> d = set_for(loss);
      // A chunk of 5 columns: the product sums over chunks as evaluate() does.
      MlpObjective<double> obj(net, d, /*weight_decay=*/0.01, /*chunk=*/5);
      Vec<double> x;
      net.init_params(x, 7);
      for (const auto& sl : net.slots())
        if (sl.p >= 0) x.segment(sl.p, sl.out) += Vec<double>::LinSpaced(sl.out, -0.2, 0.3);
      Vec<double> v = Vec<double>::LinSpaced(x.size(), -1.0, 1.0).array().sin().matrix();
      Vec<double> hv(x.size()), gp(x.size()), gm(x.size());
      obj.hessian_vector(x, v, &hv);
      // h = 1e-5: truncation h^2 ~ 1e-10 and rounding eps |g| / h ~ 1e-11 relative; a kink of
      // ReLU-like units or of |z - y| would need a pre-activation within ~1e-5 of 0, which these
      // continuous random weights do not produce.
      const double h = 1e-5;
      obj.evaluate(x + h * v, &gp);
      obj.evaluate(x - h * v, &gm);
      const Vec<double> fd = (gp - gm) / (2 * h);
      const double err = (hv - fd).cwiseAbs().maxCoeff() / std::max(1.0, fd.cwiseAbs().maxCoeff());
      EXPECT_LT(err, 1e-7) << name << " + " << to_string(loss);  // observed <= 1.4e-9
      if (loss == Loss::SoftmaxCrossEntropy && name == "tanh") {
        // Symmetric: u^T H v = v^T H u for another direction u (1e-12 relative rounding).
        Vec<double> u = Vec<double>::LinSpaced(x.size(), 0.5, -2.0), hu(x.size());
        obj.hessian_vector(x, u, &hu);
        EXPECT_NEAR(u.dot(hv), v.dot(hu), 1e-10 * std::max(1.0, std::abs(u.dot(hv))));
      }
    }
  }
}

TEST(HessianVector, IsTheSameForAnyThreadCount) {
  // The products go through nn/gemm.hpp's fixed partition: bit-identical for 1 and 2 threads.
  NetworkSpec s{{300, 64, 10}};
  Network<float> net(s);
  const Dataset<float> d = make_blobs<float>(40, 10, 300, 3);
  MlpObjective<float> obj(net, d);
  Vec<float> x, v, h1(net.num_params()), h2(net.num_params());
  net.init_params(x, 2);
  v = Vec<float>::LinSpaced(x.size(), -1.0f, 1.0f);
  {
    const ContextScope one({.threads = 1});
    obj.hessian_vector(x, v, &h1);
  }
  {
    const ContextScope two({.threads = 2});
    obj.hessian_vector(x, v, &h2);
  }
  EXPECT_EQ(h1, h2);
}

TEST(HessianVector, TheObjectiveOffersTheCapability) {
  Network<float> net({{2, 3, 2}});
  const Dataset<float> d = make_blobs<float>(3, 2, 2, 1);
  MlpObjective<float> obj(net, d);
  Objective<float>& as_objective = obj;
  EXPECT_NE(dynamic_cast<HessianVectorProvider<float>*>(&as_objective), nullptr);
}

}  // namespace
}  // namespace optim::nn
