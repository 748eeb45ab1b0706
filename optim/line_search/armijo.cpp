#include "optim/line_search/armijo.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<ArmijoParams>& armijo_fields() {
  using namespace settings;
  using P = ArmijoParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "armijo";
    t.fields = {
        real("c1", &P::c1, "sufficient-decrease constant (N&W eq. 3.4)", Range::open_unit()),
        real("shrink_lo", &P::shrink_lo, "next trial >= shrink_lo * alpha (N&W p. 58)",
             Range::open_unit()),
        real("shrink_hi", &P::shrink_hi, "next trial <= shrink_hi * alpha", Range::open_unit()),
        integer("max_evals", &P::max_evals, "trial values before giving up", Range::at_least(1)),
        real("alpha_min", &P::alpha_min, "give up below this step", Range::positive()),
    };
    t.rules = {[](const P& p, const std::string& o) {
      if (p.shrink_lo > p.shrink_hi) {
        throw_field(o, "shrink_lo", p.shrink_lo, "<= shrink_hi (" + real_text(p.shrink_hi) + ")");
      }
    }};
    return t;
  }();
  return table;
}

void ArmijoParams::validate() const {
  armijo_fields().validate(*this);
}

double armijo_quadratic_step(double phi0, double dphi0, double a, double phi_a) {
  // N&W eq. 3.57: alpha = -phi'(0) a^2 / (2 (phi(a) - phi(0) - phi'(0) a)).
  const double denom = 2.0 * (phi_a - phi0 - dphi0 * a);
  if (!(denom > 0)) return std::nan("");
  return -dphi0 * a * a / denom;
}

double armijo_cubic_step(double phi0, double dphi0, double a0, double phi_a0, double a1,
                         double phi_a1) {
  // N&W eq. 3.58: phi_c(x) = a x^3 + b x^2 + phi'(0) x + phi(0) interpolating phi(a0), phi(a1);
  // its minimiser is (-b + sqrt(b^2 - 3 a phi'(0))) / (3 a) (eq. 3.59).
  const double r1 = phi_a1 - phi0 - dphi0 * a1;
  const double r0 = phi_a0 - phi0 - dphi0 * a0;
  const double scale = 1.0 / (a0 * a0 * a1 * a1 * (a1 - a0));
  const double a = scale * (a0 * a0 * r1 - a1 * a1 * r0);
  const double b = scale * (-a0 * a0 * a0 * r1 + a1 * a1 * a1 * r0);
  if (a == 0.0) return b > 0 ? -dphi0 / (2.0 * b) : std::nan("");  // the cubic is a quadratic
  const double disc = b * b - 3.0 * a * dphi0;
  if (disc < 0) return std::nan("");
  return (-b + std::sqrt(disc)) / (3.0 * a);
}

template <class S>
ArmijoLineSearch<S>::ArmijoLineSearch(ArmijoParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<LineSearch<S>> ArmijoLineSearch<S>::clone() const {
  return std::make_unique<ArmijoLineSearch<S>>(p_);
}

template <class S>
LineSearchResult<S> ArmijoLineSearch<S>::search_with_slope(Evaluator<S>& eval,
                                                           const Iterate<S>& cur, const Vec<S>& d,
                                                           S slope, S alpha0, Iterate<S>& out) {
  LineSearchResult<S> res;
  const double phi0 = cur.f;
  const double dphi0 = slope;
  if (!(dphi0 < 0)) {
    res.message = "armijo: not a descent direction (g'd = " + std::to_string(dphi0) + " >= 0)";
    return res;
  }
  if (!(alpha0 > 0) || !std::isfinite(static_cast<double>(alpha0))) {
    res.message = "armijo: initial step must be positive and finite";
    return res;
  }
  double alpha = alpha0;
  double prev_alpha = 0, prev_phi = 0;  // the previous rejected trial, for the cubic
  bool have_prev = false;
  for (long k = 0; k < p_.max_evals; ++k) {
    out.x = cur.x + static_cast<S>(alpha) * d;
    const double phi = eval.value(out.x);
    ++res.evaluations;
    // Sufficient decrease (N&W eq. 3.4): phi(alpha) <= phi(0) + c1 alpha phi'(0).
    if (std::isfinite(phi) && phi <= phi0 + p_.c1 * alpha * dphi0) {
      out.f = eval.value_gradient(out.x, out.g);
      out.exact = true;
      ++res.evaluations;
      res.ok = true;
      res.alpha = static_cast<S>(alpha);
      return res;
    }
    double next;
    if (!std::isfinite(phi)) {
      next = p_.shrink_hi * alpha;  // outside the domain: no model to interpolate, just shrink
      have_prev = false;
    } else {
      next = have_prev ? armijo_cubic_step(phi0, dphi0, prev_alpha, prev_phi, alpha, phi)
                       : armijo_quadratic_step(phi0, dphi0, alpha, phi);
      prev_alpha = alpha;
      prev_phi = phi;
      have_prev = true;
    }
    // Safeguard (N&W p. 58): keep the new trial in [shrink_lo, shrink_hi] * alpha so that the
    // search neither stalls nor collapses on a poor interpolant.
    const double lo = p_.shrink_lo * alpha, hi = p_.shrink_hi * alpha;
    if (!std::isfinite(next) || next > hi) next = hi;
    if (next < lo) next = lo;
    alpha = next;
    if (alpha < p_.alpha_min) {
      res.message = "armijo: step fell below alpha_min without sufficient decrease";
      return res;
    }
  }
  res.message =
      "armijo: no sufficient decrease within max_evals = " + std::to_string(p_.max_evals) +
      " trials";
  return res;
}

template class ArmijoLineSearch<float>;
template class ArmijoLineSearch<double>;

}  // namespace optim
