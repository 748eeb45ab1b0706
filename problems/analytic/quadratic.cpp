// Quadratic 1/2 x'Ax + b'x from a spectrum (see quadratic.hpp).
#include "problems/analytic/quadratic.hpp"

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>

namespace optim::problems {

template <class S>
Quadratic<S>::Quadratic(Mat<S> a, Vec<S> b)
    : AnalyticObjective<S>(a.rows()), a_(std::move(a)), b_(std::move(b)) {
  if (a_.rows() == 0 || a_.rows() != a_.cols()) {
    throw std::invalid_argument("quadratic: A must be square and non-empty, got " +
                                std::to_string(a_.rows()) + "x" + std::to_string(a_.cols()));
  }
  if (b_.size() != a_.rows()) {
    throw std::invalid_argument("quadratic: b has length " + std::to_string(b_.size()) +
                                ", expected " + std::to_string(a_.rows()));
  }
  if (!a_.allFinite() || !b_.allFinite()) {
    throw std::invalid_argument("quadratic: A or b contains NaN or Inf");
  }
  // Symmetric up to a few rounding errors of S: the gradient formula A x assumes A = A'.
  const double scale = std::max(1.0, static_cast<double>(a_.cwiseAbs().maxCoeff()));
  const double asym = static_cast<double>((a_ - a_.transpose()).cwiseAbs().maxCoeff());
  if (asym > 100.0 * std::numeric_limits<S>::epsilon() * scale) {
    throw std::invalid_argument(
        "quadratic: A is not symmetric (max |A - A'| = " + std::to_string(asym) + ")");
  }
  ax_.resize(a_.rows());
}

template <class S>
S Quadratic<S>::evaluate(const Vec<S>& x, Vec<S>* grad) {
  ax_.noalias() = a_ * x;
  if (grad != nullptr) *grad = ax_ + b_;
  return S(0.5) * x.dot(ax_) + b_.dot(x);
}

template <class S>
void Quadratic<S>::hessian(const Vec<S>& /*x*/, Mat<S>* hess) {
  *hess = a_;
}

template <class S>
void Quadratic<S>::hessian_vector(const Vec<S>& /*x*/, const Vec<S>& v, Vec<S>* hv) {
  hv->noalias() = a_ * v;
}

template <class S>
Vec<double> Quadratic<S>::minimizer() const {
  const Mat<double> a = a_.template cast<double>();
  Eigen::LLT<Mat<double>> llt(a);
  if (llt.info() != Eigen::Success) {
    throw std::invalid_argument("quadratic: A is not positive definite, no minimiser");
  }
  return llt.solve(-b_.template cast<double>());
}

template <class S>
double Quadratic<S>::f_min() const {
  // f(x*) = 1/2 x*'A x* + b'x* = 1/2 b'x* since A x* = -b.
  return 0.5 * b_.template cast<double>().dot(minimizer());
}

std::vector<double> log_spaced_spectrum(Index n, double cond) {
  if (n < 1)
    throw std::invalid_argument("log_spaced_spectrum: n must be >= 1, got " + std::to_string(n));
  if (!(cond >= 1.0) || !std::isfinite(cond)) {
    throw std::invalid_argument(
        "log_spaced_spectrum: condition number must be finite and >= 1, "
        "got " +
        std::to_string(cond));
  }
  std::vector<double> eigs(static_cast<std::size_t>(n), 1.0);
  for (Index i = 1; i < n; ++i) {
    eigs[static_cast<std::size_t>(i)] =
        std::pow(cond, static_cast<double>(i) / static_cast<double>(n - 1));
  }
  if (n > 1) eigs.back() = cond;  // exact end point, not pow's rounding
  return eigs;
}

Mat<double> matrix_from_spectrum(const std::vector<double>& eigs, bool rotate, std::uint64_t seed) {
  const Index n = static_cast<Index>(eigs.size());
  if (n == 0) throw std::invalid_argument("matrix_from_spectrum: empty spectrum");
  Vec<double> d(n);
  for (Index i = 0; i < n; ++i) {
    const double e = eigs[static_cast<std::size_t>(i)];
    if (!std::isfinite(e) || e == 0.0) {
      throw std::invalid_argument("matrix_from_spectrum: eigenvalue " + std::to_string(i) + " is " +
                                  std::to_string(e) + " (must be finite and non-zero)");
    }
    d[i] = e;
  }
  if (!rotate) return d.asDiagonal();
  // Uniform(-1, 1) from the raw 64-bit engine output (std::uniform_real_distribution is
  // implementation-defined; the engine's sequence is not).
  std::mt19937_64 gen(seed);
  Mat<double> m(n, n);
  for (Index j = 0; j < n; ++j) {
    for (Index i = 0; i < n; ++i) {
      m(i, j) = 2.0 * (static_cast<double>(gen() >> 11) * 0x1.0p-53) - 1.0;
    }
  }
  const Mat<double> q = Eigen::HouseholderQR<Mat<double>>(m).householderQ();
  Mat<double> a = q * d.asDiagonal() * q.transpose();
  return 0.5 * (a + a.transpose());  // exactly symmetric
}

template <class S>
Quadratic<S> quadratic_from_spectrum(const std::vector<double>& eigs, const Vec<double>& b,
                                     bool rotate, std::uint64_t seed) {
  const Mat<double> a = matrix_from_spectrum(eigs, rotate, seed);
  if (b.size() != a.rows()) {
    throw std::invalid_argument("quadratic_from_spectrum: b has length " +
                                std::to_string(b.size()) + ", expected " +
                                std::to_string(a.rows()));
  }
  return Quadratic<S>(a.cast<S>(), b.cast<S>());
}

template <class S>
Problem<S> quadratic_problem(Index n, double cond) {
  require_dim("quadratic", n, 1);
  const Mat<double> a = matrix_from_spectrum(log_spaced_spectrum(n, cond), true, 42);
  const Vec<double> b = -(a * Vec<double>::Ones(n));
  auto q = std::make_unique<Quadratic<S>>(a.cast<S>(), b.cast<S>());
  // Minimiser of the problem as stored in S (for float it differs from ones by ~cond * eps).
  const Vec<double> xs = q->minimizer();
  const double fs = q->f_min();
  std::ostringstream notes;
  notes << "convex quadratic 1/2 x'Ax + b'x, eigenvalues log-spaced in [1, " << cond
        << "] (rotated, seed 42), minimiser (1, ..., 1); gradient descent is stable for lr < "
        << 2.0 / cond;
  return analytic_problem<S>("quadratic", std::move(q), Vec<S>::Zero(n), {xs.cast<S>()}, fs,
                             notes.str());
}

template class Quadratic<float>;
template class Quadratic<double>;
template Quadratic<float> quadratic_from_spectrum<float>(const std::vector<double>&,
                                                         const Vec<double>&, bool, std::uint64_t);
template Quadratic<double> quadratic_from_spectrum<double>(const std::vector<double>&,
                                                           const Vec<double>&, bool, std::uint64_t);
template Problem<float> quadratic_problem<float>(Index, double);
template Problem<double> quadratic_problem<double>(Index, double);

}  // namespace optim::problems
