#include "optim/second_order/nonlinear_cg.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/line_search/factory.hpp"
#include "optim/params.hpp"

namespace optim {

std::string_view to_string(CgVariant v) {
  switch (v) {
    case CgVariant::FletcherReeves:
      return "fletcher_reeves";
    case CgVariant::PolakRibierePlus:
      return "polak_ribiere";
    case CgVariant::HestenesStiefel:
      return "hestenes_stiefel";
    case CgVariant::DaiYuan:
      return "dai_yuan";
  }
  return "unknown";
}

CgVariant parse_cg_variant(const std::string& s) {
  if (s == "fletcher_reeves" || s == "fr") return CgVariant::FletcherReeves;
  if (s == "polak_ribiere" || s == "pr+" || s == "pr") return CgVariant::PolakRibierePlus;
  if (s == "hestenes_stiefel" || s == "hs") return CgVariant::HestenesStiefel;
  if (s == "dai_yuan" || s == "dy") return CgVariant::DaiYuan;
  throw std::invalid_argument("invalid cg variant '" + s +
                              "': must be fletcher_reeves (fr), polak_ribiere (pr+), "
                              "hestenes_stiefel (hs) or dai_yuan (dy)");
}

template <class S>
S cg_beta(CgVariant v, const Vec<S>& g, const Vec<S>& g_prev, const Vec<S>& d_prev, Vec<S>& y) {
  auto ratio = [](S num, S den) {
    return den != S(0) && std::isfinite(num / den) ? num / den : S(0);
  };
  switch (v) {
    case CgVariant::FletcherReeves:
      return ratio(g.squaredNorm(), g_prev.squaredNorm());
    case CgVariant::PolakRibierePlus:
      y = g - g_prev;
      return std::max(S(0), ratio(g.dot(y), g_prev.squaredNorm()));
    case CgVariant::HestenesStiefel:
      y = g - g_prev;
      return ratio(g.dot(y), y.dot(d_prev));
    case CgVariant::DaiYuan:
      y = g - g_prev;
      return ratio(g.squaredNorm(), y.dot(d_prev));
  }
  return S(0);
}

const settings::FieldTable<NonlinearCgParams>& cg_fields() {
  using namespace settings;
  using P = NonlinearCgParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "cg";
    t.fields = {
        choice("variant", &P::variant,
               {{"polak_ribiere", CgVariant::PolakRibierePlus},
                {"pr+", CgVariant::PolakRibierePlus},
                {"pr", CgVariant::PolakRibierePlus},
                {"fletcher_reeves", CgVariant::FletcherReeves},
                {"fr", CgVariant::FletcherReeves},
                {"hestenes_stiefel", CgVariant::HestenesStiefel},
                {"hs", CgVariant::HestenesStiefel},
                {"dai_yuan", CgVariant::DaiYuan},
                {"dy", CgVariant::DaiYuan}},
               "beta formula (N&W 5.2; polak_ribiere is clipped at 0; aliases pr+, fr, hs, dy)"),
        integer("restart_every", &P::restart_every,
                "restart along -g every this many iterations, 0: the dimension n",
                Range::at_least(0), "iterations"),
        real("powell_nu", &P::powell_nu, "Powell restart when |g'g_prev| >= nu g'g (N&W 5.52)",
             Range::left_open(0, 1)),
    };
    t.embed(&P::line_search, line_search_fields(false));
    t.rules.push_back([](const P& p, const std::string& o) {
      if (p.line_search.kind == LineSearchKind::None) {
        throw std::invalid_argument("invalid " + o + " line_search 'none': CG needs a line search");
      }
    });
    return t;
  }();
  return table;
}

void NonlinearCgParams::validate() const {
  cg_fields().validate(*this);
}

namespace {

template <class S>
class NonlinearCgState final : public MethodState<S> {
 public:
  NonlinearCgState(const NonlinearCgParams& p, std::unique_ptr<LineSearch<S>> ls, Index n)
      : p_(p),
        ls_(std::move(ls)),
        restart_every_(p.restart_every > 0 ? p.restart_every : n),
        d_(n),
        g_prev_(n),
        y_(n) {
    ls_->resize(n);
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    bool steepest = true;
    if (k_ > 0 && since_restart_ < restart_every_) {
      const S gg = cur.g.squaredNorm();
      // Powell's restart test (N&W eq. 5.52): successive gradients far from orthogonal.
      if (std::abs(cur.g.dot(g_prev_)) < static_cast<S>(p_.powell_nu) * gg) {
        const S beta = cg_beta<S>(p_.variant, cur.g, g_prev_, d_, y_);
        d_ = -cur.g + beta * d_;
        steepest = false;
      }
    }
    if (steepest || !(cur.g.dot(d_) < 0)) {  // restart, or not a descent direction
      d_ = -cur.g;
      steepest = true;
    }
    // Initial trial step: N&W eq. 3.60 (alpha_{k-1} g_{k-1}'d_{k-1} / g_k'd_k) after the first
    // iteration; 1/||g||_inf at the start so that the first trial moves by at most 1 per axis.
    const S gd = cur.g.dot(d_);
    S alpha0 = k_ > 0 ? static_cast<S>(prev_alpha_gd_ / gd)
                      : S(1) / std::max(S(1), cur.g.cwiseAbs().maxCoeff());
    if (!(alpha0 > 0) || !std::isfinite(static_cast<double>(alpha0))) alpha0 = S(1);
    auto res = ls_->search(eval, cur, d_, alpha0, next);
    if (!res.ok && !steepest) {
      // Retry once along steepest descent before giving up.
      d_ = -cur.g;
      steepest = true;
      alpha0 = S(1) / std::max(S(1), cur.g.cwiseAbs().maxCoeff());
      res = ls_->search(eval, cur, d_, alpha0, next);
    }
    if (!res.ok) return {Status::LineSearchFailed, 0, "cg: " + res.message};
    since_restart_ = steepest ? 1 : since_restart_ + 1;
    prev_alpha_gd_ = static_cast<double>(res.alpha) * static_cast<double>(cur.g.dot(d_));
    g_prev_ = cur.g;
    ++k_;
    return {Status::Running, static_cast<double>(res.alpha), {}};
  }

  // Checkpoints: the previous direction and gradient, counters and the last alpha g'd (y is
  // scratch).
  void archive(StateArchive& a) override {
    a.field("d", d_);
    a.field("g_prev", g_prev_);
    a.scalar("k", k_);
    a.scalar("since_restart", since_restart_);
    a.scalar("prev_alpha_gd", prev_alpha_gd_);
  }

 private:
  NonlinearCgParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
  Index restart_every_;
  Vec<S> d_, g_prev_, y_;
  Index k_ = 0, since_restart_ = 0;
  double prev_alpha_gd_ = 0;
};

}  // namespace

template <class S>
NonlinearCg<S>::NonlinearCg(NonlinearCgParams p) : p_(std::move(p)) {
  p_.validate();
  ls_ = make_line_search<S>(p_.line_search);
}

template <class S>
NonlinearCg<S>::NonlinearCg(NonlinearCgParams p, std::unique_ptr<LineSearch<S>> line_search)
    : p_(std::move(p)), ls_(std::move(line_search)) {
  p_.line_search.kind = LineSearchKind::MoreThuente;  // p's own search is not used
  p_.validate();
  if (!ls_) throw std::invalid_argument("nonlinearcg: the line search object is null");
}

template <class S>
std::unique_ptr<MethodState<S>> NonlinearCg<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  return std::make_unique<NonlinearCgState<S>>(p_, ls_->clone(), eval.dim());
}

template float cg_beta<float>(CgVariant, const Vec<float>&, const Vec<float>&, const Vec<float>&,
                              Vec<float>&);
template double cg_beta<double>(CgVariant, const Vec<double>&, const Vec<double>&,
                                const Vec<double>&, Vec<double>&);
template class NonlinearCg<float>;
template class NonlinearCg<double>;

}  // namespace optim
