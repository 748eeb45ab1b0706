#include "optim/second_order/lbfgs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/line_search/factory.hpp"
#include "optim/params.hpp"
#include "optim/second_order/first_step.hpp"

namespace optim {

template <class S>
void lbfgs_two_loop(const Mat<S>& s_mem, const Mat<S>& y_mem, const Vec<S>& rho, Index newest,
                    Index count, S gamma, const Vec<S>& g, Vec<S>& alpha, Vec<S>& out, bool negate,
                    S* gd_out) {
  const Index m = s_mem.cols();
  // q <- g, or q <- -g for the search direction: the recursion is linear and IEEE rounding is
  // symmetric under negation, so this gives exactly -(H g) without a separate negation pass.
  if (negate) {
    out.noalias() = -g;
  } else {
    out = g;
  }
  if (count == 0) out *= gamma;
  // First loop, newest to oldest: alpha_i = rho_i s_i'q, q <- q - alpha_i y_i; the last update
  // also applies r <- H^0 q = gamma q (the same two roundings per element, one pass fewer).
  for (Index k = 0; k < count; ++k) {
    const Index i = (newest - k + m) % m;
    alpha[i] = rho[i] * s_mem.col(i).dot(out);
    if (k + 1 < count) {
      out.noalias() -= alpha[i] * y_mem.col(i);
    } else {
      out = gamma * (out - alpha[i] * y_mem.col(i));
    }
  }
  // Second loop, oldest to newest: beta = rho_i y_i'r, r <- r + s_i (alpha_i - beta). With
  // gd_out, the last update also accumulates g'out in the same blocked sweep.
  for (Index k = count - 1; k >= 0; --k) {
    const Index i = (newest - k + m) % m;
    const S beta = rho[i] * y_mem.col(i).dot(out);
    if (k > 0 || gd_out == nullptr) {
      out.noalias() += (alpha[i] - beta) * s_mem.col(i);
      continue;
    }
    constexpr Index kBlock = 4096;
    const Index n = out.size();
    const S c = alpha[i] - beta;
    S gd = 0;
    for (Index j0 = 0; j0 < n; j0 += kBlock) {
      const Index len = std::min(kBlock, n - j0);
      auto ob = out.segment(j0, len);
      ob.noalias() += c * s_mem.col(i).segment(j0, len);
      gd += g.segment(j0, len).dot(ob);
    }
    *gd_out = gd;
  }
  if (gd_out != nullptr && count == 0) *gd_out = g.dot(out);
}

const settings::FieldTable<LbfgsParams>& lbfgs_fields() {
  using namespace settings;
  using P = LbfgsParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "lbfgs";
    t.fields = {integer("m", &P::m, "number of stored pairs",
                        Range::at_least(1).because("the number of pairs"))};
    t.embed(&P::line_search, line_search_fields(false));
    t.fields.push_back(real("curvature_eps", &P::curvature_eps, "skip pairs with s'y <= eps |s||y|",
                            Range::at_least(0)));
    t.rules.push_back([](const P& p, const std::string& o) {
      if (p.line_search.kind == LineSearchKind::None) {
        throw std::invalid_argument("invalid " + o +
                                    " line_search 'none': L-BFGS needs a line search");
      }
    });
    return t;
  }();
  return table;
}

void LbfgsParams::validate() const {
  lbfgs_fields().validate(*this);
}

namespace {

// Elements per block of the pair sweep: the four source segments and two destination segments
// (6 x 32 KiB) stay in the L2 cache between the copy and the dot products, so the sweep reads
// x+, x, g+, g once from memory and writes s, y once.
constexpr Index kPairBlock = 4096;

template <class S>
class LbfgsState final : public MethodState<S> {
 public:
  // A run of at most `budget` iterations stores at most `budget` pairs (one per step), so the
  // ring holds min(m, budget) of them (budget 0: unknown, m): `m` may be set far above what a
  // short run can use without allocating m pairs. The pairs and their order are the same for
  // any capacity that is large enough, so the iterates are bit-identical.
  LbfgsState(const LbfgsParams& p, std::unique_ptr<LineSearch<S>> ls, Index n, Index budget)
      : p_(p),
        ls_(std::move(ls)),
        m_(static_cast<Index>(p.m)),
        cap_(budget > 0 ? std::min(m_, budget) : m_),
        s_mem_(n, cap_ + 1),
        y_mem_(n, cap_ + 1),
        rho_(cap_ + 1),
        alpha_(cap_ + 1),
        d_(n) {
    ls_->resize(n);
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    bool fresh = count_ == 0;
    S gd = 0;
    if (!fresh) {
      lbfgs_two_loop<S>(s_mem_, y_mem_, rho_, newest_, count_, gamma_, cur.g, alpha_, d_, true,
                        &gd);
    }
    // The slope g'd of the descent test is passed on, so the line search does not sweep again.
    if (fresh || !(gd < 0)) gd = reset(cur.g, fresh);
    auto res =
        ls_->search_with_slope(eval, cur, d_, gd, fresh ? identity_first_step(cur.g) : S(1), next);
    if (!res.ok && !fresh) {
      // A stale memory can give a poor direction: reset it and retry along steepest descent once.
      gd = reset(cur.g, fresh);
      res = ls_->search_with_slope(eval, cur, d_, gd, identity_first_step(cur.g), next);
    }
    if (!res.ok) {
      return {Status::LineSearchFailed, 0,
              "lbfgs: " + res.message + " (also after resetting the memory to steepest descent)"};
    }
    store_pair(cur, next);
    return {Status::Running, static_cast<double>(res.alpha), {}};
  }

  // Checkpoints: the pair ring and its bookkeeping (d and alpha are scratch; the line searches
  // keep nothing between steps).
  // The saved ring may have another capacity than this run's (its budget differed), so it is
  // listed as flat arrays of any length: when loading, its `count` pairs are copied oldest first
  // into slots 0..count-1, and the ring grows to hold them all when this run's budget is smaller
  // (a resumed run that ends at once re-saves them, so a later resume with a larger budget still
  // has every pair).
  void archive(StateArchive& a) override {
    std::vector<double> s, y, rho;
    if (a.saving()) {
      s.assign(s_mem_.data(), s_mem_.data() + s_mem_.size());  // column-major, as put_mat
      y.assign(y_mem_.data(), y_mem_.data() + y_mem_.size());
      rho.assign(rho_.data(), rho_.data() + rho_.size());
    }
    Index newest = newest_, count = count_;
    S gamma = gamma_;
    a.field("s", s);
    a.field("y", y);
    a.field("rho", rho);
    a.scalar("newest", newest);
    a.scalar("count", count);
    a.scalar("gamma", gamma);
    if (a.loading()) load_ring(s, y, rho, newest, count, gamma);
  }

 private:
  void load_ring(const std::vector<double>& s, const std::vector<double>& y,
                 const std::vector<double>& rho, Index newest, Index count, S gamma) {
    const auto n = static_cast<std::size_t>(d_.size());
    const std::size_t cols = rho.size();  // the saved ring's columns (its capacity + 1)
    if (cols < 1 || s.size() / n != cols || s.size() % n != 0 || y.size() != s.size() ||
        newest < 0 || static_cast<std::size_t>(newest) >= cols || count < 0 ||
        count > std::min<std::int64_t>(m_, static_cast<std::int64_t>(cols) - 1))
      throw std::runtime_error("checkpoint lbfgs ring is inconsistent");
    const auto c = static_cast<Index>(count);
    if (c > cap_) {
      cap_ = c;
      s_mem_.resize(s_mem_.rows(), cap_ + 1);
      y_mem_.resize(y_mem_.rows(), cap_ + 1);
      rho_.resize(cap_ + 1);
      alpha_.resize(cap_ + 1);
    }
    for (Index k = 0; k < c; ++k) {  // k-th newest saved pair to slot c - 1 - k
      const std::size_t from = (static_cast<std::size_t>(newest) + cols - k) % cols;
      const Index to = c - 1 - k;
      for (std::size_t i = 0; i < n; ++i) {
        s_mem_(static_cast<Index>(i), to) = static_cast<S>(s[from * n + i]);
        y_mem_(static_cast<Index>(i), to) = static_cast<S>(y[from * n + i]);
      }
      rho_[to] = static_cast<S>(rho[from]);
    }
    newest_ = c > 0 ? c - 1 : 0;
    count_ = c;
    gamma_ = gamma;
  }

  // Stores s = x+ - x, y = g+ - g unless s'y <= eps |s| |y| (it would break positive
  // definiteness; the memory is then unchanged). The ring has cap + 1 columns and holds at most cap
  // pairs, so the pair is formed straight in the free column, in one blocked sweep that also
  // accumulates s'y, y'y and s's (no temporaries, no copies).
  void store_pair(const Iterate<S>& cur, const Iterate<S>& next) {
    const Index slot = (newest_ + 1) % (cap_ + 1);
    const Index n = cur.x.size();
    S sy = 0, yy = 0, ss = 0;
    for (Index j0 = 0; j0 < n; j0 += kPairBlock) {
      const Index len = std::min(kPairBlock, n - j0);
      auto sb = s_mem_.col(slot).segment(j0, len);
      auto yb = y_mem_.col(slot).segment(j0, len);
      sb.noalias() = next.x.segment(j0, len) - cur.x.segment(j0, len);
      yb.noalias() = next.g.segment(j0, len) - cur.g.segment(j0, len);
      sy += sb.dot(yb);
      yy += yb.squaredNorm();
      ss += sb.squaredNorm();
    }
    const S eps = std::max(static_cast<S>(p_.curvature_eps), std::numeric_limits<S>::epsilon());
    if (!(sy > eps * std::sqrt(ss) * std::sqrt(yy))) return;
    newest_ = slot;
    rho_[slot] = S(1) / sy;
    gamma_ = sy / yy;                     // N&W eq. 7.20
    count_ = std::min(count_ + 1, cap_);  // cap_ < m only when the budget allows fewer pairs
  }

  S reset(const Vec<S>& g, bool& fresh) {
    count_ = 0;
    d_ = -g;
    fresh = true;
    return -g.squaredNorm();
  }
  LbfgsParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
  Index m_;
  Index cap_;             // pairs the ring can hold: min(m, budget), see the constructor
  Mat<S> s_mem_, y_mem_;  // n x (cap + 1) rings
  Vec<S> rho_, alpha_, d_;
  Index newest_ = 0, count_ = 0;
  S gamma_ = S(1);
};

}  // namespace

template <class S>
Lbfgs<S>::Lbfgs(LbfgsParams p) : p_(std::move(p)) {
  p_.validate();
  ls_ = make_line_search<S>(p_.line_search);
}

template <class S>
Lbfgs<S>::Lbfgs(LbfgsParams p, std::unique_ptr<LineSearch<S>> line_search)
    : p_(std::move(p)), ls_(std::move(line_search)) {
  p_.line_search.kind = LineSearchKind::MoreThuente;  // p's own search is not used
  p_.validate();
  if (!ls_) throw std::invalid_argument("lbfgs: the line search object is null");
}

template <class S>
std::unique_ptr<MethodState<S>> Lbfgs<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  return std::make_unique<LbfgsState<S>>(p_, ls_->clone(), eval.dim(), eval.iteration_budget());
}

template void lbfgs_two_loop<float>(const Mat<float>&, const Mat<float>&, const Vec<float>&, Index,
                                    Index, float, const Vec<float>&, Vec<float>&, Vec<float>&, bool,
                                    float*);
template void lbfgs_two_loop<double>(const Mat<double>&, const Mat<double>&, const Vec<double>&,
                                     Index, Index, double, const Vec<double>&, Vec<double>&,
                                     Vec<double>&, bool, double*);
template class Lbfgs<float>;
template class Lbfgs<double>;

}  // namespace optim
