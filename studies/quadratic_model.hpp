#pragma once
// The quadratic model of the step-size studies (seed 004_8575ef13f3bfe434.txt sections 4.4-4.8):
//   E(w) = 1/2 w^T A w + b^T w + c,   grad E = A w + b,   Hessian A,   minimiser w* = -A^{-1} b.
// In 1-D this is E(w) = 1/2 a w^2 + b w + c with eta_opt = 1/a (seed 004 section 4.4); with a
// diagonal A it is the decoupled sum of 1-D problems of seed 004 section 4.8, one eta_opt = 1/a_ii
// per axis. A rotated spectrum (A = Q diag(lambda) Q^T) keeps the eigen-directions decoupled but
// no longer axis-aligned.
#include <cstdint>
#include <vector>

#include "optim/objective.hpp"

namespace optim::studies {

class QuadraticModel final : public Objective<double>, public HessianProvider<double> {
 public:
  // A must be symmetric positive definite (the studies need a unique minimiser); throws
  // std::invalid_argument naming what is wrong otherwise.
  QuadraticModel(Mat<double> a, Vec<double> b, double c = 0.0);

  // 1-D: E(w) = 1/2 a w^2 + b w + c.
  static QuadraticModel scalar(double a, double b, double c = 0.0);
  // A = diag(lambdas) (axis-aligned, seed 004 section 4.8), or A = Q diag(lambdas) Q^T with a
  // random orthogonal Q drawn from `seed` when rotate is true.
  static QuadraticModel with_spectrum(const std::vector<double>& lambdas, const Vec<double>& b,
                                      bool rotate = false, std::uint64_t seed = 7);

  Index dim() const override { return a_.rows(); }
  double evaluate(const Vec<double>& x, Vec<double>* grad) override;
  void hessian(const Vec<double>& x, Mat<double>* hess) override;

  const Mat<double>& a() const { return a_; }
  const Vec<double>& b() const { return b_; }
  double c() const { return c_; }
  const Vec<double>& minimizer() const { return w_star_; }
  double min_value() const;
  // Eigenvalues (ascending) and the matching orthonormal eigenvectors (columns) of A.
  const Vec<double>& eigenvalues() const { return lambdas_; }
  const Mat<double>& eigenvectors() const { return q_; }
  double condition_number() const { return lambdas_.maxCoeff() / lambdas_.minCoeff(); }

 private:
  Mat<double> a_;
  Vec<double> b_;
  double c_;
  Vec<double> w_star_;
  Vec<double> lambdas_;
  Mat<double> q_;
};

}  // namespace optim::studies
