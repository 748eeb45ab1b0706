#include "optim/bounds/bounds.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

namespace optim {
namespace {

std::string text(double v) {
  std::ostringstream os;
  os.precision(17);
  os << v;
  return os.str();
}

}  // namespace

std::string ActiveBounds::summary() const {
  if (count() == 0) return "no bound active";
  std::string out = std::to_string(count()) + (count() == 1 ? " bound" : " bounds") + " active (" +
                    std::to_string(at_lower.size()) + " at lower, " +
                    std::to_string(at_upper.size()) + " at upper";
  if (!fixed.empty()) out += ", " + std::to_string(fixed.size()) + " fixed";
  return out + ")";
}

template <class S>
Bounds<S>::Bounds(Vec<S> lower, Vec<S> upper) : lower_(std::move(lower)), upper_(std::move(upper)) {
  check();
}

template <class S>
Bounds<S>::Bounds(Index n, S lower, S upper)
    : lower_(Vec<S>::Constant(n, lower)), upper_(Vec<S>::Constant(n, upper)) {
  check();
}

template <class S>
Bounds<S> Bounds<S>::lower_only(Vec<S> lower) {
  Vec<S> upper = Vec<S>::Constant(lower.size(), std::numeric_limits<S>::infinity());
  return Bounds(std::move(lower), std::move(upper));
}

template <class S>
Bounds<S> Bounds<S>::upper_only(Vec<S> upper) {
  Vec<S> lower = Vec<S>::Constant(upper.size(), -std::numeric_limits<S>::infinity());
  return Bounds(std::move(lower), std::move(upper));
}

template <class S>
void Bounds<S>::check() {
  if (lower_.size() != upper_.size()) {
    throw std::invalid_argument("bounds: lower has " + std::to_string(lower_.size()) +
                                " entries but upper has " + std::to_string(upper_.size()));
  }
  const S inf = std::numeric_limits<S>::infinity();
  for (Index i = 0; i < lower_.size(); ++i) {
    const S l = lower_[i], u = upper_[i];
    if (!(l <= u) || l == inf || u == -inf) {  // also NaN; the message is formed only here
      const std::string at = " at coordinate " + std::to_string(i);
      if (std::isnan(l) || std::isnan(u)) throw std::invalid_argument("bounds: NaN" + at);
      if (l == inf) throw std::invalid_argument("bounds: lower bound +inf" + at);
      if (u == -inf) throw std::invalid_argument("bounds: upper bound -inf" + at);
      throw std::invalid_argument("bounds: lower " + text(l) + " > upper " + text(u) + at);
    }
  }
  constrains_ = lower_.array().isFinite().any() || upper_.array().isFinite().any();
  boxed_ = lower_.array().isFinite().all() && upper_.array().isFinite().all();
  uniform_ =
      size() > 0 && (lower_.array() == lower_[0]).all() && (upper_.array() == upper_[0]).all();
  // The runs, given up as soon as they would be too many.
  const Index n = size(), most = std::max<Index>(1, n / kMinRunLength);
  for (Index i = 0; i < n;) {
    Index j = i + 1;
    while (j < n && lower_[j] == lower_[i] && upper_[j] == upper_[i]) ++j;
    if (static_cast<Index>(runs_.size()) == most) {
      runs_.clear();
      break;
    }
    runs_.push_back({i, j, lower_[i], upper_[i]});
    i = j;
  }
}

template <class S>
void Bounds<S>::check_size(Index n) const {
  if (size() != n) {
    throw std::invalid_argument("bounds have " + std::to_string(size()) +
                                " entries but the problem has dimension " + std::to_string(n));
  }
}

template <class S>
bool Bounds<S>::contains(const Vec<S>& x) const {
  return first_outside(x) < 0;
}

template <class S>
Index Bounds<S>::first_outside(const Vec<S>& x) const {
  // A branch-free count per run for the common answer (inside); the index only when it is not.
  const S* xp = x.data();
  Index found = -1;
  for_each_run([&](Index begin, Index end, auto lo, auto hi) {
    Index outside = 0;
    for (Index i = begin; i < end; ++i) outside += !(xp[i] >= lo[i] && xp[i] <= hi[i]);
    if (outside == 0) return true;
    for (Index i = begin; found < 0; ++i) {
      if (!(xp[i] >= lo[i] && xp[i] <= hi[i])) found = i;
    }
    return false;
  });
  return found;
}

template <class S>
void Bounds<S>::require_inside(const Vec<S>& x) const {
  const Index i = first_outside(x);
  if (i < 0) return;
  throw std::logic_error("a method asked for the objective outside the bounds: x[" +
                         std::to_string(i) + "] = " + text(x[i]) + " not in [" + text(lower_[i]) +
                         ", " + text(upper_[i]) + "]");
}

template <class S>
bool Bounds<S>::project(Vec<S>& x) const {
  // A count rather than a short-circuit flag: the loop has no branch and vectorises.
  Index moved = 0;
  S* __restrict xp = x.data();
  for_each_run([&](Index begin, Index end, auto lo, auto hi) {
    for (Index i = begin; i < end; ++i) {
      const S p = std::min(std::max(xp[i], lo[i]), hi[i]);
      moved += p != xp[i];
      xp[i] = p;
    }
    return true;
  });
  return moved > 0;
}

template <class S>
double Bounds<S>::projected_gradient_norm(const Vec<S>& x, const Vec<S>& g, NormKind kind) const {
  // P(x - g) - x componentwise: min(max(x - g, l), u) - x, which is -g_i clipped to [l_i - x_i,
  // u_i - x_i]; the clipped form avoids the rounding of x - g when |g_i| << |x_i|. One pass for
  // both norms and the finiteness of g: 0 * g_i is NaN exactly when g_i is NaN or infinite.
  const S *xp = x.data(), *gp = g.data();
  S largest = 0, squares = 0, probe = 0;
  for_each_run([&](Index begin, Index end, auto lo, auto hi) {
    for (Index i = begin; i < end; ++i) {
      const S pg = std::min(std::max(-gp[i], lo[i] - xp[i]), hi[i] - xp[i]);
      largest = std::max(largest, std::abs(pg));
      squares += pg * pg;
      probe += S(0) * gp[i];
    }
    return true;
  });
  if (!(probe == 0)) return std::numeric_limits<double>::quiet_NaN();
  return kind == NormKind::Inf ? static_cast<double>(largest)
                               : std::sqrt(static_cast<double>(squares));
}

template <class S>
S Bounds<S>::max_step(const Vec<S>& x, const Vec<S>& d) const {
  S a = std::numeric_limits<S>::infinity();
  const S *xp = x.data(), *dp = d.data();
  for_each_run([&](Index begin, Index end, auto lo, auto hi) {
    for (Index i = begin; i < end; ++i) {
      if (dp[i] < 0) {
        a = std::min(a, std::max(S(0), (lo[i] - xp[i]) / dp[i]));
      } else if (dp[i] > 0) {
        a = std::min(a, std::max(S(0), (hi[i] - xp[i]) / dp[i]));
      }
    }
    return true;
  });
  return a;
}

template <class S>
ActiveBounds Bounds<S>::active(const Vec<S>& x) const {
  ActiveBounds out;
  for (Index i = 0; i < x.size(); ++i) {
    if (lower_[i] == upper_[i]) {
      out.fixed.push_back(i);
    } else if (x[i] == lower_[i]) {
      out.at_lower.push_back(i);
    } else if (x[i] == upper_[i]) {
      out.at_upper.push_back(i);
    }
  }
  return out;
}

template class Bounds<float>;
template class Bounds<double>;

}  // namespace optim
