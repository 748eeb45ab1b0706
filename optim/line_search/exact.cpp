#include "optim/line_search/exact.hpp"

#include <boost/math/tools/minima.hpp>
#include <cmath>
#include <cstdint>
#include <limits>

#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<ExactParams>& exact_fields() {
  using namespace settings;
  using P = ExactParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "exact";
    t.fields = {
        integer("max_bracket", &P::max_bracket, "halvings / expansions while bracketing",
                Range::at_least(1)),
        integer("max_brent", &P::max_brent, "Brent iterations", Range::at_least(1)),
        integer("bits", &P::bits, "Brent precision in bits, 0: half the scalar's mantissa",
                Range::closed(0, std::numeric_limits<double>::digits)),
        real("expand", &P::expand, "growth factor while expanding (golden ratio)",
             Range::greater(1)),
    };
    return t;
  }();
  return table;
}

void ExactParams::validate() const {
  exact_fields().validate(*this);
}

template <class S>
ExactLineSearch<S>::ExactLineSearch(ExactParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<LineSearch<S>> ExactLineSearch<S>::clone() const {
  return std::make_unique<ExactLineSearch<S>>(p_);
}

template <class S>
LineSearchResult<S> ExactLineSearch<S>::search_with_slope(Evaluator<S>& eval, const Iterate<S>& cur,
                                                          const Vec<S>& d, S slope, S alpha0,
                                                          Iterate<S>& out) {
  LineSearchResult<S> res;
  const double phi0 = cur.f;
  const double dphi0 = slope;
  if (!(dphi0 < 0)) {
    res.message = "exact: not a descent direction (g'd = " + std::to_string(dphi0) + " >= 0)";
    return res;
  }
  if (!(alpha0 > 0) || !std::isfinite(static_cast<double>(alpha0))) {
    res.message = "exact: initial step must be positive and finite";
    return res;
  }
  // phi(a) = e(x + a d); a point outside the domain counts as +huge so that Brent avoids it.
  auto phi = [&](double a) {
    out.x = cur.x + static_cast<S>(a) * d;
    const double v = eval.value(out.x);
    ++res.evaluations;
    return std::isfinite(v) ? v : std::numeric_limits<double>::max();
  };
  double b = alpha0, fb = phi(b);
  double a = 0.0, c;
  if (!(fb < phi0)) {
    // Too far: halve until below phi(0); the bracket is (0, b, previous b).
    long k = 0;
    do {
      c = b;
      b *= 0.5;
      fb = phi(b);
    } while (!(fb < phi0) && ++k < p_.max_bracket);
    if (!(fb < phi0)) {
      res.message =
          "exact: no decrease found while bracketing (step shrank to " + std::to_string(b) + ")";
      return res;
    }
  } else {
    // Expand until phi rises again: (previous, b, c).
    c = b * p_.expand;
    double fc = phi(c);
    long k = 0;
    while (fc <= fb) {
      if (++k >= p_.max_bracket) {
        res.message = "exact: phi still decreasing at step " + std::to_string(c) +
                      " (unbounded below along d?)";
        return res;
      }
      a = b;
      b = c;
      fb = fc;
      c = b * p_.expand;
      fc = phi(c);
    }
  }
  const int bits = p_.bits > 0 ? p_.bits : std::numeric_limits<S>::digits / 2;
  std::uintmax_t iters = static_cast<std::uintmax_t>(p_.max_brent);
  const auto [amin, fmin] = boost::math::tools::brent_find_minima(phi, a, c, bits, iters);
  if (!(fmin < phi0) || !(amin > 0)) {
    res.message = "exact: Brent's method found no decrease";
    return res;
  }
  out.x = cur.x + static_cast<S>(amin) * d;
  out.f = eval.value_gradient(out.x, out.g);
  out.exact = true;
  ++res.evaluations;
  res.ok = true;
  res.alpha = static_cast<S>(amin);
  return res;
}

template class ExactLineSearch<float>;
template class ExactLineSearch<double>;

}  // namespace optim
