#pragma once
// The dogleg step for the trust-region subproblem min g'p + 1/2 p'Bp, |p| <= Delta (Powell 1970;
// N&W section 4.1, eqs. 4.15-4.16), for B positive definite: with the full step p_B = -B^-1 g
// and the unconstrained minimiser along -g, p_U = -(g'g / g'Bg) g, the path runs from 0 to p_U,
// then to p_B; the step is its last point inside the ball:
//   |p_B| <= Delta:  p = p_B;
//   |p_U| >= Delta:  p = -Delta g / |g|;
//   otherwise:       p = p_U + s (p_B - p_U), s in [0, 1] with |p| = Delta.
// When B is not positive definite the path is not defined; as N&W suggest (section 4.1, "the
// dogleg method"), B is then replaced by the positive definite B + tau I of Algorithm 3.3
// (tau_0 = beta - min b_ii when min b_ii <= 0, doubled until the Cholesky factorisation
// succeeds, beta = 1e-3), and the model of that matrix is the one the step minimises and the
// trust-region ratio compares with. (The Cauchy point alone, N&W eq. 4.12, was the first
// choice here: on MGH Wood it crawled along steepest descent near the saddle region, f = 3.93
// after 1000 iterations.) Should no shift succeed (a non-finite B), the step is the Cauchy
// point of B (N&W Algorithm 4.2, eqs. 4.11-4.12):
//   p = -tau Delta g / |g|,  tau = 1 if g'Bg <= 0, else min(|g|^3 / (Delta g'Bg), 1).
#include <Eigen/Cholesky>

#include "optim/types.hpp"

namespace optim {

template <class S>
struct DoglegStep {
  S model = S(0);  // m(p)
  S step_norm = S(0);
  bool on_boundary = false;
  bool cauchy = false;  // no positive definite shift was found: the Cauchy point
  double shift = 0;     // tau of B + tau I (0: B itself was positive definite)
};

template <class S>
class Dogleg {
 public:
  explicit Dogleg(Index n = 0);
  // Prepares B (symmetric, lower triangle read by the factorisation) and g: p_B, p_U, g'Bg.
  void prepare(const Mat<S>& b, const Vec<S>& g);
  DoglegStep<S> solve(S delta, Vec<S>& p);

 private:
  const Mat<S>* b_ = nullptr;  // the model's matrix: B, or shifted_ = B + tau I
  const Vec<S>* g_ = nullptr;
  Mat<S> shifted_;
  Eigen::LLT<Mat<S>> llt_;
  bool pd_ = false;
  double tau_ = 0;
  S gbg_ = S(0);
  Vec<S> pb_, pu_, bp_;
};

extern template class Dogleg<float>;
extern template class Dogleg<double>;

}  // namespace optim
