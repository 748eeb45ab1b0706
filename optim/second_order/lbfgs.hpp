#pragma once
// Limited-memory BFGS (seed 003, "Limited memory BFGS"; Nocedal & Wright section 7.2). The
// inverse Hessian is never formed: H_k g is computed by the two-loop recursion (N&W Algorithm
// 7.4) from the last m pairs s_i = x_{i+1} - x_i, y_i = g_{i+1} - g_i, with the initial matrix
// H_k^0 = gamma_k I, gamma_k = s'y / y'y of the newest pair (N&W eq. 7.20). A pair with
// s'y <= eps |s| |y| is not stored (it would break positive definiteness). The pairs live in
// n x m ring buffers allocated in start(); step() does not allocate. On a line-search failure the
// memory is cleared and the search retried once along steepest descent before the run ends with
// Status::LineSearchFailed.
#include <memory>
#include <string>

#include "optim/line_search/line_search.hpp"
#include "optim/line_search/line_search_settings.hpp"
#include "optim/method.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

// N&W Algorithm 7.4: out = H g with H the L-BFGS inverse Hessian of the `count` most recent
// pairs stored as columns of s_mem, y_mem (ring buffers of m columns; the newest pair is at
// column `newest`, the one before at newest - 1 mod m, ...), rho_i = 1 / y_i's_i, and
// H^0 = gamma I. alpha is scratch of length >= m. out must not alias g. With negate, out = -H g
// (the search direction), bitwise the negation of the plain result. With gd_out, *gd_out = g'out
// accumulated in the last sweep (one pass over g and out fewer).
template <class S>
void lbfgs_two_loop(const Mat<S>& s_mem, const Mat<S>& y_mem, const Vec<S>& rho, Index newest,
                    Index count, S gamma, const Vec<S>& g, Vec<S>& alpha, Vec<S>& out,
                    bool negate = false, S* gd_out = nullptr);

struct LbfgsParams {
  long m = 10;                       // memory (pairs), >= 1
  LineSearchSettings line_search{};  // strong Wolfe (More-Thuente) by default
  double curvature_eps = 1e-10;      // skip pairs with s'y <= eps |s| |y|, >= 0
  void validate() const;
};
const settings::FieldTable<LbfgsParams>& lbfgs_fields();

template <class S>
class Lbfgs final : public Method<S> {
 public:
  explicit Lbfgs(LbfgsParams p = {});
  // A line search object of the caller's own (cloned per run) instead of p.line_search.
  Lbfgs(LbfgsParams p, std::unique_ptr<LineSearch<S>> line_search);
  std::string name() const override { return "lbfgs"; }
  std::unique_ptr<MethodState<S>> start(Evaluator<S>& eval, Iterate<S>& x0) const override;
  const LbfgsParams& params() const { return p_; }

 private:
  LbfgsParams p_;
  std::unique_ptr<LineSearch<S>> ls_;
};

}  // namespace optim
