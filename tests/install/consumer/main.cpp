// Minimises f(x) = (x0 - 3)^2 + (x1 + 1)^2 with gradient descent through the installed package.
#include <cmath>
#include <cstdio>
#include <optim/optim.hpp>

class Bowl : public optim::Objective<double> {
 public:
  optim::Index dim() const override { return 2; }
  double evaluate(const optim::Vec<double>& x, optim::Vec<double>* g) override {
    if (g) *g << 2 * (x[0] - 3), 2 * (x[1] + 1);
    return (x[0] - 3) * (x[0] - 3) + (x[1] + 1) * (x[1] + 1);
  }
};

int main() {
  Bowl bowl;
  auto method = optim::make_method<double>("gd", optim::ParamSet{{"lr", "0.25"}});
  auto r = optim::minimize<double>(bowl, optim::Vec<double>::Zero(2), *method);
  std::printf("%s x = (%g, %g)\n", std::string(optim::to_string(r.status)).c_str(), r.x[0], r.x[1]);
  return r.converged() && std::abs(r.x[0] - 3) < 1e-5 && std::abs(r.x[1] + 1) < 1e-5 ? 0 : 1;
}
