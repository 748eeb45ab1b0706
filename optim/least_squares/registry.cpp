// Registry entries of the least-squares family (Gauss-Newton, Levenberg-Marquardt), each
// described by its settings' field table.
#include <memory>

#include "optim/least_squares/gauss_newton.hpp"
#include "optim/least_squares/levenberg_marquardt.hpp"
#include "optim/settings/method_entry.hpp"

namespace optim {
namespace {

template <template <class> class M, class P>
MethodInfo entry(std::string name, std::string summary, const settings::FieldTable<P>& table) {
  return settings::method_entry(
      std::move(name), "least-squares", std::move(summary), table, P{},
      []<class S>(const P& p) -> std::unique_ptr<Method<S>> { return std::make_unique<M<S>>(p); });
}

}  // namespace

void add_least_squares_methods(std::vector<MethodInfo>& out) {
  out.push_back(entry<LevenbergMarquardt>(
      "lm",
      "Levenberg-Marquardt, Moré's scaled trust-region form (Moré 1978; seed 003 Levenberg "
      "Marquardt); needs residuals + Jacobian",
      levenberg_marquardt_fields()));
  out.push_back(entry<GaussNewton>(
      "gauss-newton",
      "Gauss-Newton: J'J d = -J'r (seed 003 eqs. 12-13) by pivoted QR or LDLT, plus a line "
      "search; needs residuals + Jacobian, stops with numerical_error on a rank-deficient J",
      gauss_newton_fields()));
}

}  // namespace optim
