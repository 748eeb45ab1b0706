// Adam's invariance to a diagonal rescaling of the gradient (seed 003; Kingma & Ba 2015, sec. 2):
// with g_i -> c_i g_i (c_i > 0) the moments become c_i G_i and c_i^2 A_i, so the step
// eta G_hat_i / sqrt(A_hat_i) is unchanged when eps does not count. Gradient descent's step
// scales with c_i: the same comparison fails for it, so the test can tell the two apart.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "optim/first_order/adam.hpp"
#include "optim/first_order/gradient_descent.hpp"

namespace optim {
namespace {

// Runs `steps` updates from x0 = 0 with the gradients g_k (seeded normals), scaled by c when
// `scaled`, and returns x.
template <class Rule>
Vec<double> run(const Rule& rule, const Vec<double>& c, bool scaled, int steps, double lr) {
  const Index n = c.size();
  auto state = rule.start(n);
  std::mt19937_64 rng(17);
  std::normal_distribution<double> nd;
  Vec<double> x = Vec<double>::Zero(n), g(n);
  for (int k = 0; k < steps; ++k) {
    for (Index i = 0; i < n; ++i) g[i] = nd(rng) + 0.3;
    if (scaled) g = g.cwiseProduct(c);
    state->update(x, g, 0, lr);
  }
  return x;
}

TEST(AdamInvariance, ADiagonalRescalingOfTheGradientLeavesTheStepsUnchanged) {
  const Index n = 50;
  Vec<double> c(n);
  for (Index i = 0; i < n; ++i) c[i] = std::pow(10.0, -4.0 + 8.0 * double(i) / double(n - 1));
  AdamParams p;
  p.lr = 0.01;
  p.eps = 1e-300;  // below every sqrt(A_hat) here: eps does not count (default 1e-8 would, for c =
                   // 1e-4)
  const Adam<double> adam(p);
  const Vec<double> plain = run(adam, c, false, 40, p.lr), rescaled = run(adam, c, true, 40, p.lr);
  // Each step of each coordinate carries a few roundings (moments, sqrt, division) whose relative
  // sizes do not depend on c_i: 40 steps of ~10 roundings of 1.1e-16 each, so 1e-13 relative.
  for (Index i = 0; i < n; ++i) {
    EXPECT_NEAR(rescaled[i], plain[i], 1e-13 * std::abs(plain[i])) << "c_" << i << " = " << c[i];
  }
  // Gradient descent is not invariant: its iterate scales with c_i.
  const GradientDescent<double> gd(GradientDescentParams{0.01});
  const Vec<double> gd_plain = run(gd, c, false, 40, 0.01), gd_scaled = run(gd, c, true, 40, 0.01);
  EXPECT_NEAR(gd_scaled[0] / gd_plain[0], c[0], 1e-12 * c[0]);
  EXPECT_GT(std::abs(gd_scaled[0] - gd_plain[0]), 0.5 * std::abs(gd_plain[0]));
}

}  // namespace
}  // namespace optim
