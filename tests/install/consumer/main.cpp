// Minimises f(x) = (x0 - 3)^2 + (x1 + 1)^2 through the installed package: with gradient descent
// picked by name on an Objective subclass, and with typed L-BFGS on a plain value-only function
// (central finite differences).
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
  auto value = [](const optim::Vec<double>& x) {
    return (x[0] - 3) * (x[0] - 3) + (x[1] + 1) * (x[1] + 1);
  };
  auto q = optim::minimize(value, Eigen::VectorXd::Zero(2), optim::Lbfgs<double>({.m = 6}));
  std::printf("%s x = (%g, %g)\n", std::string(optim::to_string(q.status)).c_str(), q.x[0], q.x[1]);
  const bool ok_r = r.converged() && std::abs(r.x[0] - 3) < 1e-5 && std::abs(r.x[1] + 1) < 1e-5;
  const bool ok_q = q.converged() &&
                    q.gradient_source == optim::GradientSource::CentralDifferences &&
                    std::abs(q.x[0] - 3) < 1e-5 && std::abs(q.x[1] + 1) < 1e-5;
  return ok_r && ok_q ? 0 : 1;
}
