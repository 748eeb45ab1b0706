#pragma once
// Shared helpers of the nn tests: central-difference gradient checks and tiny data sets.
#include <cmath>
#include <functional>

#include "nn/dataset.hpp"
#include "optim/objective.hpp"

namespace optim::nn::testutil {

// Largest |analytic - numeric| / max(1, |numeric|) over all coordinates, with the central
// difference (f(x + h e_i) - f(x - h e_i)) / 2h. In double with h = 1e-6 the truncation error is
// O(h^2 f''') ~ 1e-12 and the rounding error O(eps f / h) ~ 1e-10, so 1e-6 is a safe bound for
// smooth losses of order one.
inline double gradient_error(Objective<double>& obj, const Vec<double>& x, double h = 1e-6) {
  Vec<double> g(x.size());
  obj.evaluate(x, &g);
  double worst = 0;
  Vec<double> xp = x;
  for (Index i = 0; i < x.size(); ++i) {
    xp[i] = x[i] + h;
    const double fp = obj.evaluate(xp, nullptr);
    xp[i] = x[i] - h;
    const double fm = obj.evaluate(xp, nullptr);
    xp[i] = x[i];
    const double num = (fp - fm) / (2 * h);
    worst = std::max(worst, std::abs(g[i] - num) / std::max(1.0, std::abs(num)));
  }
  return worst;
}

// Scalar version for one-dimensional functions.
inline double central_diff(const std::function<double(double)>& f, double x, double h = 1e-6) {
  return (f(x + h) - f(x - h)) / (2 * h);
}

}  // namespace optim::nn::testutil
