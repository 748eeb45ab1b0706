#pragma once
// Quadratic f(x) = 1/2 x'Ax + b'x with symmetric positive definite A built from a chosen
// eigenvalue spectrum. The building block of step-size studies: for GD on it, the stable
// learning rates are 0 < eta < 2 / lambda_max and the best fixed one is 2 / (lambda_min +
// lambda_max) (seed 004, "optimal step size ... inversely proportional to the eigenvalues of the
// Hessian"), so the spectrum is the knob.
#include <cstdint>
#include <vector>

#include "problems/analytic/analytic_objective.hpp"

namespace optim::problems {

template <class S>
class Quadratic final : public AnalyticObjective<S> {
 public:
  // A must be square, symmetric (checked to 1e-12 relative) and b of matching length; throws
  // std::invalid_argument otherwise. Positive definiteness is not required (indefinite
  // quadratics are saddles), but minimizer()/f_min() then throw.
  Quadratic(Mat<S> a, Vec<S> b);

  S evaluate(const Vec<S>& x, Vec<S>* grad) override;
  void hessian(const Vec<S>& x, Mat<S>* hess) override;
  void hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>* hv) override;

  const Mat<S>& a() const { return a_; }
  const Vec<S>& b() const { return b_; }
  // x* = -A^{-1} b and f* = -1/2 b'A^{-1}b (computed in double); throw std::invalid_argument
  // when A is not positive definite.
  Vec<double> minimizer() const;
  double f_min() const;

 private:
  Mat<S> a_;
  Vec<S> b_;
  mutable Vec<S> ax_;  // scratch for A x, sized once
};

// Eigenvalues log-spaced from 1 to cond: lambda_i = cond^(i/(n-1)), i = 0..n-1 (n = 1: {1}).
// Throws std::invalid_argument unless n >= 1 and cond >= 1.
std::vector<double> log_spaced_spectrum(Index n, double cond);

// A = Q diag(eigs) Q^T with Q a fixed pseudo-random orthogonal matrix (Householder QR of a matrix
// of uniform(-1, 1) entries drawn from std::mt19937_64(seed), whose output is fixed by the C++
// standard, so the matrix is the same everywhere). rotate = false gives A = diag(eigs).
// Eigenvalues must be finite and non-zero.
Mat<double> matrix_from_spectrum(const std::vector<double>& eigs, bool rotate = true,
                                 std::uint64_t seed = 42);

// The quadratic with Hessian matrix_from_spectrum(eigs, rotate, seed) and the given b.
template <class S>
Quadratic<S> quadratic_from_spectrum(const std::vector<double>& eigs, const Vec<double>& b,
                                     bool rotate = true, std::uint64_t seed = 42);

// The registry's `quadratic`: n-D, log-spaced eigenvalues with condition number `cond`, rotated
// with seed 42, and b = -A 1 so that the minimiser is x* = (1, ..., 1); start x0 = 0.
template <class S>
Problem<S> quadratic_problem(Index n, double cond = 100.0);

extern template class Quadratic<float>;
extern template class Quadratic<double>;

}  // namespace optim::problems
