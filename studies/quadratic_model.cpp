#include "studies/quadratic_model.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

namespace optim::studies {

QuadraticModel::QuadraticModel(Mat<double> a, Vec<double> b, double c)
    : a_(std::move(a)), b_(std::move(b)), c_(c) {
  if (a_.rows() == 0 || a_.rows() != a_.cols()) {
    throw std::invalid_argument("quadratic model: A must be a non-empty square matrix, got " +
                                std::to_string(a_.rows()) + " x " + std::to_string(a_.cols()));
  }
  if (b_.size() != a_.rows()) {
    throw std::invalid_argument("quadratic model: b has length " + std::to_string(b_.size()) +
                                " but A is " + std::to_string(a_.rows()) + " x " +
                                std::to_string(a_.rows()));
  }
  if (!a_.allFinite() || !b_.allFinite() || !std::isfinite(c_)) {
    throw std::invalid_argument("quadratic model: A, b and c must be finite");
  }
  if (!a_.isApprox(a_.transpose(), 1e-12)) {
    throw std::invalid_argument("quadratic model: A must be symmetric");
  }
  Eigen::SelfAdjointEigenSolver<Mat<double>> eig(a_);
  lambdas_ = eig.eigenvalues();
  q_ = eig.eigenvectors();
  if (lambdas_.minCoeff() <= 0) {
    throw std::invalid_argument(
        "quadratic model: A must be positive definite (smallest eigenvalue " +
        std::to_string(lambdas_.minCoeff()) + " <= 0)");
  }
  // w* = -A^{-1} b through the eigen-decomposition (A is SPD, so this is exact up to rounding).
  w_star_ = -(q_ * (lambdas_.cwiseInverse().asDiagonal() * (q_.transpose() * b_)));
}

QuadraticModel QuadraticModel::scalar(double a, double b, double c) {
  if (!(a > 0)) {
    throw std::invalid_argument("quadratic model: curvature a = " + std::to_string(a) +
                                " must be > 0 (E(w) = 1/2 a w^2 + b w + c needs a minimum)");
  }
  return QuadraticModel(Mat<double>::Constant(1, 1, a), Vec<double>::Constant(1, b), c);
}

QuadraticModel QuadraticModel::with_spectrum(const std::vector<double>& lambdas,
                                             const Vec<double>& b, bool rotate,
                                             std::uint64_t seed) {
  const Index n = static_cast<Index>(lambdas.size());
  if (n == 0) throw std::invalid_argument("quadratic model: empty spectrum");
  for (double l : lambdas) {
    if (!(l > 0)) {
      throw std::invalid_argument("quadratic model: eigenvalue " + std::to_string(l) +
                                  " must be > 0");
    }
  }
  Vec<double> d = Eigen::Map<const Vec<double>>(lambdas.data(), n);
  Mat<double> a = d.asDiagonal();
  if (rotate) {
    // Q from the QR factorisation of a Gaussian matrix: a random orthogonal matrix.
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> gauss;
    Mat<double> g(n, n);
    for (Index j = 0; j < n; ++j)
      for (Index i = 0; i < n; ++i) g(i, j) = gauss(rng);
    Mat<double> q = Eigen::HouseholderQR<Mat<double>>(g).householderQ();
    a = q * d.asDiagonal() * q.transpose();
    a = 0.5 * (a + a.transpose()).eval();  // exact symmetry despite rounding
  }
  return QuadraticModel(std::move(a), b, 0.0);
}

double QuadraticModel::evaluate(const Vec<double>& x, Vec<double>* grad) {
  if (grad != nullptr) {
    grad->noalias() = a_ * x;
    *grad += b_;
    return 0.5 * x.dot(*grad - b_) + b_.dot(x) + c_;
  }
  return 0.5 * x.dot(a_ * x) + b_.dot(x) + c_;
}

void QuadraticModel::hessian(const Vec<double>& /*x*/, Mat<double>* hess) {
  *hess = a_;
}

double QuadraticModel::min_value() const {
  return c_ + 0.5 * b_.dot(w_star_);
}

}  // namespace optim::studies
