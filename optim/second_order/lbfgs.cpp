#include "optim/second_order/lbfgs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "optim/line_search/factory.hpp"
#include "optim/params.hpp"

namespace optim {

template <class S>
void lbfgs_two_loop(const Mat<S>& s_mem, const Mat<S>& y_mem, const Vec<S>& rho, Index newest,
                    Index count, S gamma, const Vec<S>& g, Vec<S>& alpha, Vec<S>& out) {
  const Index m = s_mem.cols();
  out = g;  // q <- g
  // First loop, newest to oldest: alpha_i = rho_i s_i'q, q <- q - alpha_i y_i.
  for (Index k = 0; k < count; ++k) {
    const Index i = (newest - k + m) % m;
    alpha[i] = rho[i] * s_mem.col(i).dot(out);
    out.noalias() -= alpha[i] * y_mem.col(i);
  }
  out *= gamma;  // r <- H^0 q
  // Second loop, oldest to newest: beta = rho_i y_i'r, r <- r + s_i (alpha_i - beta).
  for (Index k = count - 1; k >= 0; --k) {
    const Index i = (newest - k + m) % m;
    const S beta = rho[i] * y_mem.col(i).dot(out);
    out.noalias() += (alpha[i] - beta) * s_mem.col(i);
  }
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
        s_mem_(n, m_),
        y_mem_(n, m_),
        rho_(m_),
        alpha_(m_),
        d_(n) {
    ls_->resize(n);
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    if (count_ > 0) {
      lbfgs_two_loop<S>(s_mem_, y_mem_, rho_, newest_, count_, gamma_, cur.g, alpha_, d_);
      d_ = -d_;
    }
    bool fresh = count_ == 0;
    if (fresh || !(cur.g.dot(d_) < 0)) reset(cur.g, fresh);
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
    // Store the new pair in the ring buffer (overwriting the oldest) unless its curvature is
    // too small; the test reads next and cur directly so a skipped pair leaves the memory intact.
    const S sy = (next.x - cur.x).dot(next.g - cur.g);
    const S yy = (next.g - cur.g).squaredNorm();
    const S eps = std::max(static_cast<S>(p_.curvature_eps), std::numeric_limits<S>::epsilon());
    if (sy > eps * (next.x - cur.x).norm() * std::sqrt(yy)) {
      newest_ = (newest_ + 1) % m_;
      s_mem_.col(newest_) = next.x - cur.x;
      y_mem_.col(newest_) = next.g - cur.g;
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
