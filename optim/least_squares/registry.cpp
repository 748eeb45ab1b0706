// Registry entries of the least-squares family (Gauss-Newton, Levenberg-Marquardt).
#include "optim/registry.hpp"

#include <memory>
#include <stdexcept>

#include "optim/least_squares/gauss_newton.hpp"
#include "optim/least_squares/levenberg_marquardt.hpp"
#include "optim/line_search/factory.hpp"

namespace optim {
namespace {

LevenbergMarquardtParams read_lm(const ParamSet& p) {
  LevenbergMarquardtParams o;
  o.radius_factor = p.get_double("radius_factor", o.radius_factor);
  o.ftol = p.get_double("reduction_tol", o.ftol);
  o.xtol = p.get_double("radius_tol", o.xtol);
  o.gtol = p.get_double("cosine_tol", o.gtol);
  o.eta = p.get_double("eta", o.eta);
  o.scaling = p.get_bool("scaling", o.scaling);
  o.max_trials = static_cast<int>(p.get_int("max_trials", o.max_trials));
  o.geodesic_accel = p.get_bool("geodesic_accel", o.geodesic_accel);
  o.accel_alpha = p.get_double("accel_alpha", o.accel_alpha);
  o.accel_h = p.get_double("accel_h", o.accel_h);
  return o;
}

GaussNewtonParams read_gn(const ParamSet& p) {
  GaussNewtonParams o;
  const std::string solver = p.get_string("solver", "qr");
  if (solver == "qr") {
    o.solver = GaussNewtonSolver::Qr;
  } else if (solver == "ldlt") {
    o.solver = GaussNewtonSolver::Ldlt;
  } else {
    throw std::invalid_argument("invalid solver = '" + solver + "': must be qr or ldlt");
  }
  o.rank_tol = p.get_double("rank_tol", o.rank_tol);
  o.ftol = p.get_double("prediction_tol", o.ftol);
  return o;
}

template <class S>
std::unique_ptr<Method<S>> make_gn(const ParamSet& p) {
  std::shared_ptr<const LineSearch<S>> ls =
      make_line_search<S>(p.get_string("line_search", "armijo"), p.get_double("c1", -1));
  return std::make_unique<GaussNewton<S>>(ls, read_gn(p));
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
      {"reduction_tol", "1e-15",
       "stop when actual and predicted relative reductions <= reduction_tol; >= 0"},
      {"radius_tol", "1e-15", "stop when the trust radius <= radius_tol * ||D x||; >= 0"},
      {"cosine_tol", "0",
       "stop when max cosine between r and the columns of J <= cosine_tol; >= 0"},
      {"eta", "1e-4", "accept a trial step when actual/predicted reduction >= eta; in [0, 0.25)"},
      {"scaling", "true", "scale by the column norms of J (false: D = I)"},
      {"max_trials", "60", "rejected trials per iteration before giving up; >= 1"},
      {"geodesic_accel", "false",
       "geodesic acceleration (Transtrum & Sethna 2012): step v + a/2, one extra residual "
       "evaluation per trial"},
      {"accel_alpha", "0.75", "use the acceleration only when 2 ||D a|| / ||D v|| <= alpha; > 0"},
      {"accel_h", "0.1", "finite-difference step for the second directional derivative; > 0"},
  };
  lm.make_float = [](const ParamSet& p) -> std::unique_ptr<Method<float>> {
    return std::make_unique<LevenbergMarquardt<float>>(read_lm(p));
  };
  lm.make_double = [](const ParamSet& p) -> std::unique_ptr<Method<double>> {
    return std::make_unique<LevenbergMarquardt<double>>(read_lm(p));
  };
  out.push_back(std::move(lm));

  MethodInfo gn;
  gn.name = "gauss-newton";
  gn.family = "least-squares";
  gn.summary =
      "Gauss-Newton: J'J d = -J'r (seed 003 eqs. 12-13) by pivoted QR or LDLT, plus a line "
      "search; needs residuals + Jacobian, stops with numerical_error on a rank-deficient J";
  gn.params = {
      {"line_search", "armijo", "armijo, more_thuente (wolfe) or exact"},
      {"c1", "1e-4", "sufficient-decrease constant of the line search; in (0, 1)"},
      {"solver", "qr", "qr (pivoted Householder QR of J) or ldlt (of J'J)"},
      {"rank_tol", "0", "rank threshold on the pivot ratio; 0 = n * machine epsilon; in [0, 1)"},
      {"prediction_tol", "0",
       "stop when 1/2||J d||^2 <= prediction_tol * f; 0 = machine epsilon; in [0, 1)"},
  };
  gn.make_float = [](const ParamSet& p) { return make_gn<float>(p); };
  gn.make_double = [](const ParamSet& p) { return make_gn<double>(p); };
  out.push_back(std::move(gn));
}

}  // namespace optim
