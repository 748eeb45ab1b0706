#include "optim/second_order/lbfgs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "optim/line_search/factory.hpp"
#include "optim/params.hpp"

namespace optim {

namespace {

// N&W Algorithm 7.4 with the passes fused for speed (the result is the same recursion): each
// axpy of a loop is done in the same sweep as the dot product of the next pair, so the two loops
// cost 2 count + 2 sweeps over n instead of 4 count + 2. With `negate` the last sweep writes -r
// and the return value is g'(-r) (the directional derivative of the search direction).
template <class S>
S two_loop_fused(const Mat<S>& s_mem, const Mat<S>& y_mem, const Vec<S>& rho, Index newest,
                 Index count, S gamma, const Vec<S>& g, Vec<S>& alpha, Vec<S>& out, bool negate) {
  const Index m = s_mem.cols(), n = g.size();
  out.resize(n);
  S* q = out.data();
  const S* gp = g.data();
  auto col = [&](Index k) { return (newest - k + m) % m; };  // k-th newest pair
  if (count == 0) {
    S gd = 0;
    const S sign = negate ? S(-1) : S(1);
    for (Index j = 0; j < n; ++j) {
      q[j] = sign * gamma * gp[j];
      gd += gp[j] * q[j];
    }
    return gd;
  }
  // First loop, newest to oldest: alpha_i = rho_i s_i'q, q <- q - alpha_i y_i. The copy q <- g is
  // fused with the first dot product, each axpy with the next dot product, and the last axpy
  // with r <- gamma q and the first dot product y_i'r of the second loop.
  {
    const S* s0 = s_mem.col(col(0)).data();
    S dot = 0;
    for (Index j = 0; j < n; ++j) {
      q[j] = gp[j];
      dot += s0[j] * gp[j];
    }
    alpha[col(0)] = rho[col(0)] * dot;
  }
  for (Index k = 0; k < count; ++k) {
    const Index i = col(k);
    const S a = alpha[i];
    const S* yi = y_mem.col(i).data();
    S dot = 0;
    if (k + 1 < count) {
      const S* sn = s_mem.col(col(k + 1)).data();
      for (Index j = 0; j < n; ++j) {
        q[j] -= a * yi[j];
        dot += sn[j] * q[j];
      }
      alpha[col(k + 1)] = rho[col(k + 1)] * dot;
    } else {
      // Last axpy of loop 1, r <- H^0 q = gamma q, and y'r of the oldest pair.
      const S* yo = y_mem.col(col(count - 1)).data();
      for (Index j = 0; j < n; ++j) {
        q[j] = gamma * (q[j] - a * yi[j]);
        dot += yo[j] * q[j];
      }
      alpha[i] = a;  // unchanged; dot is the oldest pair's y'r, carried below
      // Second loop, oldest to newest: beta = rho_i y_i'r, r <- r + s_i (alpha_i - beta).
      S ydot = dot;
      for (Index kk = count - 1; kk >= 0; --kk) {
        const Index ii = col(kk);
        const S c = alpha[ii] - rho[ii] * ydot;
        const S* si = s_mem.col(ii).data();
        if (kk > 0) {
          const S* yn = y_mem.col(col(kk - 1)).data();
          S d2 = 0;
          for (Index j = 0; j < n; ++j) {
            q[j] += c * si[j];
            d2 += yn[j] * q[j];
          }
          ydot = d2;
        } else {
          S gd = 0;
          if (negate) {
            for (Index j = 0; j < n; ++j) {
              q[j] = -(q[j] + c * si[j]);
              gd += gp[j] * q[j];
            }
          } else {
            for (Index j = 0; j < n; ++j) q[j] += c * si[j];
          }
          return gd;
        }
      }
    }
  }
  return S(0);  // not reached: count >= 1 returns from the second loop
}

}  // namespace

template <class S>
void lbfgs_two_loop(const Mat<S>& s_mem, const Mat<S>& y_mem, const Vec<S>& rho, Index newest,
                    Index count, S gamma, const Vec<S>& g, Vec<S>& alpha, Vec<S>& out) {
  two_loop_fused<S>(s_mem, y_mem, rho, newest, count, gamma, g, alpha, out, false);
}

void LbfgsParams::validate() const {
  if (m < 1) throw_out_of_range("lbfgs m", static_cast<double>(m), ">= 1 (the number of pairs)");
  if (line_search == "none") {
    throw std::invalid_argument("invalid lbfgs line_search 'none': L-BFGS needs a line search");
  }
  require_in_open_unit_interval("lbfgs c1", c1);
  require_in_open_unit_interval("lbfgs c2", c2);
  if (!(c1 < c2)) throw_out_of_range("lbfgs c1", c1, "< c2 (" + std::to_string(c2) + ")");
  require_at_least("lbfgs curvature_eps", curvature_eps, 0.0);
}

namespace {

template <class S>
class LbfgsState final : public MethodState<S> {
 public:
  LbfgsState(const LbfgsParams& p, std::unique_ptr<LineSearch<S>> ls, Index n)
      : p_(p),
        ls_(std::move(ls)),
        m_(static_cast<Index>(p.m)),
        s_mem_(n, m_ + 1),
        y_mem_(n, m_ + 1),
        rho_(m_ + 1),
        alpha_(m_ + 1),
        d_(n) {
    ls_->resize(n);
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    bool fresh = count_ == 0;
    if (!fresh) {
      const S gd =
          two_loop_fused<S>(s_mem_, y_mem_, rho_, newest_, count_, gamma_, cur.g, alpha_, d_, true);
      if (!(gd < 0)) reset(cur.g, fresh);
    } else {
      reset(cur.g, fresh);
    }
    auto res = ls_->search(eval, cur, d_, fresh ? first_step(cur.g) : S(1), next);
    if (!res.ok && !fresh) {
      // Issue 3: reset the memory and retry along steepest descent once.
      reset(cur.g, fresh);
      res = ls_->search(eval, cur, d_, first_step(cur.g), next);
    }
    if (!res.ok) {
      return {Status::LineSearchFailed, 0,
              "lbfgs: " + res.message + " (also after resetting the memory to steepest descent)"};
    }
    // Store the new pair in the ring buffer unless its curvature is too small. The ring has m + 1
    // columns and holds at most m pairs, so the pair is written straight into the free column
    // (fused with s'y, y'y, s's in one sweep); a skipped pair leaves the memory intact.
    const Index slot = (newest_ + 1) % (m_ + 1);
    S* sp = s_mem_.col(slot).data();
    S* yp = y_mem_.col(slot).data();
    const S *xn = next.x.data(), *xc = cur.x.data(), *gn = next.g.data(), *gc = cur.g.data();
    S sy = 0, yy = 0, ss = 0;
    for (Index j = 0, n = cur.x.size(); j < n; ++j) {
      const S sj = xn[j] - xc[j], yj = gn[j] - gc[j];
      sp[j] = sj;
      yp[j] = yj;
      sy += sj * yj;
      yy += yj * yj;
      ss += sj * sj;
    }
    const S eps = std::max(static_cast<S>(p_.curvature_eps), std::numeric_limits<S>::epsilon());
    if (sy > eps * std::sqrt(ss) * std::sqrt(yy)) {
      newest_ = slot;
      rho_[newest_] = S(1) / sy;
      gamma_ = sy / yy;  // N&W eq. 7.20
      count_ = std::min(count_ + 1, m_);
    }
    return {Status::Running, static_cast<double>(res.alpha), {}};
  }

 private:
  void reset(const Vec<S>& g, bool& fresh) {
    count_ = 0;
    d_ = -g;
    fresh = true;
  }
  static S first_step(const Vec<S>& g) { return S(1) / std::max(S(1), g.cwiseAbs().maxCoeff()); }

  LbfgsParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
  Index m_;
  Mat<S> s_mem_, y_mem_;
  Vec<S> rho_, alpha_, d_;
  Index newest_ = 0, count_ = 0;
  S gamma_ = S(1);
};

}  // namespace

template <class S>
Lbfgs<S>::Lbfgs(LbfgsParams p) : p_(std::move(p)) {
  p_.validate();
  ls_ = make_line_search<S>(p_.line_search, p_.c1, p_.c2);
}

template <class S>
std::unique_ptr<MethodState<S>> Lbfgs<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  return std::make_unique<LbfgsState<S>>(p_, ls_->clone(), eval.dim());
}

template void lbfgs_two_loop<float>(const Mat<float>&, const Mat<float>&, const Vec<float>&, Index,
                                    Index, float, const Vec<float>&, Vec<float>&, Vec<float>&);
template void lbfgs_two_loop<double>(const Mat<double>&, const Mat<double>&, const Vec<double>&,
                                     Index, Index, double, const Vec<double>&, Vec<double>&,
                                     Vec<double>&);
template class Lbfgs<float>;
template class Lbfgs<double>;

}  // namespace optim
