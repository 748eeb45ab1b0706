#pragma once
// Saddle points against minima (seed 002 "Saddle points as critical points" and "Are there more
// Saddle points or local Minima?"; seed 000 R3.8; seed 004 4.2; Y. Dauphin et al., "Identifying
// and attacking the saddle point problem in high-dimensional non-convex optimization", NIPS 2014;
// A. Bray and D. Dean, PRL 98, 2007).
//
// 1. Critical points of a small MLP's loss (1-h-1 tanh, mean squared error on noisy sine
//    samples), found from random starts: the even starts by Newton on ||grad E||^2 (Levenberg-
//    Marquardt on the residual g(w) = grad E(w), whose Jacobian is the Hessian H, so the step
//    solves (H^2 + mu I) d = -H g), which converges to a zero of the gradient of any kind and in
//    practice mostly to saddles; the odd starts by L-BFGS, a descent method, which finds the
//    minima that the first rarely reaches to the tolerance (near a minimum's flat directions the
//    finite-difference Hessian is too coarse a Jacobian). At each point: the loss and the index,
//    the fraction of negative Hessian eigenvalues (Dauphin et al.'s alpha). The Hessian is central
//    differences of the exact (backpropagated) gradient (optim/finite_difference.hpp).
// 2. The random-matrix argument: the eigenvalues of a Wigner (GOE) matrix H = (G + G^T)/sqrt(2N),
//    G with independent N(0, 1) entries, against Wigner's semicircle rho(x) = sqrt(4 - x^2)/(2 pi)
//    on [-2, 2], by the Kolmogorov-Smirnov distance between their distribution functions.
#include <cstdint>
#include <functional>
#include <vector>

#include "optim/types.hpp"
#include "studies/behaviours.hpp"

namespace optim::studies {

struct SaddlesOptions {
  bool full = false;
  std::uint64_t seed = 1;
  Index hidden = 4;    // tanh units: 3 hidden + 1 parameters
  Index samples = 16;  // sine points (noise 0.1)
  int starts = 60;
  int max_iter = 300;  // Levenberg-Marquardt steps per start
  // ||grad E|| at a critical point: both finders stall between 1e-7 and 1e-8 at the flat minima
  // (losses 1e-3 to 0.3), and at 1e-6 the Hessian's eigenvalues move by far less than the zero
  // tolerance of the classification (1e-6 of the largest).
  double gtol = 1e-6;
  Index goe_n = 200;
  // Criteria (fixed before the runs).
  double min_rank_correlation = 0.5;  // Spearman's rho of (loss, index)
  double low_fraction = 0.2;          // the lowest-loss share of the points
  double low_minima = 0.8;            // share of minima among them
  double max_ks = 0.03;               // KS distance to the semicircle
  void apply_full();                  // 6 hidden units, 300 starts, N = 1000
  void validate() const;
};

struct CriticalPointRow {
  double loss = 0, grad_norm = 0;
  Index negative = 0, zero = 0, dim = 0;
  double index = 0;  // negative / dim
  int iterations = 0;
  bool by_descent = false;  // found by L-BFGS (else by Newton on ||g||^2)
};

struct SaddlesStudy {
  SaddlesOptions options;
  Index dim = 0;
  std::vector<CriticalPointRow> points;                  // converged starts only
  int failed = 0;                                        // Newton starts that did not reach gtol
  int failed_descent = 0;                                // L-BFGS starts that did not
  double rank_correlation = 0;                           // Spearman's rho of (loss, index)
  double low_minimum_share = 0, high_minimum_share = 0;  // lowest / highest low_fraction
  std::vector<double> goe_eigenvalues;
  double ks = 0, goe_negative_share = 0;
};

// Wigner's semicircle law for variance-1/N entries: distribution function on [-2, 2],
// F(x) = 1/2 + x sqrt(4 - x^2) / (4 pi) + asin(x / 2) / pi.
double semicircle_cdf(double x);
// sup_x |F_n(x) - F(x)| of the sample's empirical distribution against the semicircle.
double ks_to_semicircle(std::vector<double> sample);
// Spearman's rank correlation (ties get their mean rank); 0 when either side is constant.
double spearman(const std::vector<double>& a, const std::vector<double>& b);

// Newton on ||g||^2 (Levenberg-Marquardt with residual g and Jacobian H) from x: iterates until
// ||g|| <= gtol or max_iter steps or the damping exceeds 1e12 (a stationary point of ||g||^2 that
// is no zero of g). Returns whether it converged; x is the last point.
struct GradientSystem {
  std::function<double(const Vec<double>&, Vec<double>*)> value_and_gradient;
  std::function<void(const Vec<double>&, Mat<double>*)> hessian;
};
bool find_critical_point(const GradientSystem& f, Vec<double>& x, double gtol, int max_iter,
                         int* iterations = nullptr);

SaddlesStudy run_saddles_study(const SaddlesOptions& options);

// index_grows_with_loss: agrees when Spearman's rho of (loss, index) >= min_rank_correlation;
// low_loss_minima: agrees when at least low_minima of the lowest-loss low_fraction of the points
//   are minima (no negative eigenvalue) and that share is above the highest-loss fraction's;
// wigner_semicircle: agrees when the KS distance of the GOE spectrum to the semicircle is at most
//   max_ks.
std::vector<Behaviour> saddles_claims(const SaddlesStudy& s);

}  // namespace optim::studies
