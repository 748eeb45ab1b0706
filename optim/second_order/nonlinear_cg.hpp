#pragma once
// Nonlinear conjugate gradient (Nocedal & Wright chapter 5.2; seed 003 "Conjugate gradient
// methods" for the linear origin): d_k = -g_k + beta_k d_{k-1} with
//   fletcher_reeves  beta = g_k'g_k / g_{k-1}'g_{k-1}                        (N&W eq. 5.41a)
//   polak_ribiere+   beta = max(0, g_k'(g_k - g_{k-1}) / g_{k-1}'g_{k-1})    (N&W eqs. 5.44-5.45)
//   hestenes_stiefel beta = g_k'(g_k - g_{k-1}) / (g_k - g_{k-1})'d_{k-1}    (N&W eq. 5.46)
//   dai_yuan         beta = g_k'g_k / (g_k - g_{k-1})'d_{k-1}                (N&W eq. 5.49;
//                    Dai & Yuan, SIAM J. Optim. 10, 1999)
// Restarts (beta = 0, d = -g): every `restart_every` iterations (0: every n), when consecutive
// gradients are far from orthogonal, |g_k'g_{k-1}| >= nu g_k'g_k (Powell's test, N&W eq. 5.52),
// and whenever d is not a descent direction. Strong Wolfe line search (Moré-Thuente) with
// c2 = 0.1 by default, as N&W recommend for CG (section 5.2, "a tight line search").
#include <memory>
#include <string>

#include "optim/line_search/line_search.hpp"
#include "optim/line_search/line_search_settings.hpp"
#include "optim/method.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

enum class CgVariant { FletcherReeves, PolakRibierePlus, HestenesStiefel, DaiYuan };

std::string_view to_string(CgVariant v);
// Parses "fletcher_reeves"/"fr", "polak_ribiere"/"pr+", "hestenes_stiefel"/"hs",
// "dai_yuan"/"dy"; throws std::invalid_argument otherwise.
CgVariant parse_cg_variant(const std::string& s);

// beta_k of the chosen formula from g_k, g_{k-1}, d_{k-1} (y is scratch of length n). Returns 0
// when the formula's denominator vanishes.
template <class S>
S cg_beta(CgVariant v, const Vec<S>& g, const Vec<S>& g_prev, const Vec<S>& d_prev, Vec<S>& y);

struct NonlinearCgParams {
  CgVariant variant = CgVariant::PolakRibierePlus;
  long restart_every = 0;  // >= 0; 0: the dimension n
  double powell_nu = 0.1;  // Powell restart threshold in (0, 1]; 1 disables in practice
  // Strong Wolfe with c2 = 0.1 (N&W section 5.2: CG wants a tight line search).
  LineSearchSettings line_search{.more_thuente = {.c2 = 0.1}};
  void validate() const;  // throws std::invalid_argument naming field and range
};
const settings::FieldTable<NonlinearCgParams>& cg_fields();

template <class S>
class NonlinearCg final : public Method<S> {
 public:
  explicit NonlinearCg(NonlinearCgParams p = {});
  // A line search object of the caller's own (cloned per run) instead of p.line_search.
  NonlinearCg(NonlinearCgParams p, std::unique_ptr<LineSearch<S>> line_search);
  std::string name() const override { return "cg"; }
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;
  const NonlinearCgParams& params() const { return p_; }

 private:
  NonlinearCgParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
};

}  // namespace optim
