// Registry entries of the least-squares family (Gauss-Newton, Levenberg-Marquardt).
#include <memory>

#include "optim/least_squares/levenberg_marquardt.hpp"
#include "optim/registry.hpp"

namespace optim {
namespace {

LevenbergMarquardtParams read_lm(const ParamSet& p) {
  LevenbergMarquardtParams o;
  o.radius_factor = p.get_double("radius_factor", o.radius_factor);
  o.ftol = p.get_double("ftol", o.ftol);
  o.xtol = p.get_double("xtol", o.xtol);
  o.gtol = p.get_double("gtol", o.gtol);
  o.eta = p.get_double("eta", o.eta);
  o.scaling = p.get_bool("scaling", o.scaling);
  o.max_trials = static_cast<int>(p.get_int("max_trials", o.max_trials));
  return o;
}

}  // namespace

void add_least_squares_methods(std::vector<MethodInfo>& out) {
  MethodInfo lm;
  lm.name = "lm";
  lm.family = "least-squares";
  lm.summary =
      "Levenberg-Marquardt, Moré's scaled trust-region form (Moré 1978; seed 003 Levenberg "
      "Marquardt); needs residuals + Jacobian";
  lm.params = {
      {"radius_factor", "100", "initial trust radius = factor * ||D x0||; > 0"},
      {"ftol", "1e-15", "stop when actual and predicted relative reductions <= ftol; >= 0"},
      {"xtol", "1e-15", "stop when the trust radius <= xtol * ||D x||; >= 0"},
      {"gtol", "0", "stop when max cosine between r and the columns of J <= gtol; >= 0"},
      {"eta", "1e-4", "accept a trial step when actual/predicted reduction >= eta; in [0, 0.25)"},
      {"scaling", "true", "scale by the column norms of J (false: D = I)"},
      {"max_trials", "60", "rejected trials per iteration before giving up; >= 1"},
  };
  lm.make_float = [](const ParamSet& p) -> std::unique_ptr<Method<float>> {
    return std::make_unique<LevenbergMarquardt<float>>(read_lm(p));
  };
  lm.make_double = [](const ParamSet& p) -> std::unique_ptr<Method<double>> {
    return std::make_unique<LevenbergMarquardt<double>>(read_lm(p));
  };
  out.push_back(std::move(lm));
}

}  // namespace optim
