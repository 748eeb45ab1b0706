#include "optim/line_search/more_thuente.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<MoreThuenteParams>& more_thuente_fields() {
  using namespace settings;
  using P = MoreThuenteParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "more_thuente";
    t.fields = {
        real("c1", &P::c1, "sufficient decrease (the paper's ftol), < c2", Range::open_unit()),
        real("c2", &P::c2, "curvature (the paper's gtol), > c1", Range::open_unit()),
        real("xtol", &P::xtol, "relative width of the interval of uncertainty at which to stop",
             Range::positive()),
        real("alpha_min", &P::alpha_min, "smallest step", Range::positive()),
        real("alpha_max", &P::alpha_max, "largest step, > alpha_min", Range::positive()),
        integer("max_evals", &P::max_evals, "trials before giving up", Range::at_least(1)),
    };
    t.rules = {[](const P& p, const std::string& o) {
      if (!(p.c1 < p.c2)) throw_field(o, "c1", p.c1, "< c2 (" + real_text(p.c2) + ")");
      if (!(p.alpha_max > p.alpha_min)) throw_field(o, "alpha_max", p.alpha_max, "> alpha_min");
    }};
    return t;
  }();
  return table;
}

void MoreThuenteParams::validate() const {
  more_thuente_fields().validate(*this);
}

namespace {
// The minimiser of the cubic through (u, fu, du), (v, fv, dv), computed in the overflow-safe form
// of the paper (section 4): theta, s and gamma as in MINPACK-2 dcstep.
struct Cubic {
  double theta, s, gamma;
};
Cubic cubic_terms(double u, double fu, double du, double v, double fv, double dv, bool clamp) {
  Cubic c;
  c.theta = 3.0 * (fu - fv) / (v - u) + du + dv;
  c.s = std::max({std::abs(c.theta), std::abs(du), std::abs(dv)});
  double disc = (c.theta / c.s) * (c.theta / c.s) - (du / c.s) * (dv / c.s);
  if (clamp) disc = std::max(0.0, disc);
  c.gamma = c.s * std::sqrt(std::max(0.0, disc));
  return c;
}
}  // namespace

double more_thuente_step(MtInterval& iv, double stp, double fp, double dp, double stpmin,
                         double stpmax) {
  const double sgnd = dp * (iv.dx / std::abs(iv.dx));
  double stpf;
  if (fp > iv.fx) {
    // Case 1: higher value. The minimiser is bracketed; take the cubic step if it is closer to
    // stx than the quadratic (value-value-derivative) step, else their average.
    Cubic c = cubic_terms(iv.stx, iv.fx, iv.dx, stp, fp, dp, false);
    if (stp < iv.stx) c.gamma = -c.gamma;
    const double p = (c.gamma - iv.dx) + c.theta;
    const double q = ((c.gamma - iv.dx) + c.gamma) + dp;
    const double stpc = iv.stx + (p / q) * (stp - iv.stx);
    const double stpq =
        iv.stx + ((iv.dx / ((iv.fx - fp) / (stp - iv.stx) + iv.dx)) / 2.0) * (stp - iv.stx);
    stpf = std::abs(stpc - iv.stx) < std::abs(stpq - iv.stx) ? stpc : stpc + (stpq - stpc) / 2.0;
    iv.bracketed = true;
  } else if (sgnd < 0) {
    // Case 2: lower value, derivatives of opposite sign: bracketed; take the step farther from
    // stp among cubic and secant.
    Cubic c = cubic_terms(iv.stx, iv.fx, iv.dx, stp, fp, dp, false);
    if (stp > iv.stx) c.gamma = -c.gamma;
    const double p = (c.gamma - dp) + c.theta;
    const double q = ((c.gamma - dp) + c.gamma) + iv.dx;
    const double stpc = stp + (p / q) * (iv.stx - stp);
    const double stpq = stp + (dp / (dp - iv.dx)) * (iv.stx - stp);
    stpf = std::abs(stpc - stp) > std::abs(stpq - stp) ? stpc : stpq;
    iv.bracketed = true;
  } else if (std::abs(dp) < std::abs(iv.dx)) {
    // Case 3: lower value, same-sign derivative decreasing in magnitude. The cubic may not have
    // a minimiser beyond stp; fall back to the bound, and safeguard towards sty.
    Cubic c = cubic_terms(iv.stx, iv.fx, iv.dx, stp, fp, dp, true);
    if (stp > iv.stx) c.gamma = -c.gamma;
    const double p = (c.gamma - dp) + c.theta;
    const double q = (c.gamma + (iv.dx - dp)) + c.gamma;
    const double r = p / q;
    double stpc;
    if (r < 0 && c.gamma != 0) {
      stpc = stp + r * (iv.stx - stp);
    } else {
      stpc = stp > iv.stx ? stpmax : stpmin;
    }
    const double stpq = stp + (dp / (dp - iv.dx)) * (iv.stx - stp);
    if (iv.bracketed) {
      stpf = std::abs(stpc - stp) < std::abs(stpq - stp) ? stpc : stpq;
      const double lim = stp + 0.66 * (iv.sty - stp);
      stpf = stp > iv.stx ? std::min(lim, stpf) : std::max(lim, stpf);
    } else {
      stpf = std::abs(stpc - stp) > std::abs(stpq - stp) ? stpc : stpq;
      stpf = std::clamp(stpf, stpmin, stpmax);
    }
  } else {
    // Case 4: lower value, same-sign derivative not decreasing: cubic through stp and sty when
    // bracketed, else extrapolate to the bound.
    if (iv.bracketed) {
      Cubic c = cubic_terms(stp, fp, dp, iv.sty, iv.fy, iv.dy, false);
      if (stp > iv.sty) c.gamma = -c.gamma;
      const double p = (c.gamma - dp) + c.theta;
      const double q = ((c.gamma - dp) + c.gamma) + iv.dy;
      stpf = stp + (p / q) * (iv.sty - stp);
    } else {
      stpf = stp > iv.stx ? stpmax : stpmin;
    }
  }
  // Update the interval of uncertainty (the paper's updating algorithm).
  if (fp > iv.fx) {
    iv.sty = stp;
    iv.fy = fp;
    iv.dy = dp;
  } else {
    if (sgnd < 0) {
      iv.sty = iv.stx;
      iv.fy = iv.fx;
      iv.dy = iv.dx;
    }
    iv.stx = stp;
    iv.fx = fp;
    iv.dx = dp;
  }
  return stpf;
}

template <class S>
MoreThuenteLineSearch<S>::MoreThuenteLineSearch(MoreThuenteParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<LineSearch<S>> MoreThuenteLineSearch<S>::clone() const {
  return std::make_unique<MoreThuenteLineSearch<S>>(p_);
}

template <class S>
LineSearchResult<S> MoreThuenteLineSearch<S>::search_with_slope(Evaluator<S>& eval,
                                                                const Iterate<S>& cur,
                                                                const Vec<S>& d, S dphi0, S alpha0,
                                                                Iterate<S>& out) {
  return search_limited(eval, cur, d, dphi0, alpha0, p_.alpha_max, nullptr, out);
}

template <class S>
LineSearchResult<S> MoreThuenteLineSearch<S>::search_limited(Evaluator<S>& eval,
                                                             const Iterate<S>& cur, const Vec<S>& d,
                                                             S dphi0, S alpha0, double alpha_max,
                                                             const Bounds<S>* box, Iterate<S>& out,
                                                             const Vec<S>* at_one) {
  LineSearchResult<S> res;
  // The trial point x + a d (in the box when there is one).
  auto place = [&](double a) {
    if (at_one != nullptr && a == 1.0) {
      out.x = *at_one;
      return;
    }
    out.x = cur.x + static_cast<S>(a) * d;
    if (box) box->project(out.x);
  };
  const double finit = cur.f;
  const double ginit = dphi0;
  if (!(ginit < 0)) {
    res.message =
        "more_thuente: not a descent direction (g'd = " + std::to_string(ginit) + " >= 0)";
    return res;
  }
  if (!(alpha0 > 0) || !std::isfinite(static_cast<double>(alpha0))) {
    res.message = "more_thuente: initial step must be positive and finite";
    return res;
  }
  const double gtest = p_.c1 * ginit;
  // Relative interval tolerance never below the scalar's resolution.
  const double xtol = std::max(p_.xtol, static_cast<double>(std::numeric_limits<S>::epsilon()));
  double stpmax = std::min(p_.alpha_max, alpha_max);
  if (!(stpmax >= p_.alpha_min)) {
    res.message =
        "more_thuente: the largest step " + std::to_string(stpmax) + " is below alpha_min";
    return res;
  }
  double stp = std::clamp(static_cast<double>(alpha0), p_.alpha_min, stpmax);
  MtInterval iv{0.0, finit, ginit, 0.0, finit, ginit, false};
  int stage = 1;
  double width = stpmax - p_.alpha_min, width1 = 2.0 * width;
  double stmin = 0.0, stmax = stp + 4.0 * stp;  // extrapolation bounds (xtrapu = 4)

  auto accept = [&](double a) {
    res.ok = true;
    res.alpha = static_cast<S>(a);
    out.exact = true;
    return res;
  };

  double last_stp = -1;  // the step whose point `out` holds
  for (long k = 0; k < p_.max_evals; ++k) {
    place(stp);
    last_stp = stp;
    const double f = out.f = eval.value_gradient(out.x, out.g);
    ++res.evaluations;
    // phi'(stp) = g'd. It doubles as the finiteness test of g (one pass instead of two): a NaN
    // or infinite g_j makes g_j d_j NaN or infinite (also when d_j = 0) and so the sum; a sum
    // that overflows with finite terms is treated the same way (phi' is not representable).
    const double g = out.g.dot(d);
    if (!std::isfinite(f) || !std::isfinite(g)) {
      // Outside the domain: the minimiser lies before stp. Cap the interval there and bisect
      // towards the best point (the paper assumes phi is finite everywhere; this guard is ours).
      stpmax = stp;
      stmax = std::min(stmax, stp);
      stp = iv.stx + 0.5 * (stp - iv.stx);
      if (stp - iv.stx <= xtol * stp) break;
      continue;
    }
    const double ftest = finit + stp * gtest;
    // Strong Wolfe conditions (N&W 3.7): done.
    if (f <= ftest && std::abs(g) <= p_.c2 * (-ginit)) return accept(stp);
    // Stopping warnings of dcsrch: rounding errors, interval too small, at a bound. The current
    // trial is still acceptable when it gives sufficient decrease.
    const bool stuck = (iv.bracketed && (stp <= stmin || stp >= stmax)) ||
                       (iv.bracketed && stmax - stmin <= xtol * stmax) ||
                       (stp == stpmax && f <= ftest && g <= gtest) ||
                       (stp == p_.alpha_min && (f > ftest || g >= gtest));
    if (stuck) {
      if (f <= ftest && f < finit) return accept(stp);
      break;
    }
    if (stage == 1 && f <= ftest && g >= 0) stage = 2;
    if (stage == 1 && f <= iv.fx && f > ftest) {
      // Modified function psi(a) = phi(a) - phi(0) - c1 a phi'(0) while no point with
      // sufficient decrease and nonnegative derivative has been found (paper section 3).
      MtInterval m{iv.stx,      iv.fx - iv.stx * gtest, iv.dx - gtest,
                   iv.sty,      iv.fy - iv.sty * gtest, iv.dy - gtest,
                   iv.bracketed};
      const double next = more_thuente_step(m, stp, f - stp * gtest, g - gtest, stmin, stmax);
      iv = MtInterval{m.stx,        m.fx + m.stx * gtest, m.dx + gtest, m.sty, m.fy + m.sty * gtest,
                      m.dy + gtest, m.bracketed};
      stp = next;
    } else {
      stp = more_thuente_step(iv, stp, f, g, stmin, stmax);
    }
    if (iv.bracketed) {
      // Force sufficient shrinkage of the interval: bisect when two steps did not shrink it by 2/3.
      if (std::abs(iv.sty - iv.stx) >= 0.66 * width1) stp = iv.stx + 0.5 * (iv.sty - iv.stx);
      width1 = width;
      width = std::abs(iv.sty - iv.stx);
      stmin = std::min(iv.stx, iv.sty);
      stmax = std::max(iv.stx, iv.sty);
    } else {
      stmin = stp + 1.1 * (stp - iv.stx);
      stmax = stp + 4.0 * (stp - iv.stx);
    }
    stp = std::clamp(stp, p_.alpha_min, stpmax);
    if ((iv.bracketed && (stp <= stmin || stp >= stmax)) ||
        (iv.bracketed && stmax - stmin <= xtol * stmax)) {
      stp = iv.stx;  // no further progress possible: fall back to the best point
    }
  }
  // Out of trials (or stuck): the best point stx is still usable when it gives sufficient
  // decrease (N&W 3.7a); re-evaluate it unless `out` already holds it.
  if (iv.stx > 0 && iv.fx <= finit + iv.stx * gtest && iv.fx < finit) {
    if (last_stp == iv.stx) return accept(iv.stx);
    place(iv.stx);
    out.f = eval.value_gradient(out.x, out.g);
    ++res.evaluations;
    if (std::isfinite(static_cast<double>(out.f)) && out.f < cur.f) return accept(iv.stx);
  }
  res.message = "more_thuente: no step satisfying the Wolfe conditions within " +
                std::to_string(res.evaluations) + " evaluations";
  return res;
}

template class MoreThuenteLineSearch<float>;
template class MoreThuenteLineSearch<double>;

}  // namespace optim
