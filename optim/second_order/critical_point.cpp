#include "optim/second_order/critical_point.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "optim/finite_difference.hpp"
#include "optim/second_order/lanczos.hpp"

namespace optim {
namespace {

// Up to this many eigenvalues describe() lists them all (the README's two-variable examples).
constexpr Index kListedEigenvalues = 8;

template <class S>
double resolve_rel_tol(double rel_tol) {
  return rel_tol < 0 ? std::sqrt(static_cast<double>(std::numeric_limits<S>::epsilon())) : rel_tol;
}

// The second-order test from the ascending values (all eigenvalues or the Ritz values): counts by
// sign against rel_tol * max(1, max |lambda|), and the kind, which depends only on the extremes.
template <class S>
void classify_values(CriticalPointInfo<S>& info, double rel_tol) {
  const double lo = info.eigenvalues[0];
  const double hi = info.eigenvalues[info.eigenvalues.size() - 1];
  info.zero_tol = resolve_rel_tol<S>(rel_tol) * std::max({1.0, std::abs(lo), std::abs(hi)});
  for (Index i = 0; i < info.eigenvalues.size(); ++i) {
    const double l = info.eigenvalues[i];
    if (l > info.zero_tol) {
      ++info.positive;
    } else if (l < -info.zero_tol) {
      ++info.negative;
    } else {
      ++info.zero;
    }
  }
  if (lo < -info.zero_tol && hi > info.zero_tol) {
    info.kind = CriticalPointKind::Saddle;  // both signs: a saddle even with flat directions
  } else if (lo > info.zero_tol) {
    info.kind = CriticalPointKind::Minimum;
  } else if (hi < -info.zero_tol) {
    info.kind = CriticalPointKind::Maximum;
  } else {
    info.kind = CriticalPointKind::Degenerate;
  }
}

}  // namespace

template <class S>
std::string CriticalPointInfo<S>::describe() const {
  std::ostringstream os;
  os << to_string(kind) << " (";
  if (!estimated() && eigenvalues.size() <= kListedEigenvalues) {
    os << "eigenvalues";
    for (Index i = 0; i < eigenvalues.size(); ++i) os << (i ? ", " : " ") << eigenvalues[i];
    os << ")";
    return os.str();
  }
  os << "n = " << dim << ": smallest eigenvalue " << smallest() << ", largest " << largest();
  if (!estimated()) {
    os << ", " << negative << " negative)";
  } else {
    if (negative > 0) os << ", >= " << negative << " negative";
    os << ", estimated (Lanczos, " << lanczos_steps
       << (lanczos_steps == 1 ? " step))" : " steps))");
  }
  return os.str();
}

template <class S>
CriticalPointInfo<S> classify_critical_point(const Mat<S>& h, double rel_tol) {
  if (h.rows() == 0 || h.rows() != h.cols()) {
    throw std::invalid_argument(
        "classify_critical_point: Hessian must be square and non-empty (got " +
        std::to_string(h.rows()) + " x " + std::to_string(h.cols()) + ")");
  }
  if (!h.allFinite()) {
    throw std::invalid_argument("classify_critical_point: Hessian contains NaN or Inf");
  }
  // Only the lower triangle is read; symmetrise so that a slightly asymmetric finite-difference
  // Hessian is treated as its symmetric part.
  const Mat<S> sym = S(0.5) * (h + h.transpose());
  Eigen::SelfAdjointEigenSolver<Mat<S>> es(sym, Eigen::EigenvaluesOnly);
  CriticalPointInfo<S> info;
  info.dim = h.rows();
  info.eigenvalues = es.eigenvalues();
  classify_values(info, rel_tol);
  return info;
}

template <class S>
CriticalPointInfo<S> classify_by_lanczos(Index n,
                                         const std::function<void(const Vec<S>&, Vec<S>*)>& hv,
                                         const ClassifyOptions& opts) {
  LanczosOptions lo;
  lo.max_steps = opts.lanczos_steps;
  const LanczosResult lr = lanczos_extreme_eigenvalues<S>(n, hv, lo);
  CriticalPointInfo<S> info;
  info.dim = n;
  info.lanczos_steps = lr.steps;
  info.eigenvalues = lr.ritz_values.cast<S>();
  classify_values(info, opts.rel_tol);
  return info;
}

template <class S>
CriticalPointInfo<S> classify_point(Objective<S>& objective, const Vec<S>& x,
                                    const ClassifyOptions& opts) {
  auto* hp = dynamic_cast<HessianProvider<S>*>(&objective);
  if (hp == nullptr) {
    throw std::invalid_argument(
        "classify_point: the objective does not provide a Hessian (HessianProvider); wrap it in "
        "the finite-difference adapter to classify its critical points");
  }
  const Index n = objective.dim();
  if (x.size() != n) {
    throw std::invalid_argument("classify_point: x has length " + std::to_string(x.size()) +
                                ", objective dimension is " + std::to_string(n));
  }
  if (n <= opts.dense_max_dim) {
    Mat<S> h(n, n);
    hp->hessian(x, &h);
    return classify_critical_point<S>(h, opts.rel_tol);
  }
  // Above the threshold H is never formed. HessianProvider's default product forms it (and an
  // override cannot be told from the default), so the products are central differences of the
  // objective's own gradient, H v ~ (g(x + t v) - g(x - t v)) / 2t (finite_difference.hpp): two
  // gradients and O(n) memory each, with an error ~ eps^(2/3) relative (about 4e-11 in double),
  // far below the sqrt(eps) zero tolerance of the test.
  FdOptions fo;
  fo.use_inner_gradient = true;
  FiniteDifference<S> fd(objective, fo);
  return classify_by_lanczos<S>(
      n, [&](const Vec<S>& v, Vec<S>* out) { fd.hessian_vector(x, v, out); }, opts);
}

template struct CriticalPointInfo<float>;
template struct CriticalPointInfo<double>;
template CriticalPointInfo<float> classify_critical_point<float>(const Mat<float>&, double);
template CriticalPointInfo<double> classify_critical_point<double>(const Mat<double>&, double);
template CriticalPointInfo<float> classify_by_lanczos<float>(
    Index, const std::function<void(const Vec<float>&, Vec<float>*)>&, const ClassifyOptions&);
template CriticalPointInfo<double> classify_by_lanczos<double>(
    Index, const std::function<void(const Vec<double>&, Vec<double>*)>&, const ClassifyOptions&);
template CriticalPointInfo<float> classify_point<float>(Objective<float>&, const Vec<float>&,
                                                        const ClassifyOptions&);
template CriticalPointInfo<double> classify_point<double>(Objective<double>&, const Vec<double>&,
                                                          const ClassifyOptions&);

}  // namespace optim
