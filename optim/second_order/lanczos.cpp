// Lanczos with full reorthogonalisation (see lanczos.hpp for the recurrence and its source).
#include "optim/second_order/lanczos.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

namespace optim {

template <class S>
LanczosResult lanczos_extreme_eigenvalues(Index n,
                                          const std::function<void(const Vec<S>&, Vec<S>*)>& apply,
                                          const LanczosOptions& opts) {
  if (n < 1) throw std::invalid_argument("Lanczos: dimension must be >= 1");
  if (opts.max_steps < 1) throw std::invalid_argument("Lanczos: max_steps must be >= 1");
  const Index k_max = std::min(n, opts.max_steps);

  // Everything is sized here, once: the loop below does not allocate.
  Mat<double> q(n, k_max);  // orthonormal basis q_1..q_k (columns)
  Vec<double> alpha = Vec<double>::Zero(k_max), beta = Vec<double>::Zero(k_max);
  Vec<double> w(n), coeff(k_max);
  Vec<S> v_s(n), av_s(n);

  // A pseudo-random start has a component along every eigenvector (with probability 1), which a
  // structured start such as (1, ..., 1) may lack (it is an eigenvector of many test matrices).
  std::mt19937_64 rng(opts.seed);
  std::uniform_real_distribution<double> unif(-1.0, 1.0);
  for (Index i = 0; i < n; ++i) q(i, 0) = unif(rng);
  q.col(0).normalize();

  double scale = 1.0;  // max(1, |alpha|, |beta|) seen so far: the size of T
  Index steps = 0;
  for (Index j = 0; j < k_max; ++j) {
    v_s = q.col(j).cast<S>();
    apply(v_s, &av_s);
    if (!av_s.allFinite()) {
      throw std::invalid_argument("Lanczos: a Hessian-vector product is NaN or Inf");
    }
    w = av_s.template cast<double>();
    alpha[j] = q.col(j).dot(w);
    w -= alpha[j] * q.col(j);
    if (j > 0) w -= beta[j - 1] * q.col(j - 1);
    // Full reorthogonalisation, two classical Gram-Schmidt passes.
    for (int pass = 0; pass < 2; ++pass) {
      coeff.head(j + 1).noalias() = q.leftCols(j + 1).transpose() * w;
      w.noalias() -= q.leftCols(j + 1) * coeff.head(j + 1);
    }
    steps = j + 1;
    beta[j] = w.norm();
    scale = std::max({scale, std::abs(alpha[j]), beta[j]});
    if (j + 1 == k_max || beta[j] <= opts.breakdown_rel * scale) break;
    q.col(j + 1) = w / beta[j];
  }

  // Eigenvalues of the k x k tridiagonal T_k (diagonal alpha, off-diagonal beta_1..beta_{k-1}).
  LanczosResult out;
  out.steps = steps;
  if (steps == 1) {
    out.ritz_values = alpha.head(1);
    return out;
  }
  Eigen::SelfAdjointEigenSolver<Mat<double>> es;
  es.computeFromTridiagonal(alpha.head(steps), beta.head(steps - 1), Eigen::EigenvaluesOnly);
  out.ritz_values = es.eigenvalues();  // ascending
  return out;
}

template LanczosResult lanczos_extreme_eigenvalues<float>(
    Index, const std::function<void(const Vec<float>&, Vec<float>*)>&, const LanczosOptions&);
template LanczosResult lanczos_extreme_eigenvalues<double>(
    Index, const std::function<void(const Vec<double>&, Vec<double>*)>&, const LanczosOptions&);

}  // namespace optim
