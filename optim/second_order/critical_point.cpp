#include "optim/second_order/critical_point.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace optim {

template <class S>
std::string CriticalPointInfo<S>::describe() const {
  std::ostringstream os;
  os << to_string(kind) << " (eigenvalues";
  for (Index i = 0; i < eigenvalues.size(); ++i) os << (i ? ", " : " ") << eigenvalues[i];
  os << ")";
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
  if (rel_tol < 0) rel_tol = std::sqrt(static_cast<double>(std::numeric_limits<S>::epsilon()));
  // Only the lower triangle is read; symmetrise so that a slightly asymmetric finite-difference
  // Hessian is treated as its symmetric part.
  const Mat<S> sym = S(0.5) * (h + h.transpose());
  Eigen::SelfAdjointEigenSolver<Mat<S>> es(sym, Eigen::EigenvaluesOnly);
  CriticalPointInfo<S> info;
  info.eigenvalues = es.eigenvalues();
  const double scale = std::max(1.0, static_cast<double>(info.eigenvalues.cwiseAbs().maxCoeff()));
  info.zero_tol = rel_tol * scale;
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
  const Index n = info.eigenvalues.size();
  if (info.positive > 0 && info.negative > 0) {
    info.kind = CriticalPointKind::Saddle;  // both signs: a saddle even with flat directions
  } else if (info.positive == n) {
    info.kind = CriticalPointKind::Minimum;
  } else if (info.negative == n) {
    info.kind = CriticalPointKind::Maximum;
  } else {
    info.kind = CriticalPointKind::Degenerate;
  }
  return info;
}

template <class S>
CriticalPointInfo<S> classify_point(Objective<S>& objective, const Vec<S>& x, double rel_tol) {
  auto* hp = dynamic_cast<HessianProvider<S>*>(&objective);
  if (hp == nullptr) {
    throw std::invalid_argument(
        "classify_point: the objective does not provide a Hessian (HessianProvider); wrap it in "
        "the finite-difference adapter to classify its critical points");
  }
  if (x.size() != objective.dim()) {
    throw std::invalid_argument("classify_point: x has length " + std::to_string(x.size()) +
                                ", objective dimension is " + std::to_string(objective.dim()));
  }
  Mat<S> h(x.size(), x.size());
  hp->hessian(x, &h);
  return classify_critical_point<S>(h, rel_tol);
}

template struct CriticalPointInfo<float>;
template struct CriticalPointInfo<double>;
template CriticalPointInfo<float> classify_critical_point<float>(const Mat<float>&, double);
template CriticalPointInfo<double> classify_critical_point<double>(const Mat<double>&, double);
template CriticalPointInfo<float> classify_point<float>(Objective<float>&, const Vec<float>&,
                                                        double);
template CriticalPointInfo<double> classify_point<double>(Objective<double>&, const Vec<double>&,
                                                          double);

}  // namespace optim
