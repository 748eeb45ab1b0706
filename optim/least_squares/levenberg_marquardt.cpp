#include "optim/least_squares/levenberg_marquardt.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/least_squares/qr_solver.hpp"
#include "optim/params.hpp"

namespace optim {

const settings::FieldTable<LevenbergMarquardtParams>& levenberg_marquardt_fields() {
  using namespace settings;
  using P = LevenbergMarquardtParams;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.fields = {
        real("radius_factor", &P::radius_factor, "initial trust radius = factor * ||D x0||",
             Range::positive()),
        real("reduction_tol", &P::reduction_tol,
             "stop when actual and predicted relative reductions <= reduction_tol (More's ftol)",
             Range::at_least(0)),
        real("radius_tol", &P::radius_tol,
             "stop when the trust radius <= radius_tol * ||D x|| (More's xtol)",
             Range::at_least(0)),
        real("cosine_tol", &P::cosine_tol,
             "stop when max cosine between r and the columns of J <= cosine_tol (More's gtol)",
             Range::at_least(0)),
        real("eta", &P::eta, "accept a trial step when actual/predicted reduction >= eta",
             [] {
               Range r = Range::unit_interval();
               r.hi = 0.25;
               r.text = "in [0, 0.25)";
               return r;
             }()),
        boolean("scaling", &P::scaling, "scale by the column norms of J (false: D = I)"),
        integer("max_trials", &P::max_trials, "rejected trials per iteration before giving up",
                Range::at_least(1)),
        boolean("geodesic_accel", &P::geodesic_accel,
                "geodesic acceleration (Transtrum & Sethna 2012): step v + a/2, one extra "
                "residual evaluation per trial"),
        real("accel_alpha", &P::accel_alpha,
             "use the acceleration only when 2 ||D a|| / ||D v|| <= alpha", Range::positive()),
        real("accel_h", &P::accel_h, "finite-difference step for the second directional derivative",
             Range::positive()),
    };
    return t;
  }();
  return table;
}

void LevenbergMarquardtParams::validate() const {
  levenberg_marquardt_fields().validate(*this);
}

namespace {

template <class S>
class LmState final : public MethodState<S> {
 public:
  LmState(const LevenbergMarquardtParams& p, Index m, Index n, const Bounds<S>* box)
      : p_(p),
        box_(box),
        r_(m),
        rt_(m),
        jp_(m),
        rhs_(m + n),
        j_(m, n),
        aug_(m + n, n),
        jx_(n),
        diag_(n),
        p_step_(n),
        dp_(n),
        v_(n),
        q_(n),
        g_(n),
        xt_(n),
        rvv_(m),
        acc_(n),
        step_(n) {
    qr_j_.resize(m, n);
    qr_aug_.resize(m + n, n);
    aug_.setZero();
    if (box_ != nullptr) {
      jf_.resize(m, n);
      gf_.resize(n);
      xalt_.resize(n);
      salt_.resize(n);
      held_base_.assign(static_cast<std::size_t>(n), 0);
      held_.assign(static_cast<std::size_t>(n), 0);
    }
  }

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    // Repeatable: these three early returns change nothing that the next call would read
    // differently (D is a running maximum, Delta's initialisation depends only on D and x).
    if (pending_ != Status::Running) return {pending_, 0, pending_message_, true};
    constexpr S eps = std::numeric_limits<S>::epsilon();
    const Index n = cur.x.size();
    if (!have_j_ || jx_ != cur.x) {
      eval.residuals(cur.x, r_, &j_);
      jx_ = cur.x;
      have_j_ = true;
    }
    const S fnorm = r_.norm();
    if (fnorm == 0) return {Status::ConvergedGradient, 0, "lm: zero residual (exact fit)", true};

    // Scaling D (Moré 1978, section 6, eq. 6.3): d_j = max(d_j, ||J_j||), 1 for a zero column.
    for (Index j = 0; j < n; ++j) {
      const S cn = p_.scaling ? j_.col(j).norm() : S(1);
      if (first_) {
        diag_[j] = cn > 0 ? cn : S(1);
      } else {
        diag_[j] = std::max(diag_[j], cn);
      }
    }
    S xnorm = diag_.cwiseProduct(cur.x).norm();
    if (first_) {
      delta_ = static_cast<S>(p_.radius_factor) * (xnorm > 0 ? xnorm : S(1));
    }

    // Scale-invariant gradient test: cosine of the angle between r and each column of J.
    g_.noalias() = j_.transpose() * r_;
    // On a box, the gradient components of the held variables are multipliers of their bounds,
    // not a lack of optimality: the cosine test below is over the free columns only.
    if (box_ != nullptr && !hold_outward(cur.x)) {
      return {Status::ConvergedGradient, 0,
              "lm: projected gradient is zero (every variable with a nonzero gradient component "
              "is held on a bound it points out of)",
              true};
    }
    if (p_.cosine_tol > 0) {
      S gcos = 0;
      for (Index j = 0; j < n; ++j) {
        if (box_ != nullptr && held_base_[static_cast<std::size_t>(j)] != 0) continue;
        const S cn = j_.col(j).norm();
        if (cn > 0) gcos = std::max(gcos, std::abs(g_[j]) / (cn * fnorm));
      }
      if (gcos <= static_cast<S>(p_.cosine_tol)) {
        return {Status::ConvergedGradient, 0,
                "lm: residual orthogonal to the columns of J (cosine <= gtol)", true};
      }
    }

    if (box_ == nullptr) qr_j_.factor(j_, S(0));
    for (int trial = 0; trial < p_.max_trials; ++trial) {
      S pnorm = 0;        // ||D p||
      bool plain = true;  // the trial step is p itself (always so without a box)
      if (box_ == nullptr) {
        solve_trust_region_subproblem(delta_, j_, g_);
        pnorm = dp_.norm();  // set by the subproblem solve
      } else {
        pnorm = bounded_step(cur.x, delta_);
        plain = step_is_p_;
      }
      if (first_) delta_ = std::min(delta_, pnorm);
      first_ = false;

      const bool accel = p_.geodesic_accel && geodesic_correction(eval, cur.x, pnorm);
      if (accel) {
        step_ = p_step_ + S(0.5) * acc_;  // v + a/2 (Transtrum & Sethna 2012, eq. 13)
        xt_ = cur.x + step_;
      } else if (plain) {
        // The unbounded method's arithmetic, also on a box when x + p lies inside it: a box that
        // never binds gives the unbounded run bit for bit.
        step_ = p_step_;
        xt_ = cur.x + step_;
      }  // else bounded_step left the trial point (in the box) in xt_ and xt_ - x in step_
      eval.residuals(xt_, rt_, nullptr);
      const S fnorm1 = rt_.norm();
      const bool finite = std::isfinite(fnorm1);

      // Reductions normalised by ||r||^2 (Moré 1978, eqs. 4.4-4.5): actual 1 - (||r+||/||r||)^2;
      // predicted from the linear model, (||J p||/||r||)^2 + 2 lambda (||D p||/||r||)^2, which
      // equals
      // (||r||^2 - ||r + J p||^2)/||r||^2 at the subproblem solution and avoids cancellation.
      const S actred =
          (finite && S(0.1) * fnorm1 < fnorm) ? S(1) - (fnorm1 / fnorm) * (fnorm1 / fnorm) : S(-1);
      jp_.noalias() = j_ * p_step_;
      const S t1 = jp_.norm() / fnorm;
      const S t2 = std::sqrt(par_) * pnorm / fnorm;
      S prered = t1 * t1 + S(2) * t2 * t2;
      S dirder = -(t1 * t1 + t2 * t2);
      if (!plain) {
        // The step s is p truncated or projected: the subproblem identities hold for p only, so
        // the model's reduction and the directional derivative s'J'r / ||r||^2 (which equals
        // -(t1^2 + t2^2) when s = p) are computed for s itself.
        prered = model_reduction(step_, fnorm);
        dirder = step_.dot(g_) / (fnorm * fnorm);
      } else if (accel) {
        // The subproblem identity above holds for v only; for v + a/2 the linear model's
        // reduction is computed directly, (||r||^2 - ||r + J s||^2) / ||r||^2.
        rvv_ = r_;  // rvv_ is free again: reuse it for r + J s
        rvv_.noalias() += j_ * step_;
        const S rs = rvv_.norm() / fnorm;
        prered = (S(1) - rs) * (S(1) + rs);
      }
      const S ratio = prered != 0 ? actred / prered : S(0);

      // Trust-region radius update (Moré 1978, section 4 and MINPACK lmder).
      if (ratio <= S(0.25)) {
        S temp = actred >= 0 ? S(0.5) : S(0.5) * dirder / (dirder + S(0.5) * actred);
        if (!finite || S(0.1) * fnorm1 >= fnorm || temp < S(0.1)) temp = S(0.1);
        delta_ = temp * std::min(delta_, pnorm / S(0.1));
        par_ /= temp;
      } else if (par_ == 0 || ratio >= S(0.75)) {
        delta_ = pnorm / S(0.5);
        par_ = S(0.5) * par_;
      }

      const bool accepted = finite && ratio >= static_cast<S>(p_.eta);
      if (accepted) {
        next.x = xt_;
        eval.residuals(next.x, r_, &j_);
        jx_ = next.x;
        next.f = S(0.5) * r_.squaredNorm();
        next.g.noalias() = j_.transpose() * r_;
        next.exact = true;
        xnorm = diag_.cwiseProduct(next.x).norm();
      }

      // Convergence tests of lmder (info 1, 2, then 6, 7: no further reduction is possible).
      Status s = Status::Running;
      const char* why = "";
      // lmder's ftol and xtol, under the names of this method's settings (the driver's ftol and
      // xtol are other tests).
      const S reduction_tol = static_cast<S>(p_.reduction_tol);
      const S radius_tol = static_cast<S>(p_.radius_tol);
      if (std::abs(actred) <= reduction_tol && prered <= reduction_tol && S(0.5) * ratio <= 1) {
        s = Status::ConvergedFChange;
        why = "lm: actual and predicted relative reductions <= reduction_tol";
      } else if (delta_ <= radius_tol * xnorm) {
        s = Status::ConvergedStep;
        why = "lm: trust radius <= radius_tol * ||D x||";
      } else if (std::abs(actred) <= eps && prered <= eps && S(0.5) * ratio <= 1) {
        s = Status::ConvergedFChange;
        why = "lm: relative reductions below machine precision; no further reduction possible";
      } else if (delta_ <= eps * xnorm) {
        s = Status::ConvergedStep;
        why = "lm: trust radius below machine precision relative to ||D x||";
      }

      if (accepted) {
        // The accepted point is committed by the driver first; the test fires on the next call.
        if (s != Status::Running) {
          pending_ = s;
          pending_message_ = why;
        }
        // lr reports the damping lambda of the accepted step.
        return {Status::Running, static_cast<double>(par_), {}};
      }
      if (s != Status::Running) {
        // Latched like a pending test, so the state left behind reports it again without
        // evaluating (the rejected trial left r and J at cur): the driver can then write the
        // final checkpoint, and a resumed run ends at once the same way.
        pending_ = s;
        pending_message_ = why;
        return {s, static_cast<double>(par_), why, true};
      }
    }
    return {Status::LineSearchFailed, static_cast<double>(par_),
            "lm: no acceptable trial step after max_trials radius reductions"};
  }

  // Checkpoints: what carries from one step() to the next. The damping state (trust radius
  // Delta, Levenberg parameter lambda, the running-maximum scaling D and whether the first-step
  // initialisation of D and Delta is still due), the residuals and Jacobian at the accepted
  // point with the point they belong to (reused by the next step instead of a new evaluation,
  // so they must be restored for the evaluation counts to match), and a convergence test that
  // fired on the accepted step and is reported by the next call. Everything else (QR factors,
  // trial points, the geodesic-acceleration vectors r_vv and a, the gradient J'r) is recomputed
  // within a step before it is read.
  void archive(StateArchive& a) override {
    a.field("diag", diag_);
    a.scalar("delta", delta_);
    a.scalar("lambda", par_);
    a.scalar("first", first_);
    a.scalar("have_j", have_j_);
    a.field("jx", jx_);
    a.field("r", r_);
    a.field("j", j_);
    auto pending = static_cast<std::int64_t>(pending_);
    a.scalar("pending", pending);
    if (pending < 0 || pending > static_cast<std::int64_t>(Status::NumericalError)) {
      throw std::runtime_error("checkpoint field 'method.pending' holds " +
                               std::to_string(pending) + ", which is not a status");
    }
    pending_ = static_cast<Status>(pending);
    a.field("pending_message", pending_message_);
  }

 private:
  // Geodesic acceleration (Transtrum & Sethna 2012, section 3): r_vv by their eq. 15 with one
  // residual evaluation at x + h v, then a from the same damped system as v (the factorisation
  // of the last subproblem solve: qr_j_ when lambda = 0, else qr_aug_ at lambda = par_). Leaves
  // a in acc_ and returns whether v + a/2 is to be used (2 ||D a|| / ||D v|| <= alpha).
  bool geodesic_correction(Evaluator<S>& eval, const Vec<S>& x, S vnorm) {
    const Index m = j_.rows();
    const S h = static_cast<S>(p_.accel_h);
    xt_ = x + h * p_step_;
    eval.residuals(xt_, rt_, nullptr);
    jp_.noalias() = j_ * p_step_;
    rvv_ = (S(2) / h) * ((rt_ - r_) / h - jp_);
    if (!rvv_.allFinite() || !(vnorm > 0)) return false;
    rhs_.head(m) = -rvv_;
    if (par_ == 0) {
      qr_j_.solve(rhs_.head(m), acc_);
    } else {
      rhs_.tail(j_.cols()).setZero();
      qr_aug_.solve(rhs_, acc_);
    }
    const S anorm = diag_.cwiseProduct(acc_).norm();
    return std::isfinite(anorm) && S(2) * anorm <= static_cast<S>(p_.accel_alpha) * vnorm;
  }

  // The bounded path (see the header): the variables the step holds on their bounds at x, from
  // the gradient g_ = J'r at x. Held: a fixed variable (l_i == u_i), and one on a bound whose
  // steepest-descent component -g_i points out of the box or is zero (x_i == l_i with g_i >= 0,
  // x_i == u_i with g_i <= 0), the active set of Bertsekas (1982). It is recomputed from the
  // gradient at every iteration, so a held variable is released as soon as its multiplier
  // (g_i at a lower bound, -g_i at an upper one) changes sign. Returns whether some free variable
  // has a nonzero gradient component; false means P(x - g) = x: x is a KKT point of the box.
  bool hold_outward(const Vec<S>& x) {
    const Vec<S>& lo = box_->lower();
    const Vec<S>& hi = box_->upper();
    bool descent = false;
    for (Index i = 0; i < x.size(); ++i) {
      const bool held =
          lo[i] == hi[i] || (x[i] == lo[i] && g_[i] >= 0) || (x[i] == hi[i] && g_[i] <= 0);
      held_base_[static_cast<std::size_t>(i)] = held ? 1 : 0;
      descent = descent || (!held && g_[i] != 0);
    }
    jf_stale_ = true;
    return descent;
  }

  // J and J'r restricted to the free variables: the held columns set to zero, so that the
  // subproblem's solution has p_i = 0 on them (a zero column is the last pivot of the column-
  // pivoted QR, excluded from the basic solution at lambda = 0; at lambda > 0 row i of
  // (J_F'J_F + lambda D'D) p = -J_F'r reads lambda d_i^2 p_i = 0). p_i is also zeroed explicitly.
  void restrict_to_free() {
    for (Index i = 0; i < j_.cols(); ++i) {
      const bool held = held_[static_cast<std::size_t>(i)] != 0;
      if (held) {
        jf_.col(i).setZero();
      } else {
        jf_.col(i) = j_.col(i);
      }
      gf_[i] = held ? S(0) : g_[i];
    }
  }

  // One trial of the bounded path at x in the box with radius Delta: the Levenberg-Marquardt step p
  // on the free variables (Moré's subproblem with J_F), then the point of the box it leads to.
  // A free variable on a bound whose component p_i points out of the box is held as well and the
  // subproblem solved again (at most n times: since g_F'p_F < 0, some free component keeps the
  // sign of -g_i, and for a free variable on a bound that sign points into the box, so the free
  // set never empties while g_F != 0). Two candidates then: x + alpha p truncated at the first
  // bound it meets (alpha = max_step <= 1, the blocking variables put exactly on their bounds),
  // and the projection P(x + p); the one with the larger reduction of the linear model
  // ||r + J s||^2 is the trial (the choice among candidate steps by model value of Branch, Coleman
  // & Li 1999, section 3). Leaves the trial point in xt_, s = xt_ - x in step_, p in p_step_, and
  // returns ||D p||, the norm the trust radius bounds.
  S bounded_step(const Vec<S>& x, S delta) {
    const Vec<S>& lo = box_->lower();
    const Vec<S>& hi = box_->upper();
    const Index n = x.size();
    if (jf_stale_) {
      // The held set of this iteration's gradient (a previous trial may have held more).
      held_ = held_base_;
      restrict_to_free();
      qr_j_.factor(jf_, S(0));
      jf_stale_ = false;
    }
    for (Index round = 0; round <= n; ++round) {
      solve_trust_region_subproblem(delta, jf_, gf_);
      bool more = false;
      for (Index i = 0; i < n; ++i) {
        auto& h = held_[static_cast<std::size_t>(i)];
        if (h != 0) {
          p_step_[i] = 0;
          continue;
        }
        if ((x[i] == lo[i] && p_step_[i] < 0) || (x[i] == hi[i] && p_step_[i] > 0)) {
          h = 1;
          jf_.col(i).setZero();
          gf_[i] = 0;
          p_step_[i] = 0;
          more = true;
        }
      }
      if (!more) break;
      qr_j_.factor(jf_, S(0));
      jf_stale_ = true;  // the next trial starts again from the gradient's held set
    }
    dp_ = diag_.cwiseProduct(p_step_);
    const S pnorm = dp_.norm();

    // Truncation: alpha = min over the components of p of the distance to the bound they head
    // for (x is in the box, so each ratio is >= 0).
    S alpha = 1;
    for (Index i = 0; i < n; ++i) {
      if (p_step_[i] < 0) alpha = std::min(alpha, (lo[i] - x[i]) / p_step_[i]);
      if (p_step_[i] > 0) alpha = std::min(alpha, (hi[i] - x[i]) / p_step_[i]);
    }
    // The projection P(x + p): equal to x + p when no bound is crossed (alpha == 1); the
    // projection also keeps the rounding of x + p inside the box.
    xt_ = (x + p_step_).cwiseMax(lo).cwiseMin(hi);
    step_is_p_ = xt_ == x + p_step_;
    step_ = xt_ - x;
    if (alpha >= 1) return pnorm;
    xalt_ = (x + alpha * p_step_).cwiseMax(lo).cwiseMin(hi);
    for (Index i = 0; i < n; ++i) {
      if (p_step_[i] < 0 && (lo[i] - x[i]) / p_step_[i] == alpha) xalt_[i] = lo[i];
      if (p_step_[i] > 0 && (hi[i] - x[i]) / p_step_[i] == alpha) xalt_[i] = hi[i];
    }
    salt_ = xalt_ - x;
    const S fnorm = r_.norm();
    if (model_reduction(salt_, fnorm) > model_reduction(step_, fnorm)) {
      xt_.swap(xalt_);
      step_.swap(salt_);
      step_is_p_ = false;
    }
    return pnorm;
  }

  // The linear model's relative reduction for a step s, (||r||^2 - ||r + J s||^2) / ||r||^2,
  // formed as (1 - t)(1 + t) with t = ||r + J s|| / ||r|| (jp_ holds r + J s afterwards).
  S model_reduction(const Vec<S>& s, S fnorm) {
    jp_ = r_;
    jp_.noalias() += j_ * s;
    const S t = jp_.norm() / fnorm;
    return (S(1) - t) * (S(1) + t);
  }

  // Solves min ||r + J p|| s.t. ||D p|| <= Delta: finds lambda = par_ with |phi(lambda)| <= 0.1
  // Delta, phi(lambda) = ||D p(lambda)|| - Delta, by Moré's safeguarded Newton iteration
  // (Moré 1978, section 5 and algorithm (5.5); MINPACK lmpar), keeping lambda in [l, u] with
  // l = -phi(0)/phi'(0) and u = ||D^{-1} J'r|| / Delta. Leaves p in p_step_ and D p in dp_.
  void solve_trust_region_subproblem(S delta, const Mat<S>& jac, const Vec<S>& grad) {
    const Index m = jac.rows(), n = jac.cols();
    constexpr S dwarf = std::numeric_limits<S>::min();
    // lambda = 0: the Gauss-Newton step (basic solution when J is rank deficient).
    rhs_.head(m) = -r_;
    qr_j_.solve(rhs_.head(m), p_step_);
    dp_ = diag_.cwiseProduct(p_step_);
    S dxnorm = dp_.norm();
    S fp = dxnorm - delta;
    if (fp <= S(0.1) * delta) {
      par_ = 0;
      return;
    }
    // Lower bound from the Newton step at 0 (only with full rank): phi'(0) = -||q||^2/||D p||,
    // q = R^{-T} P' D'D p / ||D p||  (Moré 1978, eq. 5.8).
    S parl = 0;
    if (qr_j_.rank() == n) {
      v_ = diag_.cwiseProduct(dp_) / dxnorm;
      qr_j_.solve_rt(v_, q_);
      const S qn = q_.norm();
      parl = fp / delta / (qn * qn);
      if (!std::isfinite(parl)) parl = 0;
    }
    const S gnorm = (grad.array() / diag_.array()).matrix().norm();
    S paru = gnorm / delta;
    if (paru == 0) paru = dwarf / std::min(delta, S(0.1));
    par_ = std::clamp(par_, parl, paru);
    if (par_ == 0) par_ = gnorm / dxnorm;

    for (int iter = 1; iter <= 10; ++iter) {
      if (par_ == 0) par_ = std::max(dwarf, S(0.001) * paru);
      // The damped system as the least-squares problem [J; sqrt(lambda) D] p = [-r; 0].
      aug_.topRows(m) = jac;
      aug_.bottomRows(n).diagonal() = std::sqrt(par_) * diag_;
      rhs_.head(m) = -r_;
      rhs_.tail(n).setZero();
      qr_aug_.factor(aug_, S(0));
      qr_aug_.solve(rhs_, p_step_);
      dp_ = diag_.cwiseProduct(p_step_);
      dxnorm = dp_.norm();
      const S fp_prev = fp;
      fp = dxnorm - delta;
      if (std::abs(fp) <= S(0.1) * delta || (parl == 0 && fp <= fp_prev && fp_prev < 0) ||
          iter == 10) {
        break;
      }
      // Newton correction for phi(lambda) (Moré 1978, eq. 5.7 with phi' from eq. 5.8).
      v_ = diag_.cwiseProduct(dp_) / dxnorm;
      qr_aug_.solve_rt(v_, q_);
      const S qn = q_.norm();
      const S parc = fp / delta / (qn * qn);
      if (fp > 0) parl = std::max(parl, par_);
      if (fp < 0) paru = std::min(paru, par_);
      par_ = std::max(parl, par_ + (std::isfinite(parc) ? parc : S(0)));
    }
  }

  LevenbergMarquardtParams p_;
  const Bounds<S>* box_;  // null: the unbounded method, untouched by the members below
  Mat<S> jf_;             // bounded: J with the held columns zeroed
  Vec<S> gf_;             // bounded: J'r with the held components zeroed
  Vec<S> xalt_, salt_;    // bounded: the other candidate trial point and its step
  std::vector<char> held_base_, held_;  // bounded: held by the gradient; held in this trial
  bool jf_stale_ = true;   // bounded: jf_ / gf_ and the QR of jf_ must be rebuilt from held_base_
  bool step_is_p_ = true;  // bounded: the last trial point is x + p exactly
  Vec<S> r_, rt_, jp_, rhs_;
  Mat<S> j_, aug_;
  Vec<S> jx_, diag_, p_step_, dp_, v_, q_, g_, xt_;
  Vec<S> rvv_, acc_, step_;  // geodesic acceleration: r_vv (then r + J s), a, the trial step
  QrSolver<S> qr_j_, qr_aug_;
  S delta_ = 0;
  S par_ = 0;
  bool first_ = true;
  bool have_j_ = false;
  Status pending_ = Status::Running;
  std::string pending_message_;
};

}  // namespace

template <class S>
LevenbergMarquardt<S>::LevenbergMarquardt(LevenbergMarquardtParams p) : p_(p) {
  p_.validate();
}

template <class S>
std::unique_ptr<MethodState<S>> LevenbergMarquardt<S>::start(Evaluator<S>& eval,
                                                             Iterate<S>&) const {
  auto* lsq = eval.least_squares();
  if (lsq == nullptr) {
    throw std::invalid_argument(
        "lm needs a least-squares objective (residuals and Jacobian); this objective only "
        "provides a value and gradient");
  }
  const Index m = lsq->num_residuals(), n = eval.dim();
  if (m <= 0) throw std::invalid_argument("lm: the objective has no residuals");
  const Bounds<S>* box = eval.bounds();
  if (box != nullptr && p_.geodesic_accel) {
    throw std::invalid_argument(
        "lm: geodesic_accel cannot be combined with bounds (the accelerated step v + a/2 has no "
        "bounded form here); run without it");
  }
  return std::make_unique<LmState<S>>(p_, m, n, box);
}

template class LevenbergMarquardt<float>;
template class LevenbergMarquardt<double>;

}  // namespace optim
