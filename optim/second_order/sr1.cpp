#include "optim/second_order/sr1.hpp"

#include <cmath>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/params.hpp"
#include "optim/second_order/trust_subproblem.hpp"

namespace optim {

template <class S>
bool sr1_update(Mat<S>& b, const Vec<S>& s, const Vec<S>& y, S r, Vec<S>& v) {
  v.noalias() = b * s;
  v = y - v;
  const S vs = v.dot(s);
  if (!(std::abs(vs) >= r * s.norm() * v.norm()) || vs == 0) return false;  // eq. 6.26
  // Column by column: b(:, j) += v v_j / v's (eq. 6.24).
  for (Index j = 0; j < b.cols(); ++j) b.col(j) += (v[j] / vs) * v;
  return true;
}

const settings::FieldTable<Sr1Params>& sr1_fields() {
  using namespace settings;
  using P = Sr1Params;
  static const FieldTable<P> table = [] {
    FieldTable<P> t;
    t.owner = "sr1";
    t.embed(&P::trust, trust_region_fields());
    t.fields.push_back(real("skip_r", &P::skip_r,
                            "skip the update unless |s'(y - Bs)| >= r |s| |y - Bs| (N&W 6.26)",
                            Range::open_unit()));
    return t;
  }();
  return table;
}

void Sr1Params::validate() const {
  sr1_fields().validate(*this);
}

namespace {

template <class S>
class Sr1State final : public MethodState<S> {
 public:
  Sr1State(const Sr1Params& p, Index n)
      : p_(p),
        b_(Mat<S>::Identity(n, n)),
        exact_(n),
        step_(n),
        y_(n),
        v_(n),
        delta_(static_cast<S>(p.trust.delta0)) {}

  StepReport step(Evaluator<S>& eval, const Iterate<S>& cur, Iterate<S>& next) override {
    auto solve = [&](S delta, Vec<S>& p) {
      if (!exact_.factor(b_)) {  // B not finite: start again from the identity for this trial
        b_.setIdentity();
        updates_ = 0;
        exact_.factor(b_);
      }
      const auto s = exact_.solve(cur.g, delta, p);
      return TrustStep<S>{s.model, s.step_norm, s.on_boundary};
    };
    // Every trial with a finite gradient updates B (N&W Alg. 6.2 updates whether or not the
    // step is taken), so a rejected trial's curvature information shapes the next trial.
    auto update = [&](const Vec<S>& s, const Iterate<S>& trial) {
      y_ = trial.g - cur.g;
      if (sr1_update<S>(b_, s, y_, static_cast<S>(p_.skip_r), v_)) ++updates_;
    };
    return trust_region_iteration<S>(eval, cur, next, step_, delta_, p_.trust, "sr1", solve,
                                     update);
  }

  // Checkpoints: B, its update count and the trust radius.
  void archive(StateArchive& a) override {
    a.field("b", b_);
    a.scalar("updates", updates_);
    a.scalar("delta", delta_);
  }

 private:
  Sr1Params p_;
  Mat<S> b_;
  ExactTrustSubproblem<S> exact_;
  Vec<S> step_, y_, v_;
  Index updates_ = 0;
  S delta_;
};

}  // namespace

template <class S>
Sr1<S>::Sr1(Sr1Params p) : p_(std::move(p)) {
  p_.validate();
}

template <class S>
std::unique_ptr<MethodState<S>> Sr1<S>::start(Evaluator<S>& eval, Iterate<S>&) const {
  return std::make_unique<Sr1State<S>>(p_, eval.dim());
}

template bool sr1_update<float>(Mat<float>&, const Vec<float>&, const Vec<float>&, float,
                                Vec<float>&);
template bool sr1_update<double>(Mat<double>&, const Vec<double>&, const Vec<double>&, double,
                                 Vec<double>&);
template class Sr1<float>;
template class Sr1<double>;

}  // namespace optim
